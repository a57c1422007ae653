import express from "express";
import { trackEvent, sendReceipt, findCustomerByEmail } from "../services/customerio";
import { db } from "../lib/db";

const router = express.Router();

router.post("/orders", async (req, res) => {
  const order = await db.createOrder(req.body.userId, req.body.total);
  trackEvent(req.body.userId, "order_placed", { total: order.total }).catch(() => {});
  void sendReceipt(req.body.email, order.id);
  res.status(201).json(order);
});

router.get("/support/lookup", async (req, res) => {
  const customer = await findCustomerByEmail(String(req.query.email));
  res.json({ customer });
});

router.post("/orders/:id/refund", async (req, res) => {
  await trackEvent(req.body.userId, "Order Refunded", { order: req.params.id });
  res.json({ refunded: true });
});

router.post("/orders/:id/gift", async (req, res) => {
  await trackEvent(req.body.userId, `gift_sent_to_${req.body.recipientEmail}`);
  res.json({ ok: true });
});

export default router;

export async function onSubscription(userId: string, isTrial: boolean, startedAt: Date) {
  await trackEvent(userId, isTrial ? "trial_started" : "subscription_started", {
    started_at: Math.floor(startedAt.getTime() / 1000),
  });
}

export async function welcomeBoth(a: string, b: string) {
  await Promise.all([trackEvent(a, "welcome_sent"), trackEvent(b, "welcome_sent")]);
}
