export { trackClient, createApiClient } from './client';

// The event names campaigns are triggered on. Keep them snake_case.
export const Events = {
  SubscriptionStarted: 'subscription_started',
  SubscriptionCancelled: 'subscription_cancelled',
  TrialEnding: 'trial_ending',
  RenewalDue: 'renewal_due',
} as const;

export type EventName = (typeof Events)[keyof typeof Events];
