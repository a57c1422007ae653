import type { VercelRequest, VercelResponse } from "@vercel/node";

// Account page: show which campaigns the person is in, from the App API.
const APP_API = "https://api.customer.io/v1";

async function appApiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${APP_API}${path}`, {
    headers: { Authorization: `Bearer ${process.env.CIO_TRACK_API_KEY}` },
  });
  if (!res.ok) throw new Error(`App API ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export default async function handler(req: VercelRequest, res: VercelResponse) {
  const userId = req.headers["x-user-id"];
  if (typeof userId !== "string") return res.status(401).end();

  const attributes = await appApiGet<{ customer: { attributes: Record<string, string> } }>(
    `/customers/${encodeURIComponent(userId)}/attributes`,
  );
  return res.status(200).json({ attributes: attributes.customer.attributes });
}
