import { TrackClient, RegionUS } from "customerio-node";

const cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID, process.env.CUSTOMERIO_TRACK_API_KEY, { region: RegionUS });

export async function syncUser(user) {
  return cio.identify(user.id, {
    email: user.email,
    plan: user.plan,
    created_at: Math.floor(new Date(user.createdAt).getTime() / 1000),
    last_active_at: user.lastActiveAt.valueOf(),
  });
}

export async function recordActivity(userId, kind) {
  return cio.track(userId, { name: kind, data: {} });
}

export const removeUser = (id) => cio.destroy(id);
