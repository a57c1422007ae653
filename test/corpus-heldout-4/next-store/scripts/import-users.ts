import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { RegionUS, TrackClient } from 'customerio-node';

// One-off import of the legacy shop's customers (run locally, see README).
const TRACK_KEY = 'b81c5e0d3f9a27c4e6d1';
const cio = new TrackClient(process.env.CIO_SITE_ID ?? '', TRACK_KEY, { region: RegionUS });

type LegacyCustomer = { id: string; email: string; joined: string };

async function main() {
  const rows = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LegacyCustomer[];
  const limit = pLimit(10);
  await Promise.all(
    rows.map((row) =>
      limit(() => cio.identify(row.id, { email: row.email, created_at: Math.floor(Date.parse(row.joined) / 1000) })),
    ),
  );
  console.log(`imported ${rows.length} customers`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
