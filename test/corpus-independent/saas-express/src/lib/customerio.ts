import { TrackClient, RegionUS } from "customerio-node";
import { log } from "./logger";

export interface AppUser {
  id: string;
  email: string;
  name: string;
  plan: "free" | "team" | "enterprise";
  createdAt: Date;
}

const cio = new TrackClient(process.env.CIO_SITE_ID ?? "", process.env.CIO_TRACK_API_KEY ?? "", {
  region: RegionUS,
});

export async function identifyUser(user: AppUser) {
  await cio.identify(user.id, {
    email: user.email,
    name: user.name,
    plan: user.plan,
    created_at: Math.floor(user.createdAt.getTime() / 1000),
  });
}

export async function trackSignup(user: AppUser) {
  await cio.track(user.id, { name: "signed_up", data: { plan: user.plan } });
}

export async function trackLogin(user: AppUser, ip: string) {
  await cio.track(user.id, {
    name: "logged_in",
    data: { ip },
    timestamp: Date.now(),
  });
}

export function trackEvent(userId: string, name: string, data: Record<string, unknown> = {}) {
  log.debug({ userId, name }, "cio event");
  return cio.track(userId, { name, data });
}

export function forgetUser(userId: string) {
  return cio.destroy(userId);
}
