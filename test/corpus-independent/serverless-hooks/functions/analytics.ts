import { Analytics } from "@customerio/cdp-analytics-node";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";

const analytics = new Analytics({
  writeKey: process.env.CIO_CDP_WRITE_KEY!,
  host: "https://cdp-eu.customer.io",
});

export const checkoutStarted: APIGatewayProxyHandlerV2 = async (event) => {
  const { userId, cartId, value } = JSON.parse(event.body ?? "{}");
  analytics.track({ userId, event: "checkout_started", properties: { cart_id: cartId, value } });
  return { statusCode: 202, body: "" };
};

export const purchaseCompleted: APIGatewayProxyHandlerV2 = async (event) => {
  const { userId, orderId, total } = JSON.parse(event.body ?? "{}");
  analytics.identify({ userId, traits: { last_order_id: orderId } });
  analytics.track({ userId, event: "purchase_completed", properties: { order_id: orderId, total } });
  await analytics.closeAndFlush({ timeout: 2000 });
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
};
