import { RegionUS, TrackClient } from "customerio-node";
import { Analytics } from "@customerio/cdp-analytics-node";

// Long-running Bun process behind the load balancer: the batching client
// flushes on its own interval and on shutdown.
const analytics = new Analytics({ writeKey: Bun.env.CIO_CDP_WRITE_KEY!, host: "https://cdp.customer.io" });
process.on("SIGTERM", () => void analytics.closeAndFlush().then(() => process.exit(0)));

type Referral = { userId: string; referrerEmail: string };

function trackClient() {
  return new TrackClient(Bun.env.CIO_SITE_ID!, Bun.env.CIO_TRACK_API_KEY!, { region: RegionUS });
}

Bun.serve({
  port: Number(Bun.env.PORT ?? 8080),
  async fetch(req) {
    const url = new URL(req.url);

    if (req.method === "POST" && url.pathname === "/referrals") {
      const body = (await req.json()) as Referral;
      const cio = trackClient();
      await cio.track(body.userId, { name: `referral_from_${body.referrerEmail}`, data: {} });
      return Response.json({ ok: true }, { status: 201 });
    }

    if (req.method === "POST" && url.pathname === "/sms/opt-in") {
      const { userId, phone } = (await req.json()) as { userId: string; phone: string };
      analytics.track({ userId, event: "sms_opt_in", properties: { phone } });
      return Response.json({ ok: true });
    }

    if (req.method === "POST" && url.pathname === "/heartbeat") {
      const { userId } = (await req.json()) as { userId: string };
      const cio = new TrackClient(Bun.env.CIO_SITE_ID!, Bun.env.CIO_TRACK_API_KEY!, { region: RegionUS });
      await cio.identify(userId, { last_active_at: new Date().valueOf() });
      return new Response(null, { status: 204 });
    }

    return new Response("not found", { status: 404 });
  },
});
