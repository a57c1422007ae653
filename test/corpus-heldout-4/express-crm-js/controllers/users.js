const db = require('../db');
const customerio = require('../lib/customerio');
const logger = require('../lib/logger');

exports.signup = async (req, res, next) => {
  try {
    const user = await db.users.create({
      email: req.body.email,
      first_name: req.body.firstName,
      plan: 'free',
    });
    await customerio.track(user.id, 'signed_up', { source: req.body.source || 'web' });
    customerio.identify(user).catch((err) => logger.warn({ err }, 'customerio identify failed'));
    req.session.user = { id: user.id, role: 'member' };
    res.status(201).json({ id: user.id });
  } catch (err) {
    next(err);
  }
};

exports.login = async (req, res, next) => {
  try {
    const user = await db.users.authenticate(req.body.email);
    if (!user) return res.status(401).json({ error: 'invalid credentials' });
    customerio
      .setAttributes(user.id, { last_login_at: Date.now() })
      .then(() => customerio.track(user.id, 'logged_in', { method: 'password' }))
      .catch((err) => logger.warn({ err }, 'customerio login tracking failed'));
    req.session.user = { id: user.id, role: user.role };
    return res.json({ id: user.id });
  } catch (err) {
    return next(err);
  }
};

exports.updateProfile = async (req, res) => {
  const user = await db.users.update(req.params.id, {
    first_name: req.body.firstName,
    plan: req.body.plan,
  });
  await customerio.identify(user);
  res.json(user);
};

exports.remove = async (req, res) => {
  await db.users.softDelete(req.params.id);
  res.sendStatus(204);
  // The response is already on its way; this only delays the handler's own promise.
  await customerio
    .track(req.params.id, 'account_deleted', { deleted_at: Math.floor(Date.now() / 1000) })
    .catch((err) => logger.warn({ err }, 'customerio delete tracking failed'));
};
