'use strict';
const express = require('express');
const User = require('../models/User');
const cio = require('../lib/customerio');

const router = express.Router();

router.post('/', function (req, res, next) {
  User.create(req.body)
    .then(function (user) {
      res.status(201).json(user);
    })
    .catch(next);
});

router.post('/guest', function (req, res) {
  const guestId = 'guest-' + req.body.cartId;
  cio.client.track(guestId, { name: 'guest_checkout_started', data: { cart_id: req.body.cartId } }).catch(console.error);
  cio.client.identify(guestId, { email: req.body.email, guest: true }).catch(console.error);
  res.sendStatus(202);
});

router.post('/:id/verify', async function (req, res, next) {
  try {
    const user = await User.findByIdAndUpdate(req.params.id, { verified: true }, { new: true });
    await cio.identify(String(user._id), { email_verified: true, verified_at: cio.seconds(new Date()) });
    res.json({ ok: true });
  } catch (err) {
    next(err);
  }
});

router.post('/:id/unsubscribe', function (req, res) {
  res.sendStatus(204);
  cio.track(req.params.id, 'unsubscribed_' + req.body.email, {}).catch(console.error);
});

router.post('/newsletter', function (req, res) {
  cio.track(req.body.userId, 'Newsletter Subscribed', { list: req.body.list, email: req.body.email }).catch(console.error);
  res.sendStatus(202);
});

module.exports = router;
