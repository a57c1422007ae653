import { Analytics } from '@customerio/cdp-analytics-node';
import { readFileSync } from 'node:fs';

// One-off: push legacy orders into Customer.io. Run with `npm run backfill file.json`.
const orders: Array<{ userId: string; id: string; total: number; placedAt: string }> = JSON.parse(
  readFileSync(process.argv[2], 'utf8'),
);

const TRACK_AUTH = 'Basic ' + Buffer.from('3f9a1c2b7e8d4a6f0b11:9b2e7d4c1a0f6e3d5c8b').toString('base64');

async function pushLegacyOrders() {
  for (const o of orders) {
    await fetch(`https://track.customer.io/api/v1/customers/${o.userId}/events`, {
      method: 'POST',
      headers: { Authorization: TRACK_AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'order_placed', data: { order_id: o.id, total: o.total }, timestamp: new Date(o.placedAt).getTime() }),
    });
  }
}

async function pushToPipelines() {
  const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY!, host: 'https://cdp.customer.io', maxEventsInBatch: 50 });
  orders.forEach((o) => analytics.track({ userId: o.userId, event: 'order_placed', properties: { total: o.total } }));
  await analytics.closeAndFlush();
}

(process.argv[3] === 'pipelines' ? pushToPipelines() : pushLegacyOrders()).catch((err) => {
  console.error(err);
  process.exit(1);
});
