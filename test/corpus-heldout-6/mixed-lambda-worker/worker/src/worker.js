// Long-running consumer: the analytics client batches in the background and is drained on shutdown.
import PgBoss from 'pg-boss';
import { analytics } from './analytics.js';

const boss = new PgBoss(process.env.DATABASE_URL);
await boss.start();

await boss.work('job-finished', async ([job]) => {
  const { userId, kind, rows } = job.data;
  analytics.track({ userId, event: `${kind}_completed`, properties: { rows } });
});

await boss.work('export-finished', async ([job]) => {
  analytics.track({ userId: job.data.userId, event: 'Export Finished', properties: { format: job.data.format } });
});

await boss.work('security-login', async ([job]) => {
  const { user, ip } = job.data;
  analytics.track({ userId: user.id, event: 'login_from_' + user.email, properties: { ip } });
});

await boss.work('customer-imported', async ([job]) => {
  const { id, email, importedAt } = job.data;
  analytics.track({ userId: id, event: 'customer_imported', timestamp: new Date(importedAt) });
  analytics.identify({ userId: id, traits: { email } });
});

await boss.work('customer-upgraded', async ([job]) => {
  const { id, plan } = job.data;
  analytics.identify({ userId: id, traits: { plan } });
  analytics.track({ userId: id, event: 'plan_upgraded', properties: { plan } });
});

async function shutdown() {
  await boss.stop({ graceful: true });
  await analytics.closeAndFlush();
  process.exit(0);
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
