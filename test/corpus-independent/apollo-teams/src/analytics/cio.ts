import { APIClient, RegionUS, TrackClient } from "customerio-node";
import type { Team, User } from "~/db/index.js";
import { db } from "~/db/index.js";

const track = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });
const app = new APIClient(process.env.CUSTOMERIO_APP_API_KEY!, { region: RegionUS });

export async function identify(user: User, team?: Team) {
  await track.identify(user.id, {
    email: user.email,
    name: user.name,
    team_id: team?.id,
    trial_ends_at: team ? Date.parse(team.trialEnd) : undefined,
    last_seen_at: Math.trunc(Date.now() / 1e3),
  });
}

export function trackEvent(userId: string, name: string, data: Record<string, unknown> = {}) {
  return track.track(userId, { name, data });
}

export async function inviteMember(teamId: string, email: string) {
  await track.identify(`invite:${teamId}:${email}`, { email, invited_to: teamId });
}

export async function loadPreferences(userId: string) {
  return db.preferences(userId);
}

export async function triggerTeamBroadcast(teamId: string) {
  return app.triggerBroadcast(12, { team_id: teamId }, { ids: [] });
}
