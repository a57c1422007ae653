/**
 * What makes code a route, beyond its shape. Three shapes were taken as
 * request handlers on key or parameter names alone:
 *  - objects with method, path/url and handler keys (now the method must be
 *    an HTTP verb, or a list of them, and the path a literal starting "/");
 *  - `x.get("/path", fn)` in a module that imports a web framework (now not
 *    when x is, or is built from, an HTTP client or a request mock);
 *  - methods of a *Controller class taking ctx or { params, auth, … } (now
 *    only in a module of a controller framework, or when a route string of
 *    the project names the action).
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const B = "blocking_request_path";
const CIO_JS = `const { TrackClient } = require("customerio-node");\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_KEY);\n`;
const CIO = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!);\n`;

describe("route objects need an HTTP verb and a mounted path", () => {
  it("valid: pipeline steps whose method is an SDK call and whose path is a resource name", () => {
    const src = `${CIO}export const steps = [\n  { method: "identify", path: "customers", handler: async (u: any) => { await cio.identify(u.id, { plan: u.plan }); } },\n  { method: "track", url: "events", async handler(u: any) { await cio.track(u.id, { name: "synced" }); } },\n];\n`;
    expect(codes(src, B, "src/sync/steps.ts")).toEqual([]);
  });

  it("valid: a method held in a variable, a path without a leading slash, a path built from a prefix", () => {
    const src = `${CIO}const verb = "POST";\nconst prefix = "/v1";\nexport const table = [\n  { method: verb, path: "/a", handler: async () => { await cio.track("1", { name: "a" }); } },\n  { method: "POST", path: "b", handler: async () => { await cio.track("1", { name: "b" }); } },\n  { method: "POST", path: \`\${prefix}/c\`, handler: async () => { await cio.track("1", { name: "c" }); } },\n];\n`;
    expect(codes(src, B, "src/table.ts")).toEqual([]);
  });

  it("invalid: lower-case verbs, a list of verbs, Hapi's '*', a template path starting with '/'", () => {
    const src = `${CIO}const id = ":id";\nexport const routes = [\n  { method: "post", path: "/a", handler: async () => { await cio.track("1", { name: "a" }); return 1; } },\n  { method: ["GET", "HEAD"], url: "/b", handler: async () => { await cio.track("1", { name: "b" }); return 1; } },\n  { method: "*", path: "/c", handler: async () => { await cio.track("1", { name: "c" }); return 1; } },\n  { method: "PATCH", path: \`/d/\${id}\`, handler: async () => { await cio.track("1", { name: "d" }); return 1; } },\n];\n`;
    expect(codes(src, B, "src/routes.ts")).toEqual([`${B}@src/routes.ts:5`, `${B}@src/routes.ts:6`, `${B}@src/routes.ts:7`, `${B}@src/routes.ts:8`]);
  });

  it("valid: a verb list that mixes in something else is no route", () => {
    const src = `${CIO}export const routes = [\n  { method: ["GET", "identify"], path: "/a", handler: async () => { await cio.track("1", { name: "a" }); } },\n];\n`;
    expect(codes(src, B, "src/routes.ts")).toEqual([]);
  });
});

describe("route-shaped calls on HTTP clients and mocks are no routes", () => {
  const EXPRESS = `import express from "express";\nexport const app = express();\n`;

  it("valid: needle.get with a path and a callback in a module that imports express", () => {
    const src = `${CIO}${EXPRESS}import needle from "needle";\nneedle.get("/internal/users", async (err: any, res: any) => {\n  await cio.identify(res.body.id, { plan: res.body.plan });\n});\n`;
    expect(codes(src, B, "src/server.ts")).toEqual([]);
  });

  it("valid: a nock interceptor's reply callback and a supertest request (required or imported)", () => {
    const src = `${CIO}${EXPRESS}const nock = require("nock");\nimport request from "supertest";\nnock("https://api.example.com").put("/api/v1/customers/1", async (body: any) => { await cio.identify("1", body); return true; });\nrequest(app).get("/x", async () => { await cio.track("1", { name: "x" }); });\n`;
    expect(codes(src, B, "test/api.test.ts")).toEqual([]);
  });

  it("valid: a const holding a client built from an imported one (got.extend, msw's http)", () => {
    const src = `${CIO}${EXPRESS}import got from "got";\nimport { http } from "msw";\nconst api = got.extend({ prefixUrl: "https://x" });\napi.post("/sync", async () => { await cio.track("1", { name: "s" }); });\nhttp.post("/mock", async () => { await cio.track("1", { name: "m" }); });\n`;
    expect(codes(src, B, "src/server.ts")).toEqual([]);
  });

  it("invalid: the same shape on a receiver of any name that is no client still counts where express is imported", () => {
    const src = `${CIO}${EXPRESS}import { mount } from "./mount";\nconst web = mount(app);\nweb.post("/signup", async (req: any, res: any) => {\n  await cio.track(req.body.id, { name: "signed_up" });\n  res.sendStatus(201);\n});\n`;
    expect(codes(src, B, "src/server.ts")).toEqual([`${B}@src/server.ts:8`]);
  });
});

describe("controller actions need a controller framework or a route naming them", () => {
  it("valid: a batch ImportController.run(ctx) in a module of no web framework", () => {
    const src = `${CIO}export class ImportController {\n  async run(ctx: { rows: any[] }) {\n    for (const r of ctx.rows) await cio.identify(r.id, { plan: r.plan });\n  }\n}\n`;
    expect(codes(src, B, "src/jobs/ImportController.ts")).toEqual([]);
  });

  it("invalid: a Koa controller (koa imported for its types) and a routing-controllers one", () => {
    const koa = `${CIO}import type { Context } from "koa";\nexport class UsersController {\n  async create(ctx: Context) {\n    await cio.identify(ctx.request.body.id, {});\n    ctx.status = 201;\n  }\n}\n`;
    expect(codes(koa, B, "src/controllers/users.ts")).toEqual([`${B}@src/controllers/users.ts:6`]);
    const rc = `${CIO}import { JsonController } from "routing-controllers";\nexport class OrdersController {\n  async place({ params }: any) {\n    await cio.track(params.id, { name: "ordered" });\n    return {};\n  }\n}\n`;
    expect(codes(rc, B, "src/controllers/orders.ts")).toEqual([`${B}@src/controllers/orders.ts:6`]);
  });

  it("invalid: an action a route file of the project names by string, in a controller importing nothing", () => {
    const files = {
      "app/Controllers/Http/UsersController.js": `${CIO_JS}class UsersController {\n  async store({ request, response }) {\n    await cio.identify(request.input("id"), {});\n    return response.created({});\n  }\n  async archive({ params }) {\n    await cio.track(params.id, { name: "archived" });\n  }\n}\nmodule.exports = UsersController;\n`,
      "start/routes.js": `const Route = use("Route");\nRoute.post("users", "UsersController.store");\n`,
    };
    // store is named by the route; archive is named by none and stays quiet.
    expect(codes(files, B)).toEqual([`${B}@app/Controllers/Http/UsersController.js:5`]);
  });

  it("valid: a route string naming another class's action confirms nothing here", () => {
    const files = {
      "src/ImportController.ts": `${CIO}export class ImportController {\n  async run(ctx: any) { await cio.track("1", { name: "x" }); }\n}\n`,
      "start/routes.ts": `Route.get("/users", "UsersController.run");\n`,
    };
    expect(codes(files, B)).toEqual([]);
  });
});
