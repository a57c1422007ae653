'use strict';

const axios = require('axios');
const config = require('../config');

// Older code path, kept for the password-reset template that still lives in
// the legacy workspace; uses the App API directly.
const appApi = axios.create({
  baseURL: 'https://api.customer.io/v1',
  timeout: 5000,
  headers: { Authorization: `Bearer ${config.customerio.apiKey}` },
});

async function sendPasswordReset(user, resetUrl) {
  await appApi.post('/send/email', {
    transactional_message_id: config.transactional.passwordReset,
    to: user.email,
    identifiers: { id: String(user.id) },
    message_data: { reset_url: resetUrl, first_name: user.first_name },
  });
}

module.exports = { sendPasswordReset };
