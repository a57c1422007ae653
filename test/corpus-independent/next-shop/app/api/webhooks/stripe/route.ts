import Stripe from "stripe";
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { trackOrder, trackRefund } from "@/lib/events";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-04-10" });

export async function POST(req: Request) {
  const payload = await req.text();
  const sig = req.headers.get("stripe-signature") ?? "";
  const event = stripe.webhooks.constructEvent(payload, sig, process.env.STRIPE_WEBHOOK_SECRET!);

  if (event.type === "checkout.session.completed") {
    const session = event.data.object;
    const order = await db.order.update({ where: { id: session.client_reference_id! }, data: { status: "paid" } });
    trackOrder(order).catch((e) => console.error("cio", e));
    await fetch(process.env.SLACK_ORDERS_WEBHOOK!, { method: "POST", body: JSON.stringify({ text: `Order ${order.id} paid` }) });
  }
  if (event.type === "charge.refunded") {
    const order = await db.order.findFirstOrThrow({ where: { chargeId: String(event.data.object.id) } });
    await trackRefund(order);
  }
  return NextResponse.json({ received: true });
}
