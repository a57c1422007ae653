import { RegionUS, TrackClient } from 'customerio-node';

let client: TrackClient | undefined;

// Created on first use and kept for the lifetime of the function instance.
export function getCio(): TrackClient {
  if (!client) {
    client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!, { region: RegionUS });
  }
  return client;
}

export async function identifyUser(id: string, attributes: Record<string, unknown>): Promise<void> {
  await getCio().identify(id, attributes);
}

export async function trackEvent(id: string, name: string, data: Record<string, unknown> = {}): Promise<void> {
  await getCio().track(id, { name, data });
}
