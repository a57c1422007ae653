'use strict';
const express = require('express');
const bodyParser = require('body-parser');
const mongoose = require('mongoose');
const config = require('./config');

const app = express();
app.use(bodyParser.json());
app.use('/users', require('./routes/users'));
app.use('/events', require('./routes/events'));

mongoose.connect(config.mongoUrl).then(function () {
  app.listen(process.env.PORT || 4000);
});
