const { TrackClient, APIClient } = require("customerio-node");
const config = require("../../config");

const cio = new TrackClient(config.customerio.siteId, config.customerio.apiKey);
const cioApi = new APIClient(config.customerio.apiKey);

module.exports = { cio, cioApi };
