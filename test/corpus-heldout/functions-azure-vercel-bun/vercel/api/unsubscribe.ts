import type { VercelRequest, VercelResponse } from "@vercel/node";
import { Analytics } from "@customerio/cdp-analytics-node";

const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY!, host: "https://cdp.customer.io" });

// One-click unsubscribe link target from the footer of every newsletter.
export default async function handler(req: VercelRequest, res: VercelResponse) {
  const userId = String(req.query.uid ?? "");
  if (!userId) return res.status(400).send("missing uid");

  analytics.identify({ userId, traits: { unsubscribed: true } });
  analytics.track({ userId, event: "unsubscribed", properties: { source: "footer_link" } });

  return res.status(200).send("You have been unsubscribed.");
}
