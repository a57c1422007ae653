import { Hono } from "hono";
import superagent from "superagent";
import { pipelines, CIO_TRACK, siteId, trackKey } from "../cio.js";

export const forms = new Hono();

forms.post("/forms/:id/submit", async (c) => {
  const body = await c.req.json<{ userId: string; fields: Record<string, string> }>();
  await pipelines.track({ userId: body.userId, event: "form_submitted", properties: { form_id: c.req.param("id") } });
  return c.json({ ok: true });
});

forms.post("/forms/:id/view", async (c) => {
  const { userId } = await c.req.json<{ userId: string }>();
  pipelines
    .track({ userId, event: "form_viewed", properties: { form_id: c.req.param("id") } })
    .catch((err) => console.error("pipelines", err));
  return c.body(null, 204);
});

forms.post("/trial", async (c) => {
  const { userId } = await c.req.json<{ userId: string }>();
  await superagent
    .post(`${CIO_TRACK}/customers/${userId}/events`)
    .auth(siteId, trackKey)
    .send({ name: "trial_started", timestamp: new Date().getTime() });
  return c.json({ started: true });
});

forms.get("/forms/:id", async (c) => {
  const res = await fetch(`https://api.typeform.com/forms/${c.req.param("id")}`, {
    headers: { authorization: `Bearer ${process.env.TYPEFORM_TOKEN}` },
  });
  return c.json(await res.json());
});
