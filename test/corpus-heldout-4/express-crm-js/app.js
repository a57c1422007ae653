const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const session = require('express-session');
const config = require('./config');
const routes = require('./routes');
const logger = require('./lib/logger');

const app = express();

app.use(helmet());
app.use(cors());
app.use(express.json({ limit: '1mb' }));
app.use(session({ secret: config.sessionSecret, resave: false, saveUninitialized: false }));

app.use('/api', routes);

app.use((err, req, res, next) => {
  logger.error({ err }, 'unhandled error');
  res.status(500).json({ error: 'internal error' });
});

require('./jobs/sync-users');

app.listen(config.port, () => {
  logger.info(`crm-backend listening on ${config.port}`);
});
