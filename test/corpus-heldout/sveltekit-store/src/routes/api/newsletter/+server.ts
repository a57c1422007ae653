import { json } from "@sveltejs/kit";
import { RegionEU, TrackClient } from "customerio-node";
import { CIO_SITE_ID, CIO_TRACK_API_KEY } from "$env/static/private";
import type { RequestHandler } from "./$types";

export const POST: RequestHandler = async ({ request }) => {
  const { email, topics } = (await request.json()) as { email: string; topics: string[] };

  // Visitors are anonymous here: key the profile by email (workspace uses email as identifier).
  const cio = new TrackClient(CIO_SITE_ID, CIO_TRACK_API_KEY, { region: RegionEU });
  const response = json({ subscribed: true }, { status: 202 });

  cio
    .identify(email, { email, newsletter_topics: topics.join(","), subscribed_at: Math.floor(Date.now() / 1000) })
    .catch((err: Error) => console.warn("[cio] newsletter identify failed", err.message));

  return response;
};
