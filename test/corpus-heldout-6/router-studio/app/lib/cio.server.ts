import { RegionUS, TrackClient } from "customerio-node";

// Module scope: created once per server process, reused by every loader/action.
const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });

export function identify(userId: string, attrs: Record<string, unknown>) {
  return client.identify(userId, attrs);
}

export function track(userId: string, name: string, data?: Record<string, unknown>) {
  return client.track(userId, { name, data });
}

// Transactional messages use the App API directly (the SDK version we pin has no helper we like).
export async function sendMessage(messageId: string, to: string, userId: string, data: Record<string, unknown>) {
  const res = await fetch("https://api.customer.io/v1/send/email", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${process.env.CIO_TRACK_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ transactional_message_id: messageId, to, identifiers: { id: userId }, message_data: data }),
  });
  if (!res.ok) throw new Error(`customer.io send failed: ${res.status}`);
}
