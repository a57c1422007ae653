module.exports = {
  customerio: {
    siteId: process.env.CIO_SITE_ID,
    apiKey: process.env.CIO_TRACK_API_KEY,
    appKey: process.env.CIO_APP_API_KEY,
  },
  stripe: { apiKey: "rk_live_51Hx9dk3kLmq8Zp0a9B" },
};
