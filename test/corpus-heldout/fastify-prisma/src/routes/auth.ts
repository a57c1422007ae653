import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";

const SignupBody = z.object({
  email: z.string().email(),
  name: z.string().min(1),
  company: z.string().optional(),
});

const authRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.post("/signup", async (request, reply) => {
    const body = SignupBody.parse(request.body);
    const user = await fastify.prisma.user.create({ data: { email: body.email, name: body.name } });

    await fastify.lifecycle.record(user.id, "signed_up", { company: body.company ?? null });
    await fastify.lifecycle.upsertPerson(user.id, {
      email: user.email,
      name: user.name,
      created_at: Math.floor(user.createdAt.getTime() / 1000),
    });

    const token = fastify.jwt.sign({ sub: user.id });
    return reply.code(201).send({ token });
  });

  fastify.post("/login", async (request, reply) => {
    const { email } = z.object({ email: z.string().email() }).parse(request.body);
    const user = await fastify.prisma.user.findUniqueOrThrow({ where: { email } });

    // Existing person: a login event needs no identify first.
    fastify.lifecycle.recordLater(user.id, "logged_in", { method: "password" });
    return reply.send({ token: fastify.jwt.sign({ sub: user.id }) });
  });

  fastify.post("/sso/callback", async (request, reply) => {
    const profile = request.body as { email: string; name: string; idp: string };
    const user = await fastify.prisma.user.upsert({
      where: { email: profile.email },
      create: { email: profile.email, name: profile.name },
      update: {},
    });

    fastify.cio.identify(user.id, { email: user.email, created_at: Date.now() }).catch(() => undefined);
    fastify.cio.track(user.id, { name: "signed_up", data: { idp: profile.idp } }).catch(() => undefined);
    return reply.send({ token: fastify.jwt.sign({ sub: user.id }) });
  });
};

export default authRoutes;
