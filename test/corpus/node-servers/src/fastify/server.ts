import Fastify from "fastify";
import { tracking, tracker } from "../shared/tracking";

const fastify = Fastify();

fastify.post("/checkout", async (request, reply) => {
  const body = request.body as { id: string; total: number };
  await tracking.event(body.id, "checkout_completed", { total: body.total });
  return reply.code(201).send({ ok: true });
});

fastify.route({
  method: "POST",
  url: "/cancel",
  handler: async (request) => {
    const body = request.body as { id: string; reason: string };
    await tracker.track(body.id, { name: `cancelled_${body.reason}`, data: {} });
    return { ok: true };
  },
});

fastify.listen({ port: 3002 });

fastify.get("/status", async () => {
  const healthy = Boolean(tracker);
  return { healthy };
});
