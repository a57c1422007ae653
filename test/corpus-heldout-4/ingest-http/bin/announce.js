#!/usr/bin/env node
// Marks a set of beta users as having seen a release announcement.
import { readFile } from 'node:fs/promises';
import { Analytics } from '@customerio/cdp-analytics-node';

const [, , release, listFile] = process.argv;
const ids = (await readFile(listFile, 'utf8')).split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 200);

const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY, host: 'https://cdp-eu.customer.io', flushAt: 50 });

for (const userId of ids) {
  analytics.track({ userId, event: 'release_announced', properties: { release } });
}

// A CLI exits as soon as the loop ends; without this the last batch is lost.
await analytics.closeAndFlush({ timeout: 10000 });
console.log(`announced ${release} to ${ids.length} users`);
