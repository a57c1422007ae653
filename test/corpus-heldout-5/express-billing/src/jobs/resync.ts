import Bottleneck from 'bottleneck';
import { identifyUser, toUnix } from '@lib/index';
import { db } from '../services/db';

// Track API allows ~100 req/s per workspace; stay well under it.
const limiter = new Bottleneck({ maxConcurrent: 4, minTime: 20 });

export async function resyncAll() {
  const rows = await db.query('select id, email, plan, created_at from users');
  for (const row of rows) {
    await limiter.schedule(() => identifyUser(row.id, { email: row.email, plan: row.plan, created_at: toUnix(row.created_at) }));
  }
}

export async function resyncTrials() {
  const rows = await db.query("select id, trial_ends from users where plan = 'trial'");
  for (const row of rows) {
    await identifyUser(row.id, { trial_ends_at: row.trial_ends.getTime() });
  }
}
