'use strict';

const knex = require('knex');
const moment = require('moment');
const config = require('../config');
const { track } = require('../lib/cio');
const { upsertCustomer } = require('../lib/raw-track');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function flagStaleContacts(db) {
  const stale = await db('contacts').where('last_activity_at', '<', moment().subtract(90, 'days').toDate());
  stale.forEach((contact) => {
    track.identify(contact.id, { stale: true, last_activity_at: moment(contact.last_activity_at).unix() });
  });
}

async function syncOwners(db) {
  const rows = await db('contacts').select('id', 'owner_id');
  // 50 at a time, one batch a second: stays well under the Track API limit
  for (let i = 0; i < rows.length; i += 50) {
    const batch = rows.slice(i, i + 50);
    await Promise.all(batch.map((row) => upsertCustomer(row.id, { owner_id: row.owner_id })));
    await sleep(1000);
  }
}

async function main() {
  const db = knex({ client: 'pg', connection: config.db });
  try {
    await flagStaleContacts(db);
    await syncOwners(db);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
