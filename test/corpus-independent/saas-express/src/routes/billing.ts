import express, { Router } from "express";
import { stripe } from "../services/stripe";
import { findById } from "../services/users";
import { trackEvent } from "../lib/customerio";
import { sendInvoiceEmail } from "../lib/mailer";

export const billingRouter = Router();

billingRouter.post("/webhooks/stripe", express.raw({ type: "application/json" }), async (req, res) => {
  const signature = String(req.headers["stripe-signature"] ?? "");
  const event = stripe.webhooks.constructEvent(req.body, signature, process.env.STRIPE_WEBHOOK_SECRET ?? "");

  if (event.type === "invoice.paid") {
    const invoice = event.data.object;
    const customer = await stripe.customers.retrieve(String(invoice.customer));
    const userId = "deleted" in customer ? "" : String(customer.metadata.user_id);
    await trackEvent(userId, "Subscription Renewed", { amount: invoice.amount_paid });
    const user = await findById(userId);
    if (user) {
      await sendInvoiceEmail(user.email, user.id, String(invoice.hosted_invoice_url));
      await trackEvent(user.id, `invoice_emailed_${user.email}`, {});
    }
  }
  res.json({ received: true });
});
