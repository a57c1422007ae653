import { analytics } from '../lib/cdp.js';

export const handler = async (event) => {
  const body = JSON.parse(event.body ?? '{}');
  analytics.identify({ userId: body.userId, traits: { email: body.email, plan: body.plan } });
  analytics.track({ userId: body.userId, event: 'account_created', properties: { plan: body.plan } });
  return { statusCode: 201, body: JSON.stringify({ ok: true }) };
};
