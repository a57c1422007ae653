/**
 * Request handlers of long-running servers recognised by shape, whatever
 * the framework and whatever the server object is called: route calls on
 * a value a web framework creates (or, in a module importing one, a
 * "/path" plus a handler), Node's createServer, h3/Nuxt event handlers,
 * chained builders (new Elysia().post(...)), controller classes. Each is
 * checked against background code of the same shape that is no request.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const CIO = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!);\n`;
const B = "blocking_request_path";
const AWAIT = `await cio.track("u1", { name: "viewed" })`;

describe("server objects whatever their name", () => {
  it("invalid: routes on values a framework creates under unusual names (Hapi.server(), restify.createServer(), a renamed fastify, polka())", () => {
    const cases: Array<[string, string]> = [
      [`import Hapi from "@hapi/hapi";\nconst web = Hapi.server({ port: 1 });\n`, `web.route({ method: "GET", path: "/a", handler: async () => { ${AWAIT}; return 1; } });\n`],
      [`import restify from "restify";\nconst srv = restify.createServer();\n`, `srv.post("/a", async (req, res) => { ${AWAIT}; res.send(1); });\n`],
      [`import build from "fastify";\nconst http = build();\n`, `http.get("/a", async (request, reply) => { ${AWAIT}; return 1; });\n`],
      [`import polka from "polka";\nconst p = polka();\n`, `p.get("/a", async (req, res) => { ${AWAIT}; res.end(); });\n`],
    ];
    for (const [setup, route] of cases) {
      expect(codes(`${CIO}${setup}${route}`, B, "src/web.ts")).toEqual([`${B}@src/web.ts:5`]);
    }
  });

  it("invalid: in a module that imports a web framework, a '/path' route on a parameter of any name", () => {
    const src = `${CIO}import type { FastifyInstance } from "fastify";\nexport default async function (srv: FastifyInstance) {\n  srv.post("/signup", async (request) => {\n    ${AWAIT};\n    return { ok: true };\n  });\n}\n`;
    expect(codes(src, B, "src/plugins/signup.ts")).toEqual([`${B}@src/plugins/signup.ts:6`]);
  });

  it("valid: map.get / cache.get with a key and a fallback; a '/path' call in a module with no web framework; fire-and-forget routes", () => {
    const noFramework = `${CIO}const jobs = makeQueue();\njobs.post("/reindex", async () => { ${AWAIT}; });\n`;
    expect(codes(noFramework, B, "src/jobs.ts")).toEqual([]);
    const cache = `${CIO}import express from "express";\nconst store = new Map();\nstore.get("k", async () => { ${AWAIT}; });\n`;
    expect(codes(cache, B, "src/cache.ts")).toEqual([]);
    const ff = `${CIO}import restify from "restify";\nconst srv = restify.createServer();\nsrv.post("/a", async (req, res) => { cio.track("u1", { name: "x" }).catch(() => {}); res.send(1); });\n`;
    expect(codes(ff, B, "src/ff.ts")).toEqual([]);
  });

  it("invalid: chained builders new Elysia().post(...) and new Hono().get(...)", () => {
    const src = `${CIO}import { Elysia } from "elysia";\nexport const api = new Elysia()\n  .get("/h", () => "ok")\n  .post("/a", async ({ body }) => {\n    ${AWAIT};\n    return body;\n  });\n`;
    expect(codes(src, B, "src/api.ts")).toEqual([`${B}@src/api.ts:7`]);
    const hono = `${CIO}import { Hono } from "hono";\nexport default new Hono().get("/a", async (c) => {\n  ${AWAIT};\n  return c.json({});\n});\n`;
    expect(codes(hono, B, "src/hono.ts")).toEqual([`${B}@src/hono.ts:5`]);
  });
});

describe("Node's createServer", () => {
  it("invalid: http.createServer((req, res) => …) and createServer(options, handler) from node:https awaits before answering", () => {
    const a = `${CIO}import http from "node:http";\nhttp.createServer(async (req, res) => {\n  ${AWAIT};\n  res.end("ok");\n}).listen(8080);\n`;
    expect(codes(a, B, "server.ts")).toEqual([`${B}@server.ts:5`]);
    const b = `${CIO}import { createServer } from "node:https";\nconst handle = async (req: any, res: any) => {\n  ${AWAIT};\n  res.end();\n};\ncreateServer({ key: "" }, handle).listen(443);\n`;
    expect(codes(b, B, "server.ts")).toEqual([`${B}@server.ts:5`]);
  });

  it("valid: a net.createServer socket listener, a local createServer, an answer sent before the await", () => {
    const net = `${CIO}import net from "node:net";\nnet.createServer(async (socket) => { ${AWAIT}; socket.end(); });\n`;
    expect(codes(net, B, "tcp.ts")).toEqual([]);
    const local = `${CIO}function createServer(fn: any) { return fn; }\ncreateServer(async (req: any, res: any) => { ${AWAIT}; res.end(); });\n`;
    expect(codes(local, B, "x.ts")).toEqual([]);
    const after = `${CIO}import http from "http";\nhttp.createServer(async (req, res) => { res.end("ok"); ${AWAIT}; });\n`;
    expect(codes(after, B, "late.ts")).toEqual([]);
  });
});

describe("h3 / Nuxt event handlers", () => {
  it("invalid: defineEventHandler (auto-imported in Nuxt, imported from h3), eventHandler({ handler })", () => {
    const nuxt = `${CIO}export default defineEventHandler(async (event) => {\n  ${AWAIT};\n  return { ok: true };\n});\n`;
    expect(codes(nuxt, B, "server/api/signup.post.ts")).toEqual([`${B}@server/api/signup.post.ts:4`]);
    const h3 = `${CIO}import { eventHandler } from "h3";\nexport const signup = eventHandler({\n  handler: async (event) => {\n    ${AWAIT};\n    return 1;\n  },\n});\n`;
    expect(codes(h3, B, "src/routes.ts")).toEqual([`${B}@src/routes.ts:6`]);
  });

  it("valid: a locally defined defineEventHandler; waitUntil in an event handler", () => {
    const local = `${CIO}const defineEventHandler = (fn: any) => fn;\nexport default defineEventHandler(async () => { ${AWAIT}; });\n`;
    expect(codes(local, B, "lib/x.ts")).toEqual([]);
    const wu = `${CIO}export default defineEventHandler((event) => {\n  event.waitUntil(cio.track("u1", { name: "x" }));\n  return 1;\n});\n`;
    expect(codes(wu, B, "server/api/a.ts")).toEqual([]);
  });
});

describe("controller classes", () => {
  it("invalid: an Adonis-style controller method ({ request, response }) awaits before answering", () => {
    // The type import from Adonis is what makes the class a controller of a web framework (see shapes-route-evidence).
    const src = `${CIO}import type { HttpContext } from "@adonisjs/core/http";\nexport default class UsersController {\n  async store({ request, response }: HttpContext) {\n    ${AWAIT};\n    return response.created({});\n  }\n}\n`;
    expect(codes(src, B, "app/Controllers/Http/UsersController.ts")).toEqual([`${B}@app/Controllers/Http/UsersController.ts:6`]);
  });

  it("valid: a controller-named class whose methods take no request context; a service class in a controllers folder", () => {
    const a = `${CIO}export class SyncController {\n  async run(ids: string[]) {\n    for (const id of ids) await cio.track(id, { name: "x" });\n  }\n}\n`;
    expect(codes(a, B, "app/controllers/SyncController.ts")).toEqual([]);
    const b = `${CIO}export class Mailer {\n  async send({ request }: any) { ${AWAIT}; }\n}\n`;
    expect(codes(b, B, "src/services/Mailer.ts")).toEqual([]);
  });
});
