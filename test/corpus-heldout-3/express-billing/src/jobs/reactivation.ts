import { PrismaClient } from "@prisma/client";
import Bottleneck from "bottleneck";
import dayjs from "dayjs";
import { cio, identifyAccount, logger, trackEvent } from "@/lib";

// Customer.io's Track API allows roughly 100 requests a second per workspace.
const limiter = new Bottleneck({ maxConcurrent: 5, minTime: 15 });

export async function markDormant(db: PrismaClient): Promise<void> {
  const cutoff = dayjs().subtract(60, "day").toDate();
  const dormant = await db.account.findMany({ where: { lastSeenAt: { lt: cutoff } } });
  for (const account of dormant) {
    await identifyAccount(account.id, {
      dormant: true,
      last_seen_at: Math.round(account.lastSeenAt.valueOf() / 1000),
    });
  }
  logger.info({ count: dormant.length }, "dormant accounts flagged");
}

export async function sendWinback(db: PrismaClient): Promise<void> {
  const targets = await db.account.findMany({ where: { dormant: true, plan: "free" } });
  await Promise.all(
    targets.map((account) =>
      limiter.schedule(() => trackEvent(account.id, "winback_offer_sent", { discount_pct: 20 })),
    ),
  );
}

export async function resyncTrials(db: PrismaClient): Promise<void> {
  const trials = await db.account.findMany({ where: { trialEndsAt: { not: null } } });
  await Promise.all(
    trials.map((account) =>
      cio.identify(account.id, {
        trial_ends_at: dayjs(account.trialEndsAt).valueOf(),
        trial_started_at: dayjs(account.createdAt).unix(),
      }),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const db = new PrismaClient();
  markDormant(db)
    .then(() => sendWinback(db))
    .then(() => resyncTrials(db))
    .finally(() => db.$disconnect());
}
