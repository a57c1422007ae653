import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import PQueue from "p-queue";
import { APIClient, RegionEU, TrackClient } from "customerio-node";

type Row = { id: string; email: string; signed_up: string; plan: string };

const cio = new TrackClient(process.env.CIO_SITE_ID ?? "", process.env.CIO_TRACK_API_KEY ?? "", { region: RegionEU });
const api = new APIClient(process.env.CIO_APP_API_KEY || "e7c41f0a9b2d8e6c3a5f1b7d9e2c4a68", { region: RegionEU });

// 80 requests a second keeps us under the Track API limit with headroom.
const queue = new PQueue({ intervalCap: 80, interval: 1000 });

async function main() {
  const rows: Row[] = parse(await readFile(process.argv[2] ?? "customers.csv"), { columns: true });

  for (const row of rows) {
    queue.add(() =>
      cio.identify(row.id, {
        email: row.email,
        plan: row.plan,
        created_at: Math.floor(Date.parse(row.signed_up) / 1000),
      }),
    );
  }
  await queue.onIdle();

  const vip = rows.filter((r) => r.plan === "vip");
  for (const row of vip) {
    await cio.track(row.id, { name: "vip_imported", data: { imported_at: new Date().getTime() } });
  }

  // one broadcast for the whole cohort instead of a message per row
  await api.triggerBroadcast(41, { source: "csv_import" }, { ids: vip.map((r) => r.id) });
  console.log(`imported ${rows.length} customers, ${vip.length} vip`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
