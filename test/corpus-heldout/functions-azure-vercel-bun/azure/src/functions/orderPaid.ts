import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { analytics } from "../lib/cdp.js";

type PaidOrder = { orderId: string; userId: string; totalCents: number; currency: string; phone?: string };

export async function orderPaid(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const order = (await request.json()) as PaidOrder;

  analytics.identify({ userId: order.userId, traits: { phone: order.phone, last_currency: order.currency } });
  analytics.track({
    userId: order.userId,
    event: "order_paid",
    properties: { order_id: order.orderId, total_cents: order.totalCents },
    timestamp: new Date().toISOString(),
  });

  try {
    await analytics.flush();
  } catch (err) {
    context.warn("customer.io flush failed", err);
  }
  return { status: 204 };
}

app.http("orderPaid", { methods: ["POST"], authLevel: "function", route: "orders/paid", handler: orderPaid });
