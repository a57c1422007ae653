import { RegionEU, TrackClient } from "customerio-node";

let client: TrackClient | undefined;

// Built on first use so `next build` does not need the secrets.
export function getCio(): TrackClient {
  client ??= new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, {
    region: RegionEU,
  });
  return client;
}
