const { track } = require("../lib/customerio");
const Bottleneck = require("bottleneck");

const limiter = new Bottleneck({ minTime: 50 });

async function reactivate(users) {
  for (const user of users) {
    await limiter.schedule(() => track(user.id, "reactivation_offer", {}));
  }
}

async function reactivateAll(users) {
  await Promise.all(users.map((user) => track(user.id, "reactivation_offer", {})));
}

module.exports = { reactivate, reactivateAll };
