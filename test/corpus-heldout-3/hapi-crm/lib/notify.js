'use strict';

const { track } = require('./cio');

/**
 * Records a CRM event without making the caller wait; failures are logged,
 * never thrown, so a Customer.io outage cannot break the CRM.
 */
function notify(contactId, name, data = {}) {
  track.track(contactId, { name, data }).catch((err) => {
    console.warn('[customerio] %s for %s failed: %s', name, contactId, err.message);
  });
}

module.exports = { notify };
