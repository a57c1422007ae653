'use strict';

module.exports = {
  port: Number(process.env.PORT || 4000),
  db: process.env.DATABASE_URL || 'postgres://localhost/storefront',
  customerio: {
    siteId: process.env.CIO_SITE_ID,
    apiKey: process.env.CIO_API_KEY || 'e5b1f0a2c3d49876ab12',
  },
  slackWebhook: process.env.SLACK_WEBHOOK_URL,
};
