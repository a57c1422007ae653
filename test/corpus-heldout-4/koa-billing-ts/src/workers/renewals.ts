import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import Bottleneck from 'bottleneck';
import { env } from '@/config/env';
import analytics from '@/services/analytics.service';
import { Events } from '@/integrations/cio';
import * as billing from '@/services/billing.service';

const connection = new IORedis(env.redisUrl, { maxRetriesPerRequest: null });

// Shared budget for the trial reminders: 50 calls a second at most.
const limiter = new Bottleneck({ reservoir: 50, reservoirRefreshAmount: 50, reservoirRefreshInterval: 1000 });

export const renewals = new Worker(
  'renewals',
  async (job) => {
    const due = await billing.dueForRenewal(job.data.date);
    for (const sub of due) {
      await analytics.track(sub.ownerId, Events.RenewalDue, {
        amount: sub.amount,
        due_at: Math.floor(sub.renewsAt.getTime() / 1000),
      });
    }
    return { notified: due.length };
  },
  { connection, concurrency: 1 },
);

export const trialReminders = new Worker(
  'trial-reminders',
  async (job) => {
    const trials = await billing.trialsEndingOn(job.data.date);
    await Promise.all(
      trials.map((t) => limiter.schedule(() => analytics.track(t.ownerId, Events.TrialEnding, { ends_on: job.data.date }))),
    );
  },
  { connection },
);
