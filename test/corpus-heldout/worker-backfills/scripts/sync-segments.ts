/**
 * One-off: copy warehouse segment memberships into Customer.io as events.
 *   npm run script scripts/sync-segments.ts -- --since 2024-01-01
 */
import { Analytics } from "@customerio/cdp-analytics-node";
import { db } from "../src/lib/db.js";

const analytics = new Analytics({
  writeKey: process.env.CIO_CDP_WRITE_KEY ?? "",
  host: "https://cdp.customer.io",
  maxEventsInBatch: 200,
});

type Membership = { user_id: string; segment_slug: string; joined_at: Date };

async function main() {
  const since = process.argv[process.argv.indexOf("--since") + 1] ?? "1970-01-01";
  const rows = (await db
    .selectFrom("segment_memberships" as any)
    .selectAll()
    .where("joined_at", ">=", new Date(since))
    .execute()) as Membership[];

  analytics.track({ userId: "system", event: "segment_sync_started", properties: { rows: rows.length } });
  for (const row of rows) {
    analytics.track({
      userId: row.user_id,
      event: `segment_${row.segment_slug}_joined`,
      timestamp: row.joined_at,
    });
  }

  console.log(`queued ${rows.length} membership events`);
  await db.destroy();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
