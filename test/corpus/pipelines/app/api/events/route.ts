import { after } from "next/server";
import { Analytics } from "@customerio/cdp-analytics-node";

const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY! });

export async function POST(req: Request) {
  const { userId, event } = await req.json();
  analytics.track({ userId, event: "Client Event", properties: { event } });
  after(() => analytics.flush());
  return Response.json({ ok: true });
}

export async function PUT(req: Request) {
  const { userId } = await req.json();
  analytics.identify({ userId, traits: { active: true } });
  await analytics.flush();
  return Response.json({ ok: true });
}
