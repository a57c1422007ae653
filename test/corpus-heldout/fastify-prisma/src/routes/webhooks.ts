import type { FastifyPluginAsync } from "fastify";

type BillingEvent = {
  type: "subscription.created" | "subscription.canceled" | "invoice.paid";
  customerRef: string;
  plan?: string;
};

// Map the provider's event types onto our own fixed event catalog.
const EVENT_FOR_TYPE: Record<BillingEvent["type"], string> = {
  "subscription.created": "subscription_started",
  "subscription.canceled": "subscription_canceled",
  "invoice.paid": "invoice_paid",
};

const webhookRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.post("/webhooks/billing", { config: { rawBody: true } }, async (request, reply) => {
    const event = request.body as BillingEvent;
    const user = await fastify.prisma.user.findFirst({ where: { billingRef: event.customerRef } });

    reply.send({ received: true });
    if (!user) return reply;

    fastify.lifecycle.recordLater(user.id, EVENT_FOR_TYPE[event.type], { plan: event.plan ?? null });
    return reply;
  });
};

export default webhookRoutes;
