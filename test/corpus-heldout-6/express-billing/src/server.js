'use strict';
require('dotenv').config();
const express = require('express');
const helmet = require('helmet');
const logger = require('./lib/logger');

const app = express();
app.use(helmet());
app.use(express.json());
app.use('/auth', require('./routes/auth'));
app.use('/billing', require('./routes/billing'));

app.use((err, req, res, next) => {
  logger.error({ err }, 'request failed');
  res.status(500).json({ error: 'internal' });
});

app.listen(process.env.PORT || 3000, () => logger.info('billing api up'));
