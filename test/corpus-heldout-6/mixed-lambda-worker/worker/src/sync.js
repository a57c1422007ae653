// Nightly trait sync straight to the Pipelines HTTP API.
import pg from 'pg';

const CDP_KEY = process.env.CDP_WRITE_KEY || 'a41f8c2e9b7d3e06c5f1';
const auth = 'Basic ' + Buffer.from(`${CDP_KEY}:`).toString('base64');

const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
await db.connect();

const { rows } = await db.query('select id, email, plan, seats, updated_at from accounts where updated_at > now() - interval \'1 day\'');

for (const row of rows) {
  await fetch('https://cdp.customer.io/v1/identify', {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: row.id, traits: { email: row.email, plan: row.plan, seats: row.seats } }),
  });
}

// Batch endpoint for the smaller set of deleted accounts: one request, no loop.
const { rows: gone } = await db.query('select id from accounts where deleted_at > now() - interval \'1 day\'');
await fetch('https://cdp.customer.io/v1/batch', {
  method: 'POST',
  headers: { Authorization: auth, 'Content-Type': 'application/json' },
  body: JSON.stringify({ batch: gone.map((g) => ({ type: 'track', userId: g.id, event: 'account_deleted' })) }),
});

await db.end();
