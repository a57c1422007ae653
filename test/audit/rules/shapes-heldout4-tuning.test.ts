/**
 * Shapes added after held-out set 4 was measured: a schema default that is a
 * key, a Pipelines write key written into a script, a personal value held in
 * a const before it becomes part of an event name, a scheduled job that ends
 * its process without flushing. Each with the neighbouring correct code.
 */
import { describe, expect, it } from "vitest";
import { codes, findingsOf } from "./helpers.js";

describe("hardcoded_credentials: schema defaults and write keys", () => {
  const H = "hardcoded_credentials";
  it("invalid: a Customer.io key as a zod default, also inside a longer chain", () => {
    const src = `import { z } from "zod";\nexport const cfg = z.object({\n  CUSTOMERIO_API_KEY: z.string().min(10).default("7d3e9a1c5b0f4e28a6c2").describe("track"),\n  CIO_SITE: z.string(),\n}).parse(process.env);\n`;
    expect(codes(src, H, "env.ts")).toEqual([`${H}@env.ts:3`]);
  });
  it("valid: defaults that are not keys, or keys of another service", () => {
    const src = `import { z } from "zod";\nexport const cfg = z.object({\n  CUSTOMERIO_REGION: z.string().default("us"),\n  CUSTOMERIO_API_KEY: z.string().default("your-key-goes-here-ok"),\n  STRIPE_SECRET: z.string().default("sk9f8e7d6c5b4a3f2e1d0"),\n}).parse(process.env);\n`;
    expect(codes(src, H, "env.ts")).toEqual([]);
  });
  it("invalid: a literal write key given to the Pipelines client in a bin script", () => {
    const src = `#!/usr/bin/env node\nimport { Analytics } from "@customerio/cdp-analytics-node";\nconst a = new Analytics({ writeKey: "b7e2a94f0c3d1e68f5a2" });\na.track({ userId: "u", event: "x" });\nawait a.closeAndFlush();\n`;
    expect(codes(src, H, "bin/send.mjs")).toEqual([`${H}@bin/send.mjs:3`]);
  });
  it("valid: a write key from the environment, and another vendor's literal writeKey", () => {
    const ours = `import { Analytics } from "@customerio/cdp-analytics-node";\nexport const a = new Analytics({ writeKey: process.env.CIO_WRITE_KEY });\n`;
    const theirs = `import { Analytics } from "@segment/analytics-node";\nexport const a = new Analytics({ writeKey: "b7e2a94f0c3d1e68f5a2" });\n`;
    expect(codes({ "a.ts": ours, "b.ts": theirs }, H)).toEqual([]);
  });
  it("hostile input: a 300-link schema chain (the default at its far end) is read in bounded steps", () => {
    const chain = "z.string()" + ".trim()".repeat(300) + '.default("7d3e9a1c5b0f4e28a6c2")';
    const t0 = Date.now();
    codes(`import { z } from "zod";\nexport const c = z.object({ CUSTOMERIO_API_KEY: ${chain} });\n`, H);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe("pii_in_event_name: a personal value held in a const", () => {
  const P = "pii_in_event_name";
  const IMP = 'import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\n';
  it("invalid: the const is built from an email field and then joined into the name", () => {
    const src = `${IMP}export function invite(req) {\n  const guest = String(req.body.guestEmail || "").trim();\n  return cio.track(req.user.id, { name: "invited_" + guest });\n}\n`;
    expect(codes(src, P)).toEqual([`${P}@a.ts:5`]);
  });
  it("valid: the const holds a plan id, not personal data", () => {
    const src = `${IMP}export function upgrade(req) {\n  const plan = String(req.body.planId || "").trim();\n  return cio.track(req.user.id, { name: "upgraded_" + plan });\n}\n`;
    expect(codes(src, P)).toEqual([]);
  });
});

describe("pipelines_not_flushed: a job that ends its own process", () => {
  const F = "pipelines_not_flushed";
  const IMP = 'import { Analytics } from "@customerio/cdp-analytics-node";\nconst analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY });\n';
  it("invalid: queues an event and calls process.exit without flushing (outside bin/ and scripts/)", () => {
    const src = `${IMP}async function run() {\n  analytics.track({ userId: "job", event: "nightly_done" });\n  process.exit(0);\n}\nrun();\n`;
    expect(codes(src, F, "src/tasks/nightly.ts")).toEqual([`${F}@src/tasks/nightly.ts:4`]);
  });
  it("valid: the same job flushes before it exits; a module that never exits is left alone", () => {
    const flushed = `${IMP}async function run() {\n  analytics.track({ userId: "job", event: "nightly_done" });\n  await analytics.closeAndFlush();\n  process.exit(0);\n}\nrun();\n`;
    const service = `${IMP}export function note(id: string) {\n  analytics.track({ userId: id, event: "noted" });\n}\n`;
    expect(codes({ "src/tasks/nightly.ts": flushed, "src/lib/notes.ts": service }, F)).toEqual([]);
  });
});

describe("client factories across files", () => {
  const CPR = "client_per_request";
  const factory = `import { APIClient, TrackClient } from "customerio-node";\nexport function makeApi(token: string) {\n  return new APIClient(token);\n}\nexport const forTenant = (t: { site: string; key: string }) => new TrackClient(t.site, t.key);\n`;
  it("valid: a factory in its own module whose callers, through a barrel, all run at module load", () => {
    const files = {
      "src/cio/factory.ts": factory,
      "src/cio/index.ts": `export { makeApi, forTenant } from "./factory";\n`,
      "src/mail.ts": `import { makeApi } from "./cio";\nconst api = makeApi(process.env.CIO_APP_API_KEY!);\nexport const send = (m: object) => api.sendEmail(m);\n`,
      "src/tenants.ts": `import { forTenant as tenantClient } from "./cio/factory";\nexport const main = tenantClient({ site: process.env.S!, key: process.env.K! });\n`,
    };
    expect(codes(files, CPR)).toEqual([]);
  });
  it("invalid: the same factory called inside a request handler in another file (forTenant, called nowhere, is reported as before)", () => {
    const files = {
      "src/cio/factory.ts": factory,
      "src/routes.ts": `import express from "express";\nimport { makeApi } from "./cio/factory";\nconst app = express();\napp.post("/mail", async (req, res) => {\n  await makeApi(process.env.CIO_APP_API_KEY!).sendEmail(req.body);\n  res.sendStatus(202);\n});\n`,
    };
    expect(codes(files, CPR)).toEqual([`${CPR}@src/cio/factory.ts:3`, `${CPR}@src/cio/factory.ts:5`]);
  });

  const W = "wrong_key_type";
  it("invalid: a factory that builds an APIClient from its parameter is given the Track key (reported at the caller, with the chain)", () => {
    const files = {
      "src/cio/factory.ts": factory,
      "src/mail.ts": `import { makeApi } from "./cio";\nexport const api = makeApi(process.env.CUSTOMERIO_TRACK_API_KEY!);\n`,
      "src/cio/index.ts": `export * from "./factory";\n`,
    };
    const found = findingsOf(files, W);
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(["src/mail.ts:2"]);
    expect(found[0]!.via?.map((s) => s.file)).toEqual(["src/mail.ts", "src/cio/factory.ts"]);
  });
  it("valid: the same factory given the App API key, and a function of the same name that builds no client", () => {
    const files = {
      "src/cio/factory.ts": factory,
      "src/mail.ts": `import { makeApi } from "./cio/factory";\nexport const api = makeApi(process.env.CUSTOMERIO_APP_API_KEY!);\n`,
      "src/other.ts": `function makeApi(k: string) { return { k }; }\nexport const x = makeApi(process.env.CUSTOMERIO_TRACK_API_KEY!);\n`,
    };
    expect(codes(files, W)).toEqual([]);
  });
  it("hostile input: 3,000 factory calls across 30 files are gathered once per project", () => {
    const files: Record<string, string> = { "src/cio/factory.ts": factory };
    for (let f = 0; f < 30; f++) files[`src/m${f}.ts`] = `import { makeApi } from "./cio/factory";\n` + Array.from({ length: 100 }, (_, i) => `export const a${i} = makeApi(process.env.CUSTOMERIO_APP_API_KEY!);\n`).join("");
    const t0 = Date.now();
    expect(codes(files, CPR)).toEqual([`${CPR}@src/cio/factory.ts:5`]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe("wrong_key_type: calls on an HTTP client made with a Customer.io base URL", () => {
  const W = "wrong_key_type";
  const head = `const axios = require("axios");\nconst api = axios.create({ baseURL: process.env.EU ? "https://api-eu.customer.io/v1" : "https://api.customer.io/v1" });\n`;
  it("invalid: a Bearer Track key in the config argument of instance.post (the third, for axios)", () => {
    const src = `${head}exports.trigger = (id) => api.post(\`/campaigns/\${id}/triggers\`, {}, { headers: { Authorization: \`Bearer \${process.env.CIO_TRACK_API_KEY}\` } });\n`;
    expect(codes(src, W, "b.js")).toEqual([`${W}@b.js:3`]);
  });
  it("valid: the App API key on the same instance, and the Track key in the request body of post (not a header)", () => {
    const src = `${head}exports.get = (id) => api.get(\`/customers/\${id}\`, { headers: { Authorization: \`Bearer \${process.env.CIO_APP_API_KEY}\` } });\nexports.p = () => api.post("/x", { headers: { Authorization: \`Bearer \${process.env.CIO_TRACK_API_KEY}\` } });\n`;
    expect(codes(src, W, "b.js")).toEqual([]);
  });
});

describe("blocking_request_path: a helper that swallows errors is still waited for", () => {
  const B = "blocking_request_path";
  const helper = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\nexport function note(id: string, name: string) {\n  return cio.track(id, { name }).catch((e: Error) => console.warn(e.message));\n}\n`;
  it("invalid: a tRPC mutation awaits the helper (its promise settles only after the Track call)", () => {
    const files = {
      "src/lib/note.ts": helper,
      "src/routers/team.ts": `import { initTRPC } from "@trpc/server";\nimport { note } from "../lib/note";\nconst t = initTRPC.create();\nexport const teamRouter = t.router({\n  rename: t.procedure.mutation(async ({ ctx, input }) => {\n    await note(ctx.userId, "team_renamed");\n    return { ok: true };\n  }),\n});\n`,
    };
    expect(codes(files, B)).toEqual([`${B}@src/routers/team.ts:6`]);
  });
  it("valid: the same helper called with void, and a .catch() left unawaited in the handler itself", () => {
    const files = {
      "src/lib/note.ts": helper,
      "src/routers/team.ts": `import { initTRPC } from "@trpc/server";\nimport { note } from "../lib/note";\nimport { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\nconst t = initTRPC.create();\nexport const teamRouter = t.router({\n  rename: t.procedure.mutation(async ({ ctx }) => {\n    void note(ctx.userId, "team_renamed");\n    cio.track(ctx.userId, { name: "team_touched" }).catch(() => {});\n    return { ok: true };\n  }),\n});\n`,
    };
    expect(codes(files, B)).toEqual([]);
  });
});

describe("blocking_request_path: a node:http server that dispatches through a table", () => {
  const B = "blocking_request_path";
  const handlers = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\nconst reply = (res, code) => { res.statusCode = code; res.end(); };\nexport async function signup(req, res) {\n  await cio.identify("u1", { plan: "free" });\n  reply(res, 201);\n}\nexport async function ping(req, res) {\n  reply(res, 202);\n  await cio.track("u1", { name: "pinged" });\n}\n`;
  it("invalid: a handler module's function, named in a route table the server looks up, awaits the client before answering", () => {
    const files = {
      "src/handlers.js": handlers,
      "src/server.js": `import { createServer } from "node:http";\nimport * as h from "./handlers.js";\nconst table = { "/signup": h.signup, "/ping": h.ping };\ncreateServer((req, res) => {\n  const fn = table[req.url] ?? null;\n  if (!fn) { res.statusCode = 404; return res.end(); }\n  fn(req, res).catch(() => res.end());\n}).listen(8080);\n`,
    };
    // ping answers through reply(res, 202) first: the await after it does not hold the response.
    expect(codes(files, B)).toEqual([`${B}@src/handlers.js:5`]);
  });
  it("valid: the same module when no server dispatches to it (a worker imports it)", () => {
    const files = {
      "src/handlers.js": handlers,
      "src/worker.js": `import * as h from "./handlers.js";\nconst jobs = { a: h.signup };\nexport async function run(job) {\n  await jobs[job.kind](job.data, { end() {} });\n}\n`,
    };
    expect(codes(files, B)).toEqual([]);
  });
  it("hostile input: a 20,000-entry dispatch table is read up to its bound", () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => `"/r${i}": async (req, res) => { res.end(); }`).join(",\n");
    const src = `import http from "node:http";\nconst routes = {\n${entries}\n};\nhttp.createServer((req, res) => routes[req.url](req, res)).listen(1);\n`;
    const t0 = Date.now();
    expect(codes(src, B, "s.js")).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

describe("client_per_request: a client stored on the request context", () => {
  const CPR = "client_per_request";
  const IMP = 'import { TrackClient } from "customerio-node";\n';
  it("invalid: Koa middleware from a factory puts a new client on ctx.state for every request; Express middleware on req", () => {
    const src = `${IMP}export function withCio() {\n  return async (ctx, next) => {\n    ctx.state.cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\n    await next();\n  };\n}\nexport const attach = (req, _res, next) => {\n  req.cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\n  next();\n};\n`;
    expect(codes(src, CPR)).toEqual([`${CPR}@a.ts:4`, `${CPR}@a.ts:9`]);
  });
  it("valid: a lazily cached client on this or a module object, and a setup function decorating the app once", () => {
    const src = `${IMP}const cache: { cio?: TrackClient } = {};\nexport function cio() {\n  if (!cache.cio) cache.cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\n  return cache.cio;\n}\nexport class Mailer {\n  private c?: TrackClient;\n  get client() {\n    this.c ??= new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\n    return this.c;\n  }\n}\nexport function setup(app: { cio?: TrackClient }) {\n  app.cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\n}\n`;
    expect(codes(src, CPR)).toEqual([]);
  });
  it("hostile input: a 300-link member chain on the left of the assignment (followed at most 16 links, then left alone)", () => {
    const src = `${IMP}export const mw = (ctx, next) => {\n  ctx${".a".repeat(300)} = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\n  return next();\n};\n`;
    expect(codes(src, CPR)).toEqual([]);
  });
});
