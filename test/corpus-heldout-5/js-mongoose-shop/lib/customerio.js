'use strict';
const { TrackClient, RegionEU } = require('customerio-node');
const config = require('../config');

const client = new TrackClient(config.cio.siteId, config.cio.trackApiKey, { region: RegionEU });

function identify(id, attrs) {
  return client.identify(id, attrs);
}

function track(id, name, data) {
  return client.track(id, { name: name, data: data || {} });
}

// Old callback style, still used by the model hooks.
function trackCb(id, name, data, cb) {
  client.track(id, { name: name, data: data || {} }).then(function () { cb(null); }, cb);
}

function seconds(date) {
  return Math.floor(new Date(date).getTime() / 1000);
}

module.exports = { client, identify, track, trackCb, seconds };
