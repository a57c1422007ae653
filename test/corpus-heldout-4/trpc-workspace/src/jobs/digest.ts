// Runs as a Kubernetes CronJob: `node dist/jobs/digest.js`, once a day, then the pod exits.
import { Analytics } from '@customerio/cdp-analytics-node';
import { gte } from 'drizzle-orm';
import { db, schema } from '~/lib/db';
import { env } from '~/env';

const analytics = new Analytics({ writeKey: env.CIO_CDP_WRITE_KEY, host: 'https://cdp.customer.io' });

async function main() {
  const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const activity = await db.select().from(schema.activity).where(gte(schema.activity.createdAt, since));
  const perUser = new Map<string, number>();
  for (const row of activity) perUser.set(row.userId, (perUser.get(row.userId) ?? 0) + 1);

  analytics.track({
    anonymousId: 'digest-job',
    event: 'digest_sent',
    properties: { users: perUser.size, since: since.toISOString() },
  });
  console.log(`digest prepared for ${perUser.size} users`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
