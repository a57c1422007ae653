import express from "express";
import pinoHttp from "pino-http";
import Stripe from "stripe";
import { z } from "zod";
import { config } from "@/config";
import { cio, logger, trackLater } from "@/lib";
import { PrismaClient } from "@prisma/client";
import { AccountService } from "@/services/account.service";
import { InvoiceService } from "@/services/invoice.service";
import { accountsRouter } from "@/routes/accounts";
import { webhooksRouter } from "@/routes/webhooks";

const db = new PrismaClient();
const stripe = new Stripe(config.stripe.secretKey);
const app = express();

app.use(pinoHttp({ logger }));
app.use("/webhooks", webhooksRouter(stripe, new InvoiceService()));
app.use(express.json());
app.use("/accounts", accountsRouter(new AccountService(db)));

const Feedback = z.object({ accountId: z.string(), score: z.number().int().min(0).max(10) });

app.post("/feedback", async (req, res) => {
  const { accountId, score } = Feedback.parse(req.body);
  await db.feedback.create({ data: { accountId, score } });
  await cio.track(accountId, { name: "nps_submitted", data: { score } });
  res.sendStatus(204);
});

app.post("/exports", async (req, res) => {
  const accountId = String(req.header("x-account-id"));
  const job = await db.exportJob.create({ data: { accountId } });
  trackLater(accountId, "export_requested", { job_id: job.id });
  res.status(202).json({ id: job.id });
});

app.listen(config.port, () => logger.info({ port: config.port }, "billing api up"));
