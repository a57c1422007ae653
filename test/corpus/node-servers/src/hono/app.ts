import { Hono } from "hono";
import { tracking } from "../shared/tracking";

const app = new Hono();

app.post("/invite", async (c) => {
  const { id, inviteeEmail } = await c.req.json();
  await tracking.event(id, "invite_sent", { invitee: inviteeEmail, sent_at: Date.now() });
  return c.json({ ok: true });
});

app.post("/ping", async (c) => {
  const { id } = await c.req.json();
  c.executionCtx.waitUntil(tracking.event(id, "pinged"));
  return c.text("pong");
});

app.get("/", (c) => c.text("hello"));

export default app;
