import { Analytics } from '@customerio/cdp-analytics-node';

export const handler = async (event) => {
  const order = JSON.parse(event.body ?? '{}');
  // A client per invocation, drained before the function freezes.
  const analytics = new Analytics({ writeKey: process.env.CDP_WRITE_KEY, host: 'https://cdp-eu.customer.io' });
  analytics.track({
    userId: order.customerId,
    event: 'order_placed',
    properties: { total: order.total, currency: order.currency },
    timestamp: new Date(order.placedAt),
  });
  await analytics.closeAndFlush({ timeout: 3000 });
  return { statusCode: 200, body: 'ok' };
};
