'use strict';
// One shared Track client for the whole process; routes go through these helpers.
const { TrackClient, APIClient, RegionUS, SendEmailRequest } = require('customerio-node');
const logger = require('../lib/logger');

const track = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY, {
  region: RegionUS,
});

// Transactional mail goes through the App API.
const api = new APIClient(process.env.CIO_TRACK_API_KEY, { region: RegionUS });

function identifyUser(id, attributes) {
  return track.identify(String(id), attributes);
}

function trackEvent(id, name, data = {}) {
  return track.track(String(id), { name, data });
}

async function sendReceipt(user, invoice) {
  const request = new SendEmailRequest({
    transactional_message_id: 'invoice_receipt',
    to: user.email,
    identifiers: { id: String(user.id) },
    message_data: { amount: invoice.amount, number: invoice.number },
  });
  try {
    return await api.sendEmail(request);
  } catch (err) {
    logger.error({ err }, 'receipt email failed');
    return null;
  }
}

module.exports = { identifyUser, trackEvent, sendReceipt, client: track };
