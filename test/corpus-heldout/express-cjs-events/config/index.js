'use strict';

// Local development falls back to the shared staging workspace so new
// engineers can run the app without asking for keys.
module.exports = {
  port: Number(process.env.PORT || 4000),
  databaseUrl: process.env.DATABASE_URL || 'postgres://localhost:5432/tutorbase',
  customerio: {
    siteId: process.env.CUSTOMERIO_SITE_ID,
    apiKey: process.env.CUSTOMERIO_API_KEY || '3f9c1e7ab24d68e05c1b',
    appKey: process.env.CUSTOMERIO_APP_KEY,
    region: process.env.CUSTOMERIO_REGION === 'eu' ? 'eu' : 'us',
  },
  transactional: {
    bookingConfirmed: 12,
    passwordReset: 4,
  },
};
