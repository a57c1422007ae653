'use strict';
const db = require('../lib/db');
const cio = require('../lib/customerio');
const logger = require('../lib/logger');

module.exports = async function welcomeDrip() {
  const fresh = await db('users').where('created_at', '>', db.raw("now() - interval '1 hour'"));
  fresh.forEach((u) => {
    cio.track(u, 'welcome_drip_started', { cohort: u.cohort }).catch((err) => logger.error(err));
  });
  for (const step of ['day_1', 'day_3', 'day_7']) {
    logger.info(`scheduling ${step}`);
  }
};
