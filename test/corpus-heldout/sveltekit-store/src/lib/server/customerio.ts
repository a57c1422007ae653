import { RegionEU, TrackClient } from "customerio-node";
import { CIO_SITE_ID, CIO_TRACK_API_KEY } from "$env/static/private";

// One client for the whole Node process (adapter-node keeps it alive).
const cio = new TrackClient(CIO_SITE_ID, CIO_TRACK_API_KEY, { region: RegionEU });

export type Traits = Record<string, string | number | boolean | null>;

export function identify(userId: string, traits: Traits) {
  return cio.identify(userId, traits);
}

export function track(userId: string, name: string, data: Traits = {}) {
  return cio.track(userId, { name, data });
}

/** Fire-and-forget: for loaders and actions that must not wait on us. */
export function trackLater(userId: string, name: string, data: Traits = {}) {
  void track(userId, name, data).catch((err: Error) => {
    console.warn(`[cio] ${name} for ${userId} failed: ${err.message}`);
  });
}

export const epochSeconds = (d: Date = new Date()) => Math.floor(d.getTime() / 1000);
