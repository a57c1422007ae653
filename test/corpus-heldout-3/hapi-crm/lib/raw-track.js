'use strict';

const got = require('got');
const config = require('../config');

const { siteId, trackKey, trackUrl } = config.customerio;

const trackApi = got.extend({
  prefixUrl: trackUrl,
  username: siteId,
  password: trackKey,
  timeout: { request: 5000 },
  retry: { limit: 2, statusCodes: [429, 500, 502, 503] },
});

function sendEvent(customerId, name, data, timestamp) {
  return trackApi
    .post(`customers/${encodeURIComponent(customerId)}/events`, { json: { name, data, timestamp } })
    .json();
}

function upsertCustomer(customerId, attributes) {
  return trackApi.put(`customers/${encodeURIComponent(customerId)}`, { json: attributes }).json();
}

module.exports = { sendEvent, upsertCustomer };
