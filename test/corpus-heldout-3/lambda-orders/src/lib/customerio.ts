import axios from "axios";
import { RegionEU, TrackClient } from "customerio-node";

const siteId = process.env.CIO_SITE_ID!;
const trackKey = process.env.CIO_TRACK_API_KEY!;

// Module scope: warm invocations reuse the client and its sockets.
export const cio = new TrackClient(siteId, trackKey, { region: RegionEU });

export const trackApi = axios.create({
  baseURL: "https://track-eu.customer.io/api/v1",
  timeout: 4000,
  auth: { username: siteId, password: trackKey },
});

export async function trackOrderEvent(customerId: string, name: string, data: Record<string, unknown>) {
  await trackApi.post(`/customers/${encodeURIComponent(customerId)}/events`, { name, data });
}
