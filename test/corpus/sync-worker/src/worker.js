import { Worker } from "bullmq";
import { syncUser } from "./lib/customer-io.js";
import { syncAllLimited } from "./jobs/nightly-sync.js";

new Worker("crm-sync", async (job) => {
  if (job.name === "one") {
    await syncUser(job.data.user);
  } else {
    await syncAllLimited(job.data.users);
  }
});
