'use strict';
const https = require('https');
const config = require('../config');

module.exports.post = function post(text) {
  return new Promise((resolve, reject) => {
    if (!config.slackWebhook) return resolve();
    const req = https.request(config.slackWebhook, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ text }));
  });
};
