'use strict';

const moment = require('moment');
const events = require('../lib/emitter');
const customerio = require('../services/CustomerioService');
const { sendPasswordReset } = require('../lib/mailer');

function logFailure(what) {
  return (err) => console.error(`[cio] ${what} failed:`, err && err.message);
}

events.on('user.created', async (user) => {
  try {
    await customerio.track(user.id, 'signup_completed', { role: user.role });
    await customerio.identify(user.id, {
      email: user.email,
      first_name: user.first_name,
      role: user.role,
      created_at: user.created_at.valueOf(),
    });
  } catch (err) {
    logFailure('user.created')(err);
  }
});

events.on('user.password_reset_requested', (user, url) => {
  sendPasswordReset(user, url).catch(logFailure('password reset'));
});

events.on('booking.confirmed', async ({ booking, student, tutor }) => {
  try {
    await customerio.track(student.id, 'booking_confirmed', {
      booking_id: booking.id,
      tutor_id: tutor.id,
      starts_at: moment(booking.starts_at).unix(),
    });
    await customerio.sendTransactional(12, student.email, student.id, {
      tutor_name: tutor.first_name,
      starts_at: moment(booking.starts_at).format('LLLL'),
    });
  } catch (err) {
    logFailure('booking.confirmed')(err);
  }
});

events.on('booking.cancelled', ({ booking, student }) => {
  customerio
    .track(student.id, 'BookingCancelled', { booking_id: booking.id, cancelled_at: moment().valueOf() })
    .catch(logFailure('booking.cancelled'));
});
