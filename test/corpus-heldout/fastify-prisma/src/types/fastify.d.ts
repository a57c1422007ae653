import type { FastifyReply, FastifyRequest } from "fastify";
import type { APIClient, TrackClient } from "customerio-node";
import type { PrismaClient } from "@prisma/client";
import type { LifecycleService } from "../services/lifecycle.js";

declare module "fastify" {
  interface FastifyInstance {
    cio: TrackClient;
    cioApi: APIClient;
    prisma: PrismaClient;
    lifecycle: LifecycleService;
    authenticate: (request: FastifyRequest) => Promise<void>;
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    user: { id: string; email: string; orgId: string; role: "admin" | "member" };
  }
}
