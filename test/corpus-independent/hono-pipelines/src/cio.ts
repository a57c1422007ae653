import { PipelinesClient, RegionEU } from "customerio-node";

export const pipelines = new PipelinesClient(process.env.CIO_WRITE_KEY!, { region: RegionEU });

export const CIO_TRACK = "https://track-eu.customer.io/api/v1";
export const siteId = process.env.CIO_SITE_ID!;
export const trackKey = process.env.CIO_TRACK_KEY!;
