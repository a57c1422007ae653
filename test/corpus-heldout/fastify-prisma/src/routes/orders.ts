import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";

const OrderBody = z.object({
  items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
  couponCode: z.string().optional(),
});

const ordersRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.addHook("onRequest", fastify.authenticate);

  fastify.post("/orders", async (request, reply) => {
    const body = OrderBody.parse(request.body);
    const order = await fastify.prisma.order.create({
      data: { userId: request.user.id, items: body.items, couponCode: body.couponCode },
    });

    reply.code(201).send(order);

    fastify.lifecycle.recordLater(request.user.id, "order_placed", {
      order_id: order.id,
      total_cents: order.totalCents,
    });
    return reply;
  });

  fastify.patch("/orders/:id/status", async (request, reply) => {
    const { id } = request.params as { id: string };
    const { status } = z.object({ status: z.enum(["shipped", "delivered", "returned"]) }).parse(request.body);
    const order = await fastify.prisma.order.update({ where: { id }, data: { status } });

    await fastify.cio.track(order.userId, {
      name: `order_${status}`,
      data: { order_id: order.id },
    });
    await fastify.cio.identify(order.userId, { last_order_at: order.updatedAt.getTime() });

    return reply.send(order);
  });

  fastify.post("/orders/:id/cancel", async (request, reply) => {
    const { id } = request.params as { id: string };
    const order = await fastify.prisma.order.update({ where: { id }, data: { status: "cancelled" } });

    await fastify.lifecycle.record(order.userId, "OrderCancelled", { order_id: order.id });
    return reply.send(order);
  });

  fastify.post("/orders/:id/refund", async (request, reply) => {
    const { id } = request.params as { id: string };
    const order = await fastify.prisma.order.update({ where: { id }, data: { status: "refunded" } });

    fastify.lifecycle.recordLater(order.userId, "order_cancelled", { order_id: order.id, refunded: true });
    return reply.send(order);
  });
};

export default ordersRoutes;
