import type { TrackClient } from 'customerio-node';
import { trackClient } from '@/integrations/cio';

export interface Account {
  id: string;
  ownerId: string;
  ownerEmail: string;
  name: string;
  plan: string;
  createdAt: Date;
}

export class AnalyticsService {
  constructor(private readonly client: TrackClient = trackClient) {}

  identifyAccount(account: Account) {
    return this.client.identify(account.ownerId, {
      email: account.ownerEmail,
      company: account.name,
      plan: account.plan,
      created_at: account.createdAt.getTime(),
    });
  }

  track(userId: string, name: string, data: Record<string, unknown> = {}) {
    return this.client.track(userId, { name, data });
  }
}

export const analytics = new AnalyticsService();
export default analytics;
