import got from 'got';

const SITE_ID = process.env.CIO_SITE_ID;
const API_KEY = process.env.CIO_TRACK_KEY;

// Workspace is hosted in the EU region.
const track = got.extend({
  prefixUrl: 'https://track-eu.customer.io/api/v1',
  username: SITE_ID,
  password: API_KEY,
  timeout: { request: 5000 },
  retry: { limit: 2, statusCodes: [429, 500, 502, 503, 504] },
});

export function identify(id, attributes) {
  return track.put(`customers/${encodeURIComponent(id)}`, { json: attributes });
}

export function event(id, name, data = {}) {
  return track.post(`customers/${encodeURIComponent(id)}/events`, { json: { name, data } });
}

export default { identify, event };
