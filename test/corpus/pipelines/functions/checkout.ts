import { Analytics } from "@customerio/cdp-analytics-node";

const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY! });

export async function handler(event: { body: string }) {
  const order = JSON.parse(event.body);
  analytics.track({ userId: order.userId, event: "Order Completed", properties: { total: order.total } });
  await analytics.closeAndFlush({ timeout: 2000 });
  return { statusCode: 200 };
}
