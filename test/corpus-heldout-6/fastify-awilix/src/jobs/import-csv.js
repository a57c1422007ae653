// One-off import of legacy customers from a CSV export into Customer.io.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import got from 'got';

const auth = Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_TRACK_API_KEY}`).toString('base64');

const rows = parse(await readFile(process.argv[2]), { columns: true });

for (const row of rows) {
  await got.put(`https://track-eu.customer.io/api/v1/customers/${encodeURIComponent(row.id)}`, {
    headers: { Authorization: `Basic ${auth}` },
    json: { email: row.email, created_at: new Date(row.signup_date).getTime() },
  });
}

console.log(`imported ${rows.length} customers`);
