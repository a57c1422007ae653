import { TrackClient, RegionUS } from 'customerio-node';
import { env } from '@lib/env';

// One client for the whole process; it reuses its keep-alive agent.
export const cio = new TrackClient(env.CIO_SITE_ID, env.CIO_TRACK_KEY, { region: RegionUS });

export function identifyUser(id: string, attrs: Record<string, unknown>) {
  return cio.identify(id, attrs);
}

export function trackEvent(id: string, name: string, data: Record<string, unknown> = {}) {
  return cio.track(id, { name, data });
}

export const toUnix = (d: Date) => Math.floor(d.getTime() / 1000);
