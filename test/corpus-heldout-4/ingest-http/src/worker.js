import { Worker } from 'bullmq';
import trackApi from './lib/track-api.js';
import { analytics } from './lib/pipelines.js';

const connection = { url: process.env.REDIS_URL };

// Shopify guest checkouts create the customer here, so the profile goes first.
new Worker(
  'orders',
  async (job) => {
    const order = job.data;
    const userId = String(order.customer.id);
    await trackApi.identify(userId, {
      email: order.customer.email,
      last_order_at: Math.floor(new Date(order.created_at).getTime() / 1000),
    });
    analytics.track({
      userId,
      event: 'order_completed',
      properties: { order_id: order.id, total: Number(order.total_price) },
      timestamp: new Date(order.created_at),
    });
  },
  { connection, concurrency: 2, limiter: { max: 40, duration: 1000 } },
);
