import { Worker, type Job } from "bullmq";
import { parse } from "csv-parse/sync";
import dayjs from "dayjs";
import { RegionEU, RegionUS, TrackClient } from "customerio-node";
import { connection, db } from "../lib/db.js";

type ImportJob = { tenantId: string; csv: string };

// Each tenant brings its own Customer.io workspace.
async function runImport(job: Job<ImportJob>) {
  const tenant = await db.selectFrom("tenants").selectAll().where("id", "=", job.data.tenantId).executeTakeFirstOrThrow();
  const client = new TrackClient(tenant.cio_site_id, tenant.cio_track_key, {
    region: tenant.cio_region === "eu" ? RegionEU : RegionUS,
  });

  const rows = parse(job.data.csv, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  let done = 0;
  for (const row of rows) {
    await client.identify(row.external_id, {
      email: row.email,
      first_name: row.first_name,
      created_at: dayjs(row.signed_up_on).valueOf(),
    });
    done += 1;
    if (done % 500 === 0) await job.updateProgress(Math.round((done / rows.length) * 100));
  }
  return { imported: done };
}

export const importWorker = new Worker<ImportJob>("tenant-imports", runImport, { connection, concurrency: 2 });
