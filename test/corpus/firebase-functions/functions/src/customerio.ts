import { TrackClient, APIClient, RegionUS } from "customerio-node";
import { defineSecret } from "firebase-functions/params";

export const cioSiteId = defineSecret("CIO_SITE_ID");
export const cioTrackKey = defineSecret("CIO_TRACK_KEY");

export function trackClient() {
  return new TrackClient(cioSiteId.value(), cioTrackKey.value(), { region: RegionUS });
}

export const appClient = new APIClient("sk_live_4f9c2b7e81d3a6c05e9b", { region: RegionUS });
