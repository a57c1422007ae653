'use strict';
const db = require('../lib/db');
const cio = require('../lib/customerio');

async function run() {
  const users = await db('users').where('updated_at', '>', db.raw("now() - interval '1 day'"));
  for (const u of users) await cio.identify(u);
  console.log(`synced ${users.length}`);
  await db.destroy();
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
