import cron from "node-cron";
import pLimit from "p-limit";
import PQueue from "p-queue";
import { track } from "../cio.js";
import { db } from "../lib/db.js";
import { markRefunded, syncMember, type Member } from "../lib/people.js";
import { chunk, sleep } from "../lib/throttle.js";

function toMember(row: any): Member {
  return {
    id: row.id,
    email: row.email,
    plan: row.plan,
    createdAt: row.created_at,
    trialEndsAt: row.trial_ends_at,
    lastSeenAt: row.last_seen_at,
  };
}

async function expireTrials() {
  const expiring = await db
    .selectFrom("members")
    .selectAll()
    .where("plan", "=", "trial")
    .where("trial_ends_at", "<", new Date())
    .execute();

  await Promise.all(
    expiring.map((m) => track.track(m.id, { name: "trialExpired", data: { plan: m.plan } })),
  );
}

async function refreshActiveMembers() {
  const members = await db.selectFrom("members").selectAll().where("plan", "!=", "free").execute();
  const limit = pLimit(8);
  await Promise.all(members.map((row) => limit(() => syncMember(toMember(row)))));
}

async function refreshFreeMembers() {
  const rows = await db.selectFrom("members").selectAll().where("plan", "=", "free").execute();
  const queue = new PQueue({ concurrency: 5, interval: 1000, intervalCap: 60 });
  for (const row of rows) {
    queue.add(() => syncMember(toMember(row)));
  }
  await queue.onIdle();
}

async function syncRefunds() {
  const pending = await db.selectFrom("refunds").selectAll().where("synced", "=", false).execute();
  for (const refund of pending) {
    await markRefunded(refund.user_id, refund.order_id, refund.amount_cents);
  }
  await db.updateTable("refunds").set({ synced: true }).where("synced", "=", false).execute();
}

async function backfillLastSeen() {
  const rows = await db.selectFrom("members").selectAll().where("last_seen_at", "is not", null).execute();
  for (const batch of chunk(rows, 50)) {
    await Promise.all(batch.map((row) => syncMember(toMember(row))));
    await sleep(1000);
  }
}

export function scheduleNightlyJobs() {
  cron.schedule("0 2 * * *", () => void expireTrials().catch(console.error));
  cron.schedule("30 2 * * *", () => void refreshActiveMembers().catch(console.error));
  cron.schedule("0 3 * * *", () => void refreshFreeMembers().catch(console.error));
  cron.schedule("*/15 * * * *", () => void syncRefunds().catch(console.error));
  cron.schedule("0 4 * * 0", () => void backfillLastSeen().catch(console.error));
}
