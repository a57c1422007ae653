const Bottleneck = require('bottleneck');
const db = require('../db');
const config = require('../config');
const customerio = require('../lib/customerio');
const { triggerBroadcast } = require('../lib/broadcasts');
const logger = require('../lib/logger');

exports.resendWelcome = async (req, res) => {
  const users = await db.users.findUnwelcomed();
  for (const user of users) {
    await customerio.sendTransactional(config.welcomeMessageId, user, { first_name: user.first_name });
  }
  res.json({ sent: users.length });
};

// Customer.io allows roughly 100 requests a second; stay well under it.
const limiter = new Bottleneck({ maxConcurrent: 5, minTime: 20 });

exports.tagSegment = async (req, res) => {
  const users = await db.users.bySegment(req.params.segment);
  users.forEach((u) => {
    limiter
      .schedule(() => customerio.setAttributes(u.id, { segment: req.params.segment }))
      .catch((err) => logger.warn({ err, user: u.id }, 'segment tag failed'));
  });
  res.status(202).json({ queued: users.length });
};

exports.startBroadcast = (req, res) => {
  triggerBroadcast(req.params.id, req.body.data || {})
    .then(() => logger.info({ broadcast: req.params.id }, 'broadcast triggered'))
    .catch((err) => logger.error({ err }, 'broadcast trigger failed'));
  res.sendStatus(202);
};
