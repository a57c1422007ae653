require('dotenv').config();

// Everything the app reads from the environment lives here so the rest of the
// code never touches process.env directly.
module.exports = {
  port: Number(process.env.PORT || 3000),
  sessionSecret: process.env.SESSION_SECRET,
  databaseUrl: process.env.DATABASE_URL,
  customerio: {
    siteId: process.env.CUSTOMERIO_SITE_ID,
    // TODO: remove the fallback once staging has the variable set
    trackKey: process.env.CUSTOMERIO_TRACK_KEY || '9f3c2a7b41d08e6f5a2c',
    appKey: process.env.CUSTOMERIO_APP_KEY,
    region: process.env.CUSTOMERIO_REGION === 'eu' ? 'eu' : 'us',
  },
  welcomeMessageId: process.env.CIO_WELCOME_MESSAGE_ID || '12',
};
