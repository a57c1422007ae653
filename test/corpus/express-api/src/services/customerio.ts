import { TrackClient, APIClient, RegionUS } from "customerio-node";
import { logger } from "../lib/logger";

const track = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!, { region: RegionUS });
const api = new APIClient(process.env.CIO_APP_KEY!, { region: RegionUS });

export interface Profile {
  id: string;
  email: string;
  plan?: string;
  createdAt: Date;
}

export async function identifyUser(profile: Profile) {
  await track.identify(profile.id, {
    email: profile.email,
    plan: profile.plan,
    created_at: profile.createdAt.getTime(),
  });
}

export async function trackEvent(userId: string, name: string, data: Record<string, unknown> = {}) {
  await track.track(userId, { name, data });
}

export function trackInBackground(userId: string, name: string, data: Record<string, unknown> = {}) {
  track.track(userId, { name, data }).catch((err) => logger.warn({ err }, "customer.io track failed"));
}

export async function sendReceipt(to: string, orderId: string) {
  return api.sendEmail({ transactional_message_id: "order_receipt", to, identifiers: { email: to }, message_data: { orderId } } as never);
}

export async function findCustomerByEmail(email: string) {
  const res = await api.getCustomersByEmail(email);
  return res.results[0] ?? null;
}

export function attributesFor(profile: Profile) {
  return { email: profile.email, plan: profile.plan ?? "free", created_at: Math.floor(profile.createdAt.getTime() / 1000) };
}
