'use strict';

const { TrackClient, APIClient, RegionUS } = require('customerio-node');
const config = require('../config');

const { siteId, trackKey, appKey } = config.customerio;

const track = new TrackClient(siteId, trackKey, { region: RegionUS });
const api = new APIClient(appKey, { region: RegionUS });

// The sales ops team asked for a second mailer for the partner portal.
const partnerApi = new APIClient(process.env.CIO_TRACK_KEY, { region: RegionUS });

module.exports = { track, api, partnerApi };
