'use strict';

const { TrackClient, APIClient, RegionUS, RegionEU, SendEmailRequest } = require('customerio-node');
const config = require('../config');

class CustomerioService {
  constructor(opts) {
    const region = opts.region === 'eu' ? RegionEU : RegionUS;
    this.track_ = new TrackClient(opts.siteId, opts.apiKey, { region });
    this.api = new APIClient(opts.appKey, { region });
  }

  identify(id, attributes) {
    return this.track_.identify(id, attributes);
  }

  track(id, name, data) {
    return this.track_.track(id, { name: name, data: data || {} });
  }

  sendTransactional(messageId, to, id, data) {
    const request = new SendEmailRequest({
      transactional_message_id: messageId,
      to: to,
      identifiers: { id: id },
      message_data: data,
    });
    return this.api.sendEmail(request);
  }
}

module.exports = new CustomerioService(config.customerio);
module.exports.CustomerioService = CustomerioService;
