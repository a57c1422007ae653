/**
 * Fastify: clients decorated onto the server in a plugin and reached as
 * fastify.x, request.server.x or this.x in routes registered inside other
 * plugins; a client built in the plugin body is built once.
 */
import { describe, expect, it } from "vitest";
import { codes, findingsOf } from "./helpers.js";

const PLUGIN = `import fp from "fastify-plugin";\nimport { TrackClient } from "customerio-node";\nimport { Notifier } from "../services/notifier";\nexport default fp(async (server) => {\n  const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\n  server.decorate("tracker", client);\n  server.decorate("notifier", new Notifier(client));\n});\n`;
const SERVICE = `import type { TrackClient } from "customerio-node";\nexport class Notifier {\n  constructor(private readonly client: TrackClient) {}\n  async tell(id: string, what: string) {\n    await this.client.track(id, { name: what });\n  }\n}\n`;

describe("Fastify decorations", () => {
  it("invalid: routes in another plugin await the decorated client as fastify.x, request.server.x and this.x", () => {
    const routes = `import type { FastifyPluginAsync } from "fastify";\nconst routes: FastifyPluginAsync = async (fastify) => {\n  fastify.post("/a", async (request, reply) => {\n    await fastify.tracker.track("1", { name: "a" });\n    return reply.send({});\n  });\n  fastify.post("/b", async (request, reply) => {\n    await request.server.tracker.identify("1", {});\n    return reply.send({});\n  });\n  fastify.post("/c", {}, async function (request, reply) {\n    await this.tracker.track("1", { name: "c" });\n    return reply.send({});\n  });\n};\nexport default routes;\n`;
    const files = { "src/plugins/cio.ts": PLUGIN, "src/services/notifier.ts": SERVICE, "src/routes/r.ts": routes };
    expect(codes(files, "blocking_request_path")).toEqual(["blocking_request_path@src/routes/r.ts:4", "blocking_request_path@src/routes/r.ts:8", "blocking_request_path@src/routes/r.ts:12"]);
  });

  it("invalid: a decorated service object's method reached from a route (with via), also through fastify.route({ handler })", () => {
    const routes = `export default async function routes(fastify) {\n  fastify.route({\n    method: "POST",\n    url: "/d",\n    handler: async (request, reply) => {\n      await fastify.notifier.tell("1", "d");\n      return reply.send({});\n    },\n  });\n}\n`;
    const files = { "src/plugins/cio.ts": PLUGIN, "src/services/notifier.ts": SERVICE, "src/routes/r.ts": routes };
    const [f] = findingsOf(files, "blocking_request_path");
    expect(`${f!.file}:${f!.line}`).toBe("src/routes/r.ts:6");
    expect(f!.via?.map((v) => v.file)).toEqual(["src/routes/r.ts", "src/services/notifier.ts"]);
  });

  it("valid: fire-and-forget through the decoration; a name decorated twice with different values; a member of an unrelated object", () => {
    const later = `export default async function routes(fastify) {\n  fastify.post("/a", async (request, reply) => {\n    fastify.tracker.track("1", { name: "a" }).catch(() => {});\n    return reply.send({});\n  });\n}\n`;
    expect(codes({ "src/plugins/cio.ts": PLUGIN, "src/services/notifier.ts": SERVICE, "src/routes/r.ts": later }, "blocking_request_path")).toEqual([]);
    const other = `export default async function more(fastify) {\n  fastify.decorate("tracker", { track: async () => undefined });\n}\n`;
    const awaited = `export default async function routes(fastify) {\n  fastify.post("/a", async (request, reply) => {\n    await fastify.tracker.track("1", { name: "a" });\n    return reply.send({});\n  });\n}\n`;
    expect(codes({ "src/plugins/cio.ts": PLUGIN, "src/plugins/other.ts": other, "src/routes/r.ts": awaited }, "blocking_request_path")).toEqual([]);
    const cls = `export class Stats {\n  tracker = { track: async (_a: string, _b: object) => undefined };\n  async run() {\n    await this.tracker.track("1", { name: "x" });\n  }\n}\n`;
    expect(codes({ "src/plugins/cio.ts": PLUGIN, "src/stats.ts": cls }, "blocking_request_path")).toEqual([]);
  });
});

describe("client_per_request and server plugins", () => {
  it("valid: a client built in a fastify-plugin body, a register() callback or a FastifyPluginAsync runs once", () => {
    expect(codes({ "src/plugins/cio.ts": PLUGIN, "src/services/notifier.ts": SERVICE }, "client_per_request")).toEqual([]);
    const registered = `import { TrackClient } from "customerio-node";\napp.register(async (instance) => {\n  instance.decorate("cio", new TrackClient("a", process.env.K!));\n});\n`;
    expect(codes(registered, "client_per_request")).toEqual([]);
    const typed = `import type { FastifyPluginAsync } from "fastify";\nimport { APIClient } from "customerio-node";\nconst p: FastifyPluginAsync = async (f) => {\n  f.decorate("api", new APIClient(process.env.K!));\n};\nexport default p;\n`;
    expect(codes(typed, "client_per_request")).toEqual([]);
  });

  it("invalid: a client built inside a route handler registered by the plugin", () => {
    const src = `import fp from "fastify-plugin";\nimport { APIClient } from "customerio-node";\nexport default fp(async (fastify) => {\n  fastify.post("/x", async (request, reply) => {\n    const api = new APIClient(process.env.K!);\n    await api.sendEmail({} as never);\n    return reply.send({});\n  });\n});\n`;
    expect(codes(src, "client_per_request")).toEqual(["client_per_request@a.ts:5"]);
  });
});
