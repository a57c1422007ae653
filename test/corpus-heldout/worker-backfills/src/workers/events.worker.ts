import { Worker } from "bullmq";
import { track } from "../cio.js";
import { cioLimiter } from "../lib/throttle.js";
import { connection } from "../lib/db.js";

type LifecycleKind = "trial_started" | "trial_expired" | "seat_added" | "seat_removed";
type LifecycleJob = { userId: string; kind: LifecycleKind; data?: Record<string, unknown> };

// The product emits kinds; we own the event names Customer.io sees.
const EVENT_NAMES: Readonly<Record<LifecycleKind, string>> = {
  trial_started: "trial_started",
  trial_expired: "trial_expired",
  seat_added: "seat_added",
  seat_removed: "seat_removed",
};

export const lifecycleWorker = new Worker<LifecycleJob>(
  "lifecycle-events",
  async (job) => {
    const name = EVENT_NAMES[job.data.kind];
    await cioLimiter.schedule(() =>
      track.track(job.data.userId, {
        name,
        data: { ...job.data.data, queued_at: Math.floor(job.timestamp / 1000) },
      }),
    );
  },
  { connection, concurrency: 20 },
);
