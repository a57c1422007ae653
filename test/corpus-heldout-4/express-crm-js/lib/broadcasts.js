const axios = require('axios');
const config = require('../config');

const appApi = axios.create({
  baseURL: config.customerio.region === 'eu' ? 'https://api-eu.customer.io/v1' : 'https://api.customer.io/v1',
  timeout: 10000,
});

// API-triggered broadcasts go through the App API.
function triggerBroadcast(broadcastId, data) {
  return appApi.post(`/campaigns/${broadcastId}/triggers`, { data }, {
    headers: { Authorization: `Bearer ${config.customerio.trackKey}` },
  });
}

function getCustomerAttributes(customerId) {
  return appApi
    .get(`/customers/${encodeURIComponent(customerId)}/attributes`, {
      headers: { Authorization: `Bearer ${config.customerio.appKey}` },
    })
    .then((res) => res.data.customer);
}

module.exports = { triggerBroadcast, getCustomerAttributes };
