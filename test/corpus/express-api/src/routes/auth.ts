import { Router } from "express";
import { identifyUser, trackEvent, trackInBackground, attributesFor } from "../services/customerio";
import { db } from "../lib/db";

export const authRouter = Router();

authRouter.post("/signup", async (req, res) => {
  const user = await db.createUser(req.body.email, req.body.plan ?? "free");
  await identifyUser({ id: user.id, email: user.email, plan: user.plan, createdAt: user.created_at });
  await trackEvent(user.id, "signed_up", { plan: user.plan });
  res.status(201).json({ id: user.id });
});

authRouter.post("/login", async (req, res) => {
  const user = await db.findUser(req.body.id);
  if (!user) return res.status(401).end();
  trackInBackground(user.id, "logged_in");
  const attrs = attributesFor({ id: user.id, email: user.email, createdAt: user.created_at });
  res.json({ ok: true, attrs });
});

authRouter.post("/password-reset", async (req, res) => {
  const user = await db.findUser(req.body.id);
  if (!user) return res.status(404).end();
  await trackEvent(user.id, `password_reset_${req.body.channel}`);
  res.sendStatus(204);
});

authRouter.post("/verify", async (req, res) => {
  res.sendStatus(202);
  await trackEvent(req.body.id, "email_verified");
});
