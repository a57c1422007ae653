'use strict';
const { TrackClient, RegionUS } = require('customerio-node');
const config = require('../config');

const cio = new TrackClient(config.customerio.siteId, config.customerio.apiKey, { region: RegionUS });

function identify(user) {
  return cio.identify(user.email, {
    email: user.email,
    first_name: user.first_name,
    created_at: Math.round(new Date(user.created_at).getTime() / 1000),
  });
}

function track(user, name, data) {
  return cio.track(user.email, {
    name,
    data: data || {},
    timestamp: Date.now(),
  });
}

function trackAnonymous(anonymousId, name, data) {
  return cio.trackAnonymous(anonymousId, { name, data });
}

module.exports = { identify, track, trackAnonymous };
