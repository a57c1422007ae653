const { TrackClient, APIClient, RegionUS, RegionEU, SendEmailRequest } = require('customerio-node');
const config = require('../config');

const region = config.customerio.region === 'eu' ? RegionEU : RegionUS;

// One client for the whole process; it keeps its connections alive.
const cio = new TrackClient(config.customerio.siteId, config.customerio.trackKey, { region });
const api = new APIClient(config.customerio.appKey, { region });

function toUnix(value) {
  return Math.floor(new Date(value).getTime() / 1000);
}

function identify(user) {
  return cio.identify(user.id, {
    email: user.email,
    first_name: user.first_name,
    created_at: toUnix(user.created_at),
    plan: user.plan,
  });
}

function setAttributes(userId, attributes) {
  return cio.identify(userId, attributes);
}

function track(userId, name, data) {
  return cio.track(userId, { name, data: data || {} });
}

function sendTransactional(messageId, user, data) {
  const request = new SendEmailRequest({
    transactional_message_id: messageId,
    to: user.email,
    identifiers: { id: user.id },
    message_data: data,
  });
  return api.sendEmail(request);
}

module.exports = { identify, setAttributes, track, sendTransactional, toUnix };
