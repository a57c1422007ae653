import express, { Router } from "express";
import Stripe from "stripe";
import { config } from "@/config";
import { logger } from "@/lib";
import type { InvoiceService } from "@/services/invoice.service";

export function webhooksRouter(stripe: Stripe, invoices: InvoiceService): Router {
  const router = Router();

  router.post("/stripe", express.raw({ type: "application/json" }), async (req, res) => {
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(
        req.body,
        req.header("stripe-signature") ?? "",
        config.stripe.webhookSecret,
      );
    } catch {
      res.sendStatus(400);
      return;
    }

    // Acknowledge first: Stripe retries anything slower than a few seconds.
    res.sendStatus(200);

    try {
      if (event.type === "invoice.paid") {
        await invoices.onPaid(event.data.object);
      } else if (event.type === "charge.refunded") {
        await invoices.onRefunded(event.data.object);
      }
    } catch (err) {
      logger.error({ err, type: event.type }, "stripe webhook side effects failed");
    }
  });

  return router;
}
