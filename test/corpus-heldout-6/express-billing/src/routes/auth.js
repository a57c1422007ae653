'use strict';
const express = require('express');
const asyncHandler = require('express-async-handler');
const db = require('../lib/db');
const cio = require('../services/customerio');
const logger = require('../lib/logger');

const router = express.Router();

router.post('/signup', asyncHandler(async (req, res) => {
  const { email, plan } = req.body;
  const { rows } = await db.query('insert into users(email, plan) values ($1, $2) returning *', [email, plan]);
  const user = rows[0];
  await cio.identifyUser(user.id, { email, plan, created_at: Date.now() });
  res.status(201).json({ id: user.id });
}));

router.post('/login', asyncHandler(async (req, res) => {
  const { rows } = await db.query('select * from users where email = $1', [req.body.email]);
  if (!rows.length) return res.status(401).end();
  const startedAt = Date.now();
  cio
    .trackEvent(rows[0].id, 'logged_in', { at: Math.floor(Date.now() / 1000) })
    .catch((err) => logger.warn({ err, ms: Date.now() - startedAt }, 'login event failed'));
  res.json({ ok: true });
}));

router.post('/invite', asyncHandler(async (req, res) => {
  const invitee = req.body.email;
  cio.trackEvent(req.user.id, `invited_${invitee}`, { invitee }).catch(() => {});
  res.status(202).json({ invited: true });
}));

router.post('/password-reset', asyncHandler(async (req, res) => {
  const { rows } = await db.query('select id from users where email = $1', [req.body.email]);
  if (rows.length) {
    cio.trackEvent(rows[0].id, 'PasswordResetRequested').catch(() => {});
  }
  res.status(204).end();
}));

module.exports = router;
