'use strict';
const pLimit = require('p-limit');
const db = require('../lib/db');
const cio = require('../lib/customerio');

const limit = pLimit(8);

async function run() {
  const users = await db('users').select('*');
  await Promise.all(users.map((u) => limit(() => cio.identify(u))));
  await db.destroy();
}

run();
