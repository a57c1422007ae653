import 'server-only';
import { APIClient, RegionUS } from 'customerio-node';

const TRACK_URL = 'https://track.customer.io/api/v1';
const basic = () =>
  'Basic ' + Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_TRACK_API_KEY}`).toString('base64');

export async function identifyPerson(id: string, attrs: Record<string, unknown>) {
  const res = await fetch(`${TRACK_URL}/customers/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { Authorization: basic(), 'Content-Type': 'application/json' },
    body: JSON.stringify(attrs),
  });
  if (!res.ok) throw new Error(`identify ${res.status}`);
}

export async function trackPerson(id: string, name: string, data: Record<string, unknown> = {}) {
  const res = await fetch(`${TRACK_URL}/customers/${encodeURIComponent(id)}/events`, {
    method: 'POST',
    headers: { Authorization: basic(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, data }),
  });
  if (!res.ok) throw new Error(`track ${res.status}`);
}

export const appApi = new APIClient(process.env.CIO_APP_API_KEY!, { region: RegionUS });

export const unix = (d: Date = new Date()) => Math.floor(d.getTime() / 1000);
