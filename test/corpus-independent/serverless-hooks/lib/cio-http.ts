export const CIO_TRACK_URL = "https://track-eu.customer.io/api/v1";

const credentials = Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_API_KEY}`).toString("base64");

export const cioHeaders = {
  Authorization: `Basic ${credentials}`,
  "Content-Type": "application/json",
};

export async function cioIdentify(id: string, attributes: Record<string, unknown>) {
  const res = await fetch(`${CIO_TRACK_URL}/customers/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: cioHeaders,
    body: JSON.stringify(attributes),
  });
  if (!res.ok) throw new Error(`customer.io identify failed: ${res.status}`);
}

export async function cioEvent(id: string, name: string, data: Record<string, unknown> = {}) {
  const res = await fetch(`${CIO_TRACK_URL}/customers/${encodeURIComponent(id)}/events`, {
    method: "POST",
    headers: cioHeaders,
    body: JSON.stringify({ name, data }),
  });
  if (!res.ok) throw new Error(`customer.io event failed: ${res.status}`);
}
