import { TrackClient, RegionEU } from "customerio-node";

export const customerio = new TrackClient(process.env.CUSTOMERIO_SITE_ID ?? "", process.env.CUSTOMERIO_API_KEY ?? "", {
  region: RegionEU,
});
