const TRACK_EU = "https://track-eu.customer.io/api/v1";

function authHeader(): string {
  const site = process.env.CIO_SITE_ID ?? "";
  const key = process.env.CIO_TRACK_API_KEY ?? "";
  return `Basic ${Buffer.from(`${site}:${key}`).toString("base64")}`;
}

async function send(method: "PUT" | "POST", path: string, body: unknown): Promise<void> {
  const res = await fetch(`${TRACK_EU}${path}`, {
    method,
    headers: { Authorization: authHeader(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`customer.io ${method} ${path}: ${res.status}`);
}

export function identifyPerson(id: string, attributes: Record<string, unknown>) {
  return send("PUT", `/customers/${encodeURIComponent(id)}`, attributes);
}

export function trackEvent(id: string, name: string, data: Record<string, unknown> = {}) {
  return send("POST", `/customers/${encodeURIComponent(id)}/events`, { name, data });
}
