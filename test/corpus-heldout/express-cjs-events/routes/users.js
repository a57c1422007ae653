'use strict';

const express = require('express');
const userService = require('../services/UserService');
const customerio = require('../services/CustomerioService');

const router = express.Router();

router.post('/', async (req, res) => {
  // Customer.io work happens in the user.created listener, off this request.
  const user = await userService.register(req.body);
  res.status(201).json({ id: user.id });
});

router.post('/password-reset', async (req, res) => {
  await userService.requestPasswordReset(req.body.email);
  res.status(202).json({ ok: true });
});

router.post('/:id/phone/verify', async (req, res) => {
  const user = await userService.verifyPhone(req.params.id, req.body.phone);
  await customerio.track(user.id, 'phone_verified_' + user.phone, { channel: 'sms' });
  res.json({ verified: true });
});

router.put('/:id/preferences', async (req, res) => {
  const prefs = req.body;
  res.json({ saved: true });
  customerio
    .identify(req.params.id, { unsubscribed: Boolean(prefs.unsubscribed), digest: prefs.digest || 'weekly' })
    .catch((err) => console.warn('[cio] preferences sync failed', err.message));
});

module.exports = router;
