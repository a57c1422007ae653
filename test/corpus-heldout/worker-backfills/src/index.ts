import { scheduleNightlyJobs } from "./jobs/nightly.js";
import { importWorker } from "./workers/import.worker.js";
import { lifecycleWorker } from "./workers/events.worker.js";

scheduleNightlyJobs();

for (const worker of [importWorker, lifecycleWorker]) {
  worker.on("failed", (job, err) => console.error(`[${worker.name}] job ${job?.id} failed`, err));
}

process.on("SIGTERM", async () => {
  await Promise.all([importWorker.close(), lifecycleWorker.close()]);
  process.exit(0);
});
