#!/usr/bin/env node
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import trackApi from '../src/lib/track-api.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: ingest-backfill <customers.csv>');
  process.exit(2);
}

let count = 0;

for await (const row of createReadStream(file).pipe(parse({ columns: true }))) {
  await trackApi.identify(row.id, {
    email: row.email,
    created_at: new Date(row.signed_up).getTime(),
  });
  count += 1;
}

console.log(`backfilled ${count} customers`);
