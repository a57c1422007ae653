import pLimit from "p-limit";
import { listAll } from "../services/users";
import { trackEvent } from "../lib/customerio";
import { log } from "../lib/logger";

const limit = pLimit(5);

export async function runWeeklyDigest() {
  const users = await listAll();
  const results = await Promise.allSettled(
    users.map((u) => limit(() => trackEvent(u.id, "weekly_digest_ready", { plan: u.plan }))),
  );
  const failed = results.filter((r) => r.status === "rejected").length;
  log.info({ total: users.length, failed }, "weekly digest queued");
}
