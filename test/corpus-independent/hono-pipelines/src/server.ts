import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { logger } from "hono/logger";
import { forms } from "./routes/forms.js";

const app = new Hono();
app.use("*", logger());
app.route("/", forms);
app.get("/healthz", (c) => c.text("ok"));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8787) });
