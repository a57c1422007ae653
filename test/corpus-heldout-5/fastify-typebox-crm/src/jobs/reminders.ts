import pLimit from 'p-limit';
import tracker from '../lib/tracker';

type Account = { id: string; ownerId: string; trialEndsAt: Date };

export async function sendTrialReminders(accounts: Account[]) {
  await Promise.all(accounts.map((a) => tracker.event(a.ownerId, 'trial_ending', { ends_at: a.trialEndsAt.getTime() })));
}

const limit = pLimit(5);

export async function refreshSeats(accounts: Account[]) {
  await Promise.all(accounts.map((a) => limit(() => tracker.identify(a.ownerId, { trial_ends_at: Math.floor(+a.trialEndsAt / 1000) }))));
}
