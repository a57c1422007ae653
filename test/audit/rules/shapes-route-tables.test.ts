/**
 * Routes described as data: `{ method, path, handler }` objects, whatever
 * registers them (Hapi's server.route, fastify.route, a table a module
 * exports and a loop registers). The method and path beside the handler
 * make it a request handler of the server process.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const CIO = `const { TrackClient } = require("customerio-node");\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_KEY);\n`;

describe("route tables", () => {
  it("invalid: a handler in a route object of an exported table awaits the client", () => {
    const code = `${CIO}module.exports = (store) => [\n  {\n    method: "POST",\n    path: "/tickets",\n    handler: async (request, h) => {\n      const t = await store.save(request.payload);\n      await cio.track(t.owner, { name: "ticket_opened" });\n      return h.response(t).code(201);\n    },\n  },\n];\n`;
    expect(codes(code, "blocking_request_path", "routes/tickets.js")).toEqual(["blocking_request_path@routes/tickets.js:9"]);
  });

  it("invalid: a method-shorthand handler and a named handler in route objects; an url key as in fastify.route", () => {
    const code = `${CIO}async function close(req) {\n  await cio.track(req.params.id, { name: "ticket_closed" });\n  return { ok: true };\n}\nexport const routes = [\n  { method: "PUT", url: "/t/:id/close", handler: close },\n  { method: "PUT", path: "/t/{id}/reopen", async handler(request) { await cio.track(request.params.id, { name: "ticket_reopened" }); return null; } },\n];\n`;
    expect(codes(code, "blocking_request_path", "routes/t.js")).toEqual(["blocking_request_path@routes/t.js:4", "blocking_request_path@routes/t.js:9"]);
  });

  it("valid: fire-and-forget with .catch and setImmediate in a route object", () => {
    const code = `${CIO}module.exports = [\n  { method: "POST", path: "/a", handler: async (request) => { cio.track("1", { name: "a" }).catch(() => {}); return 1; } },\n  { method: "POST", path: "/b", handler: async (request) => { setImmediate(async () => { await cio.track("1", { name: "b" }); }); return 1; } },\n];\n`;
    expect(codes(code, "blocking_request_path", "routes/ok.js")).toEqual([]);
  });

  it("valid: an Azure Functions app.http options object (methods, route, handler) stays serverless, where awaiting is required", () => {
    const files = {
      "src/functions/h.ts": `import { TrackClient } from "customerio-node";\nexport const cio = new TrackClient("a", "b");\nexport async function signup(request: any) {\n  await cio.track("u", { name: "x" });\n  return { status: 200 };\n}\n`,
      "src/functions/index.ts": `import { app } from "@azure/functions";\nimport { signup } from "./h";\napp.http("signup", { methods: ["POST"], route: "signup", authLevel: "anonymous", handler: signup });\napp.http("inline", { methods: ["POST"], route: "inline", handler: async () => { await (await import("./h")).cio.track("u", { name: "y" }); return {}; } });\n`,
    };
    expect(codes(files, "blocking_request_path")).toEqual([]);
  });

  it("valid: job and listener tables (a name or an event beside a handler, no method and path)", () => {
    const code = `${CIO}module.exports = [\n  { name: "nightly-sync", cron: "0 3 * * *", handler: async () => { await cio.track("1", { name: "synced" }); } },\n  { event: "user.created", method: "queue", handler: async (e) => { await cio.identify(e.id, {}); } },\n];\n`;
    expect(codes(code, "blocking_request_path", "jobs/table.js")).toEqual([]);
  });
});

describe("services reached through a typed parameter", () => {
  const SERVICE = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient("a", "b");\nexport class Billing {\n  async upgrade(id: string) {\n    await cio.track(id, { name: "upgraded" });\n    return id;\n  }\n}\n`;

  it("invalid: a route awaits a method of the service its router factory receives as a typed parameter (with via)", () => {
    const files = {
      "src/billing.ts": SERVICE,
      "src/routes.ts": `import { Router } from "express";\nimport type { Billing } from "./billing";\nexport function billingRoutes(billing: Billing) {\n  const r = Router();\n  r.post("/:id/upgrade", async (req, res) => {\n    const out = await billing.upgrade(req.params.id);\n    res.json(out);\n  });\n  return r;\n}\n`,
    };
    expect(codes(files, "blocking_request_path")).toEqual(["blocking_request_path@src/routes.ts:6"]);
  });

  it("valid: a job awaits the same method through a typed parameter; an untyped parameter says nothing", () => {
    const files = {
      "src/billing.ts": SERVICE,
      "src/jobs.ts": `import type { Billing } from "./billing";\nexport async function upgradeAll(billing: Billing, ids: string[]) {\n  for (const id of ids) await billing.upgrade(id);\n}\n`,
      "src/routes.ts": `import { Router } from "express";\nexport function routes(billing) {\n  const r = Router();\n  r.post("/x", async (req, res) => { await billing.upgrade(req.body.id); res.json({}); });\n  return r;\n}\n`,
    };
    expect(codes(files, "blocking_request_path")).toEqual([]);
  });
});

describe("got/ky clients whose prefixUrl comes from a Customer.io settings object", () => {
  const CONFIG = `module.exports = { customerio: { trackUrl: process.env.TRACK_URL, siteId: "s", key: process.env.K }, stripe: { apiUrl: process.env.STRIPE_URL } };\n`;
  const helper = (section: string, url: string) =>
    `const got = require("got");\nconst config = require("../config");\nconst { ${url} } = config.${section};\nconst api = got.extend({ prefixUrl: ${url} });\nfunction sendEvent(id, name, data, timestamp) {\n  return api.post(\`customers/\${encodeURIComponent(id)}/events\`, { json: { name, data, timestamp } }).json();\n}\nfunction upsert(id, attrs) {\n  return api.put(\`customers/\${id}\`, { json: attrs }).json();\n}\nmodule.exports = { sendEvent, upsert };\n`;
  const route = `const { sendEvent, upsert } = require("../lib/track");\nmodule.exports = [{ method: "POST", path: "/c/{id}", handler: async (request) => {\n  await sendEvent(request.params.id, "called", {}, Date.now());\n  setImmediate(() => { upsert(request.params.id, { seen_at: Date.now() }).catch(() => {}); });\n  return {};\n} }];\n`;

  it("invalid: a millisecond timestamp and attribute through the helpers, and the awaited .json() blocks the route", () => {
    const files = { "config/index.js": CONFIG, "lib/track.js": helper("customerio", "trackUrl"), "routes/c.js": route };
    expect(codes(files, "millisecond_timestamp")).toEqual(["millisecond_timestamp@routes/c.js:3", "millisecond_timestamp@routes/c.js:4"]);
    expect(codes(files, "blocking_request_path")).toEqual(["blocking_request_path@routes/c.js:3"]);
  });

  it("invalid: event names through the same CommonJS helper spelled two ways, and one built per record", () => {
    const names = `const { sendEvent } = require("../lib/track");\nmodule.exports = [\n  { method: "POST", path: "/w", handler: async (r) => { await sendEvent(r.params.id, "dealWon", {}); return 1; } },\n  { method: "POST", path: "/l", handler: async (r) => { await sendEvent(r.params.id, "deal_lost", {}); return 1; } },\n  { method: "POST", path: "/s", handler: async (r) => { await sendEvent(r.params.id, \`deal_\${r.payload.stage}\`, {}); return 1; } },\n];\n`;
    const files = { "config/index.js": CONFIG, "lib/track.js": helper("customerio", "trackUrl"), "routes/deals.js": names };
    expect(codes(files, "event_name_inconsistent")).toEqual(["event_name_inconsistent@routes/deals.js:3"]);
    expect(codes(files, "dynamic_event_name")).toEqual(["dynamic_event_name@routes/deals.js:5"]);
  });

  it("valid: the same helpers over another service's settings are not Customer.io requests", () => {
    const files = { "config/index.js": CONFIG, "lib/track.js": helper("stripe", "apiUrl"), "routes/c.js": route };
    expect(codes(files, "millisecond_timestamp")).toEqual([]);
    expect(codes(files, "blocking_request_path")).toEqual([]);
  });
});
