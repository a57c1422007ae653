import { TrackClient, RegionEU } from "customerio-node";

let client: TrackClient | undefined;

export function getCio(): TrackClient {
  if (!client) {
    client = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_API_KEY!, {
      region: RegionEU,
    });
  }
  return client;
}
