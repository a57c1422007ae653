'use strict';

const express = require('express');
const db = require('../lib/db');
const customerio = require('../services/CustomerioService');

const router = express.Router();

// Backfills tutor attributes after a pricing change. Ops run it from the
// dashboard, so it is a plain request.
router.post('/tutors/resync', async (req, res) => {
  const tutors = await db('users').where({ role: 'tutor' });
  for (const tutor of tutors) {
    await customerio.identify(tutor.id, { hourly_rate: tutor.hourly_rate, subjects: tutor.subjects, rate_changed_at: Date.now() });
  }
  res.json({ synced: tutors.length });
});

router.post('/users/:id/tag', async (req, res) => {
  const { tag } = req.body;
  await db('user_tags').insert({ user_id: req.params.id, tag });
  res.status(201).json({ ok: true });
  customerio.track(req.params.id, `tagged_${tag}`, { by: req.get('x-admin') }).catch(() => {});
});

module.exports = router;
