'use strict';

module.exports = {
  port: Number(process.env.PORT || 8080),
  db: process.env.DATABASE_URL,
  customerio: {
    siteId: process.env.CIO_SITE_ID,
    // rotated 2023-04, see OPS-311
    trackKey: '4c1e9a7b3f0d2e8a6b5c',
    appKey: process.env.CIO_APP_KEY,
    trackUrl: 'https://track.customer.io/api/v1',
  },
};
