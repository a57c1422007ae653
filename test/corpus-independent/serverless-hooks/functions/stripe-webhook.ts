import Stripe from "stripe";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { cioEvent } from "../lib/cio-http";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-04-10" });

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const sig = event.headers["stripe-signature"] ?? "";
  const evt = stripe.webhooks.constructEvent(event.body ?? "", sig, process.env.STRIPE_WEBHOOK_SECRET!);
  if (evt.type === "customer.subscription.deleted") {
    const sub = evt.data.object;
    await cioEvent(String(sub.metadata.user_id), "subscription_cancelled", { plan: sub.items.data[0]?.price.id });
  }
  return { statusCode: 200, body: "" };
};
