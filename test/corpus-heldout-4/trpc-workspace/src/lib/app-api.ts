import axios from 'axios';
import { env } from '~/env';
import { appClient } from '~/lib/cio';

const baseURL = env.CIO_REGION === 'eu' ? 'https://api-eu.customer.io/v1' : 'https://api.customer.io/v1';

export const appApi = axios.create({
  baseURL,
  headers: { Authorization: `Bearer ${env.CIO_APP_KEY}` },
  timeout: 10_000,
});

export const transactional = appClient(env.CIO_TRACK_KEY);

export async function segmentMembership(customerId: string): Promise<number[]> {
  const { data } = await appApi.get(`/customers/${encodeURIComponent(customerId)}/segments`);
  return data.segments.map((s: { id: number }) => s.id);
}
