import { APIClient, RegionEU, RegionUS, TrackClient } from 'customerio-node';
import { env } from '~/env';

const region = env.CIO_REGION === 'eu' ? RegionEU : RegionUS;

export const cio = new TrackClient(env.CIO_SITE_ID, env.CIO_TRACK_KEY, { region });

// Each customer workspace on the enterprise plan brings its own Customer.io site.
export function cioForWorkspace(ws: { cioSiteId: string; cioTrackKey: string }) {
  return new TrackClient(ws.cioSiteId, ws.cioTrackKey, { region });
}

export function appClient(apiKey: string) {
  return new APIClient(apiKey, { region });
}

export const EVENT_NAMES = ['project_created', 'project_archived', 'member_invited', 'digest_sent'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Fire-and-forget: analytics must never fail a mutation. */
export function emit(userId: string, name: string, data: Record<string, unknown> = {}): Promise<void> {
  return cio.track(userId, { name, data }).catch((err: Error) => {
    console.warn(`customer.io track ${name} failed: ${err.message}`);
  });
}
