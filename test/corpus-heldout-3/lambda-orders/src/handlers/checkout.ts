import middy from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import jsonBodyParser from "@middy/http-json-body-parser";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { analytics } from "../lib/analytics";
import { cio, trackOrderEvent } from "../lib/customerio";

type CheckoutBody = { userId: string; orderId: string; total: number; items: number };

const checkout = async (event: APIGatewayProxyEventV2 & { body: CheckoutBody }) => {
  const { userId, orderId, total, items } = event.body;

  analytics.track({
    userId,
    event: "checkout_completed",
    properties: { order_id: orderId, total, items },
  });

  await trackOrderEvent(userId, "order_placed", { order_id: orderId, total });

  return { statusCode: 201, body: JSON.stringify({ orderId }) };
};

export const handler = middy(checkout).use(jsonBodyParser()).use(httpErrorHandler());

type GuestBody = { guestId: string; email: string; orderId: string };

export const guest = middy(async (event: { body: GuestBody }) => {
  const { guestId, email, orderId } = event.body;

  await cio.track(guestId, { name: "guest_order_placed", data: { order_id: orderId } });
  await cio.identify(guestId, { email, guest: true });

  return { statusCode: 201, body: JSON.stringify({ orderId }) };
}).use(jsonBodyParser());
