'use strict';

const express = require('express');
require('express-async-errors');
const morgan = require('morgan');
const bodyParser = require('body-parser');
const config = require('./config');

// Listeners subscribe at require time.
require('./events/listeners');

const app = express();
app.use(morgan('tiny'));
app.use(bodyParser.json({ limit: '1mb' }));

app.use('/users', require('./routes/users'));
app.use('/bookings', require('./routes/bookings'));
app.use('/admin', require('./routes/admin'));

app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).json({ error: err.expose ? err.message : 'internal_error' });
});

app.listen(config.port, () => console.log(`tutorbase listening on ${config.port}`));

module.exports = app;
