'use strict';

const express = require('express');
const { TrackClient, RegionUS } = require('customerio-node');
const moment = require('moment');
const db = require('../lib/db');
const events = require('../lib/emitter');
const config = require('../config');

const router = express.Router();

router.post('/', async (req, res) => {
  const [booking] = await db('bookings').insert(req.body).returning('*');
  const student = await db('users').where({ id: booking.student_id }).first();
  const tutor = await db('users').where({ id: booking.tutor_id }).first();
  events.emit('booking.confirmed', { booking, student, tutor });
  res.status(201).json(booking);
});

router.post('/:id/cancel', async (req, res) => {
  const booking = await db('bookings').where({ id: req.params.id }).first();
  await db('bookings').where({ id: booking.id }).update({ status: 'cancelled' });
  const student = await db('users').where({ id: booking.student_id }).first();
  events.emit('booking.cancelled', { booking, student });
  res.json({ ok: true });
});

// Tutors cancel from the mobile app; the tutor is the actor here.
router.post('/:id/tutor-cancel', async (req, res) => {
  const booking = await db('bookings').where({ id: req.params.id }).first();
  await db('bookings').where({ id: booking.id }).update({ status: 'cancelled', cancelled_by: 'tutor' });

  const cio = new TrackClient(config.customerio.siteId, config.customerio.apiKey, { region: RegionUS });
  await cio.track(booking.student_id, {
    name: 'booking_cancelled',
    data: { booking_id: booking.id, by: 'tutor', cancelled_at: moment().unix() },
  });
  res.json({ ok: true });
});

router.post('/:id/review', async (req, res) => {
  const { rating } = req.body;
  const booking = await db('bookings').where({ id: req.params.id }).first();
  await db('reviews').insert({ booking_id: booking.id, rating });
  const cio = require('../services/CustomerioService');
  res.status(201).json({ ok: true });
  cio.track(booking.student_id, 'review_left', { rating, booking_id: booking.id }).catch(() => {});
});

module.exports = router;
