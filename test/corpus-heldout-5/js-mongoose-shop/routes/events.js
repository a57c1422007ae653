'use strict';
const express = require('express');
const { TrackClient, RegionEU } = require('customerio-node');
const config = require('../config');

const router = express.Router();

// Browser beacons are forwarded here so ad blockers do not drop them.
router.post('/', function (req, res) {
  const cio = new TrackClient(config.cio.siteId, config.cio.trackApiKey, { region: RegionEU });
  cio.track(req.body.userId, { name: 'client_event', data: { type: req.body.type, path: req.body.path } }).catch(function () {});
  res.sendStatus(202);
});

module.exports = router;
