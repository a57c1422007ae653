import { TrackClient, RegionUS } from "customerio-node";

// Older integration kept for the v1 mobile app until it is retired.
export async function trackLegacyEvent(userId: string, name: string) {
  const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });
  await client.track(userId, { name, data: { legacy: true } });
}
