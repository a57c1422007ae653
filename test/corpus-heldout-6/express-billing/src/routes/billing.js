'use strict';
const express = require('express');
const { TrackClient, RegionUS } = require('customerio-node');
const wrap = require('../lib/wrap');
const db = require('../lib/db');
const cio = require('../services/customerio');

const router = express.Router();

router.post('/subscriptions/:id/status', wrap(async (req, res) => {
  const status = req.body.status;
  await db.query('update subscriptions set status = $1 where id = $2', [status, req.params.id]);
  await cio.trackEvent(req.user.id, `subscription_${status}`, { subscription: req.params.id });
  res.json({ status });
}));

router.post('/invoices/:id/pay', wrap(async (req, res) => {
  const { rows } = await db.query('update invoices set paid_at = now() where id = $1 returning *', [req.params.id]);
  res.json(rows[0]);
  cio.sendReceipt(req.user, rows[0]);
  cio.trackEvent(req.user.id, 'invoice_paid', { paid_at: Math.round(Date.now() / 1000) }).catch(() => {});
}));

router.post('/trial/extend', wrap(async (req, res) => {
  const client = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY, { region: RegionUS });
  await client.track(String(req.user.id), { name: 'trial_extended', data: { days: 7 } });
  res.json({ extended: true });
}));

router.post('/guest-checkout', wrap(async (req, res) => {
  const guestId = `guest-${req.body.cartId}`;
  cio.client.track(guestId, { name: 'checkout_started' }).catch(() => {});
  cio.client.identify(guestId, { email: req.body.email }).catch(() => {});
  res.status(201).json({ guestId });
}));

module.exports = router;
