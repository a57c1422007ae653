import express from "express";
import { authRouter } from "./routes/auth";
import orders from "./routes/orders";
import { logger } from "./lib/logger";

const app = express();
app.use(express.json());
app.use("/auth", authRouter);
app.use(orders);

app.get("/health", (_req, res) => res.json({ ok: true }));

app.listen(3000, () => logger.info("listening"));
