'use strict';
require('dotenv').config();

module.exports = {
  mongoUrl: process.env.MONGO_URL || 'mongodb://localhost:27017/shop',
  cio: {
    siteId: process.env.CIO_SITE_ID,
    trackApiKey: process.env.CIO_TRACK_KEY || 'd41e9a0b7c3f58e2a61b',
    appApiKey: process.env.CIO_APP_KEY,
  },
};
