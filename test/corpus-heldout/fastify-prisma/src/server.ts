import Fastify from "fastify";
import cors from "@fastify/cors";
import jwt from "@fastify/jwt";
import { PrismaClient } from "@prisma/client";
import { config } from "./config.js";
import customerio from "./plugins/customerio.js";
import authRoutes from "./routes/auth.js";
import ordersRoutes from "./routes/orders.js";
import adminRoutes from "./routes/admin.js";
import invitesRoutes from "./routes/invites.js";
import webhookRoutes from "./routes/webhooks.js";

const app = Fastify({ logger: { transport: { target: "pino-pretty" } } });

app.decorate("prisma", new PrismaClient());
await app.register(cors, { origin: ["https://app.ledgerly.io"] });
await app.register(jwt, { secret: config.jwtSecret });
await app.register(customerio);

app.decorate("authenticate", async (request: any) => {
  await request.jwtVerify();
});
app.decorate("requireAdmin", async (request: any, reply: any) => {
  await request.jwtVerify();
  if (request.user.role !== "admin") return reply.code(403).send({ error: "forbidden" });
});

await app.register(authRoutes);
await app.register(ordersRoutes);
await app.register(adminRoutes);
await app.register(invitesRoutes);
await app.register(webhookRoutes);

await app.listen({ port: config.port, host: "0.0.0.0" });
