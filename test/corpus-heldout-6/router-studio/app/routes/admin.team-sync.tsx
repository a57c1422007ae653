import { data } from "react-router";
import { RegionUS, TrackClient } from "customerio-node";
import type { Route } from "./+types/admin.team-sync";
import { listTeam } from "~/lib/accounts.server";
import { identify } from "~/lib/cio.server";
import { requireUser } from "~/lib/session.server";

export async function action({ request }: Route.ActionArgs) {
  const admin = await requireUser(request);
  const members = await listTeam(admin.teamId);
  for (const member of members) {
    await identify(member.id, { email: member.email, team_id: admin.teamId, created_at: member.createdAt });
  }
  return data({ synced: members.length });
}

export async function loader({ request }: Route.LoaderArgs) {
  const admin = await requireUser(request);
  const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });
  cio.track(admin.id, { name: "team_sync_opened" }).catch(() => {});
  return data({ teamId: admin.teamId });
}
