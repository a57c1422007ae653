import { app, type InvocationContext, type Timer } from "@azure/functions";
import { trackEvent } from "../lib/track.js";

type Subscriber = { id: string; unread: number };

async function loadSubscribers(): Promise<Subscriber[]> {
  const res = await fetch(`${process.env.CORE_API_URL}/internal/digest-subscribers`, {
    headers: { "x-internal-token": process.env.CORE_API_TOKEN ?? "" },
  });
  return (await res.json()) as Subscriber[];
}

export async function weeklyDigest(_timer: Timer, context: InvocationContext): Promise<void> {
  const subscribers = await loadSubscribers();
  context.log(`digest for ${subscribers.length} subscribers`);

  for (const s of subscribers) {
    await trackEvent(s.id, "digest_ready", { unread: s.unread, generated_at: Date.now() });
  }
}

app.timer("weeklyDigest", { schedule: "0 0 8 * * 1", handler: weeklyDigest });
