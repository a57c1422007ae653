const { cio, cioApi } = require("./client");

async function identify(user) {
  return cio.identify(user.id, { email: user.email, first_name: user.firstName, created_at: user.createdAt });
}

async function track(userId, event, data) {
  return cio.track(userId, { name: event, data: data || {} });
}

function trackQuietly(userId, event, data) {
  track(userId, event, data).catch(function () {});
}

async function lookup(email) {
  return cioApi.getCustomersByEmail(email);
}

module.exports = { identify, track, trackQuietly, lookup };
