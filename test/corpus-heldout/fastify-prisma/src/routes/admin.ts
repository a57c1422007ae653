import type { FastifyPluginAsync } from "fastify";

const adminRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.addHook("onRequest", fastify.requireAdmin);

  // Support uses this after fixing data by hand in the database.
  fastify.post("/admin/orgs/:orgId/resync", async (request, reply) => {
    const { orgId } = request.params as { orgId: string };
    const members = await fastify.prisma.user.findMany({ where: { orgId } });

    await Promise.all(
      members.map((m) =>
        fastify.lifecycle.upsertPerson(m.id, { email: m.email, org_id: orgId, role: m.role }),
      ),
    );

    return reply.send({ resynced: members.length });
  });

  fastify.post("/admin/users/:id/flags", async (request, reply) => {
    const { id } = request.params as { id: string };
    const flags = request.body as Record<string, boolean>;
    await fastify.prisma.user.update({ where: { id }, data: { flags } });

    // Only two attributes, whatever the flag set: one call, not a loop.
    const started = Date.now();
    fastify.cio
      .identify(id, { beta_dashboard: Boolean(flags.dashboard), beta_reports: Boolean(flags.reports) })
      .catch((err) => request.log.warn({ err }, "cio identify failed"))
      .finally(() => request.log.debug({ ms: Date.now() - started }, "cio identify"));

    return reply.send({ ok: true });
  });
};

export default adminRoutes;
