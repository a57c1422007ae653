'use strict';
// Nightly: push every active account's attributes again.
require('dotenv').config();
const Bottleneck = require('bottleneck');
const db = require('../lib/db');
const cio = require('../services/customerio');
const logger = require('../lib/logger');

const limiter = new Bottleneck({ maxConcurrent: 5, minTime: 20 });

async function resyncAll() {
  const { rows } = await db.query('select id, email, plan, extract(epoch from created_at)::int as created from users');
  for (const user of rows) {
    await cio.identifyUser(user.id, { email: user.email, plan: user.plan, created_at: user.created });
  }
}

async function resyncChurned() {
  const { rows } = await db.query('select id from users where churned_at is not null');
  for (const user of rows) {
    await limiter.schedule(() => cio.trackEvent(user.id, 'churn_confirmed'));
  }
}

resyncAll()
  .then(resyncChurned)
  .then(() => process.exit(0))
  .catch((err) => {
    logger.error({ err }, 'resync failed');
    process.exit(1);
  });
