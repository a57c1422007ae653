import { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import type { AccountService } from "@/services/account.service";

const RegisterBody = z.object({
  email: z.string().email(),
  name: z.string().min(1),
  plan: z.enum(["free", "team", "business"]),
});
const InviteBody = z.object({ token: z.string().min(16), name: z.string().min(1) });
const UpgradeBody = z.object({ plan: z.enum(["team", "business"]) });
const EmailBody = z.object({ email: z.string().email() });

export function accountsRouter(accounts: AccountService): Router {
  const router = Router();

  router.post("/", async (req: Request, res: Response, next: NextFunction) => {
    try {
      const account = await accounts.register(RegisterBody.parse(req.body));
      res.status(201).json(account);
    } catch (err) {
      next(err);
    }
  });

  router.post("/invites/accept", async (req, res, next) => {
    try {
      const { token, name } = InviteBody.parse(req.body);
      res.status(201).json(await accounts.acceptInvite(token, name));
    } catch (err) {
      next(err);
    }
  });

  router.post("/:id/upgrade", async (req, res, next) => {
    try {
      const { plan } = UpgradeBody.parse(req.body);
      const account = await accounts.upgrade(req.params.id, plan);
      res.json(account);
    } catch (err) {
      next(err);
    }
  });

  router.put("/:id/email", async (req, res, next) => {
    try {
      const { email } = EmailBody.parse(req.body);
      const account = await accounts.changeEmail(req.params.id, email);
      res.json({ id: account.id, email: account.email });
    } catch (err) {
      next(err);
    }
  });

  return router;
}
