import { Analytics } from "@customerio/cdp-analytics-node";
import { APIClient, RegionUS, TrackClient } from "customerio-node";
import { defineSecret, defineString } from "firebase-functions/params";

export const CIO_SITE_ID = defineString("CIO_SITE_ID");
export const CIO_TRACK_KEY = defineSecret("CIO_TRACK_KEY");
export const CIO_APP_KEY = defineSecret("CIO_APP_KEY");
export const CIO_WRITE_KEY = defineSecret("CIO_WRITE_KEY");

let track: TrackClient | undefined;
let api: APIClient | undefined;
let analytics: Analytics | undefined;

// Secrets are only readable at run time, so each client is built on first use
// and then kept for the life of the instance.
export function trackClient(): TrackClient {
  track ??= new TrackClient(CIO_SITE_ID.value(), CIO_TRACK_KEY.value(), { region: RegionUS });
  return track;
}

export function apiClient(): APIClient {
  api ??= new APIClient(CIO_TRACK_KEY.value(), { region: RegionUS });
  return api;
}

export function pipelines(): Analytics {
  analytics ??= new Analytics({ writeKey: CIO_WRITE_KEY.value() });
  return analytics;
}

export async function recordEvent(uid: string, name: string, data: Record<string, unknown> = {}) {
  await trackClient().track(uid, { name, data });
}

export async function syncMember(uid: string, attrs: Record<string, unknown>) {
  await trackClient().identify(uid, attrs);
}
