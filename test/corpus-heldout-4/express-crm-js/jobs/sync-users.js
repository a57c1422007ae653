const cron = require('node-cron');
const db = require('../db');
const customerio = require('../lib/customerio');
const logger = require('../lib/logger');

let lastRun = new Date(Date.now() - 24 * 60 * 60 * 1000);

// Nightly catch-up for profile changes made outside the app (support tools, SQL fixes).
cron.schedule('15 3 * * *', async () => {
  const since = lastRun;
  lastRun = new Date();
  const users = await db.users.changedSince(since);
  await Promise.all(users.map((u) => customerio.identify(u)));
  logger.info({ count: users.length }, 'synced users to customer.io');
});
