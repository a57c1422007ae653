import express from "express";
import { authRouter } from "./routes/auth";
import { productsRouter } from "./routes/products";
import { billingRouter } from "./routes/billing";
import { adminRouter } from "./routes/admin";
import { log } from "./lib/logger";
import { runWeeklyDigest } from "./jobs/weekly-digest";

const app = express();
app.use("/billing", billingRouter);
app.use(express.json());
app.use("/auth", authRouter);
app.use("/products", productsRouter);
app.use("/admin", adminRouter);

app.get("/healthz", (_req, res) => res.json({ ok: true }));

setInterval(() => {
  runWeeklyDigest().catch((err) => log.error({ err }, "digest failed"));
}, 7 * 24 * 3600 * 1000);

app.listen(Number(process.env.PORT ?? 3000), () => log.info("listening"));
