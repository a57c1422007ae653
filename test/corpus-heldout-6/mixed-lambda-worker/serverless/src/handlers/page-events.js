import { analytics } from '../lib/cdp.js';

export const handler = async (event) => {
  const { userId, path } = JSON.parse(event.body ?? '{}');
  analytics.page({ userId, name: path, properties: { path } });
  analytics.flush();
  return { statusCode: 204 };
};
