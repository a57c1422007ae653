import { APIClient, RegionEU, TrackClient } from 'customerio-node';
import { env } from '@/config/env';

// Our workspace lives in the EU data centre.
export const trackClient = new TrackClient(env.cio.siteId, env.cio.trackApiKey, { region: RegionEU });

export function createApiClient(key: string): APIClient {
  return new APIClient(key, { region: RegionEU });
}
