import { Router } from "express";
import { z } from "zod";
import { createUser, findByEmail, verifyPassword } from "../services/users";
import { identifyUser, trackSignup, trackLogin, trackEvent } from "../lib/customerio";
import { logError } from "../lib/logger";
import { notifySlack } from "../lib/slack";

export const authRouter = Router();

const SignupBody = z.object({ email: z.string().email(), name: z.string().min(1) });

authRouter.post("/signup", async (req, res) => {
  const body = SignupBody.parse(req.body);
  const user = await createUser(body);
  await identifyUser(user);
  trackSignup(user).catch(logError("trackSignup"));
  await notifySlack(`New signup: ${user.name}`);
  res.status(201).json({ id: user.id });
});

authRouter.post("/login", async (req, res) => {
  const user = await findByEmail(String(req.body.email ?? ""));
  if (!user || !(await verifyPassword(user, String(req.body.password ?? "")))) {
    return res.status(401).json({ error: "invalid_credentials" });
  }
  await trackLogin(user, req.ip ?? "");
  res.json({ token: "session-token" });
});

authRouter.post("/logout", async (req, res) => {
  const userId = String(req.headers["x-user-id"] ?? "");
  res.status(204).end();
  await trackEvent(userId, "logged_out");
});
