import express from "express";
import Stripe from "stripe";
import notify from "../notify/cio";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export const webhooks = express.Router();

webhooks.post("/stripe", express.raw({ type: "application/json" }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"] as string, process.env.STRIPE_WEBHOOK_SECRET!);
  switch (event.type) {
    case "customer.subscription.updated": {
      const sub = event.data.object as Stripe.Subscription;
      await notify.subscriptionChanged(String(sub.customer), sub.status, sub.current_period_end);
      break;
    }
    case "invoice.payment_failed": {
      const invoice = event.data.object as Stripe.Invoice;
      await notify.paymentEvent(String(invoice.customer), "payment_failed", { amount: invoice.amount_due, failed_at: Date.now() });
      break;
    }
    default: {
      const obj = event.data.object as { customer?: string };
      await notify.paymentEvent(String(obj.customer), `stripe_${event.type}`, {});
    }
  }
  res.json({ received: true });
});

webhooks.post("/stripe-async", express.raw({ type: "application/json" }), (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"] as string, process.env.STRIPE_WEBHOOK_SECRET!);
  res.json({ received: true });
  const obj = event.data.object as { customer?: string; created: number };
  notify.paymentEvent(String(obj.customer), "stripe_event_received", { type: event.type, received_at: obj.created }).catch(() => {});
});

webhooks.post("/stripe-verify", express.raw({ type: "application/json" }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"] as string, process.env.STRIPE_WEBHOOK_SECRET!);
  const customer = await stripe.customers.retrieve(String((event.data.object as { customer: string }).customer));
  res.json({ id: customer.id });
});
