import { APIClient, RegionUS, TrackClient } from "customerio-node";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

// Built once per worker process; BullMQ and cron callbacks share them.
export const track = new TrackClient(required("CIO_SITE_ID"), required("CIO_TRACK_API_KEY"), {
  region: RegionUS,
});

export const appApi = new APIClient(required("CIO_APP_API_KEY"), { region: RegionUS });
