'use strict';
const axios = require('axios');
const config = require('../config');

const appApi = axios.create({
  baseURL: 'https://api-eu.customer.io/v1',
  timeout: 5000,
  headers: { Authorization: 'Bearer ' + config.cio.trackApiKey },
});

exports.sendOrderShipped = function (order) {
  return appApi.post('/send/email', {
    transactional_message_id: 'order_shipped',
    to: order.email,
    identifiers: { id: String(order.userId) },
    message_data: { order_id: String(order._id) },
  });
};

exports.getCustomer = function (id) {
  return axios.get('https://api-eu.customer.io/v1/customers/' + id + '/attributes', {
    headers: { Authorization: 'Bearer ' + config.cio.appApiKey },
  });
};
