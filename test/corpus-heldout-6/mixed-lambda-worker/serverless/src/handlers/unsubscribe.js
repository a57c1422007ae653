import axios from 'axios';

const track = axios.create({
  baseURL: 'https://track-eu.customer.io/api/v1',
  auth: { username: process.env.CIO_SITE_ID, password: process.env.CIO_TRACK_API_KEY },
  timeout: 5000,
});

export const handler = async (event) => {
  const { customerId, topic } = JSON.parse(event.body ?? '{}');
  await track.put(`/customers/${encodeURIComponent(customerId)}`, { unsubscribed: true });
  await track.post(`/customers/${encodeURIComponent(customerId)}/events`, {
    name: 'unsubscribed',
    timestamp: Date.now(),
    data: { topic },
  });
  return { statusCode: 200, body: JSON.stringify({ unsubscribed: true }) };
};
