import PQueue from 'p-queue';
import { container } from '../container.js';

// 50 requests per second at most, well under the Track API's limit.
const queue = new PQueue({ concurrency: 10, interval: 1000, intervalCap: 50 });

export async function sendRenewalReminders(accounts) {
  const messaging = container.resolve('messaging');
  for (const account of accounts) {
    queue.add(() => messaging.event(account.id, 'renewal_reminder_due', { renews_at: account.renewsAtUnix }));
  }
  await queue.onIdle();
}

export async function notifyOwners(accounts) {
  const messaging = container.resolve('messaging');
  for (const account of accounts) {
    queue.add(() => messaging.event(account.id, `owner_notified_${account.ownerEmail}`));
  }
  await queue.onIdle();
}
