import got, { type Got } from 'got';

class Tracker {
  private readonly http: Got;

  constructor(siteId: string, key: string) {
    this.http = got.extend({
      prefixUrl: 'https://track-eu.customer.io/api/v1',
      username: siteId,
      password: key,
      timeout: { request: 4000 },
      retry: { limit: 2 },
    });
  }

  identify(id: string, attributes: Record<string, unknown>) {
    return this.http.put(`customers/${encodeURIComponent(id)}`, { json: attributes });
  }

  event(id: string, name: string, data: Record<string, unknown> = {}) {
    return this.http.post(`customers/${encodeURIComponent(id)}/events`, { json: { name, data } });
  }
}

export default new Tracker(process.env.CIO_SITE_ID ?? '', process.env.CIO_APP_API_KEY ?? '');
