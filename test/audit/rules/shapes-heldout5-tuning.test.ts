/**
 * Shapes met while tuning on held-out set 5, each written here from scratch:
 * credentials joined to their scheme with `+`, got clients given the key as
 * username/password through a constructor, route handlers passed through an
 * error-forwarding wrapper, and clients built once by NestJS providers.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const K = "wrong_key_type";

describe("wrong_key_type: a credential concatenated onto its scheme", () => {
  it("invalid: the Track key appended to 'Bearer ' for an App API client", () => {
    const src = `const ky = require("axios");\nconst settings = require("./settings");\nmodule.exports = ky.create({\n  baseURL: "https://api.customer.io/v1",\n  headers: { authorization: "Bearer " + settings.customerio.trackApiKey },\n});\n`;
    expect(codes(src, K, "a.js")).toEqual([`${K}@a.js:5`]);
  });
  it("valid: the App key appended, and a sum of two names (no single credential)", () => {
    const ok = `import axios from "axios";\nexport const c = axios.create({ baseURL: "https://api.customer.io/v1", headers: { Authorization: "Bearer " + env.CIO_APP_API_KEY } });\n`;
    expect(codes(ok, K)).toEqual([]);
    const two = `import axios from "axios";\nexport const c = axios.create({ baseURL: "https://api.customer.io/v1", headers: { Authorization: "Bearer " + trackKey + appKey } });\n`;
    expect(codes(two, K)).toEqual([]);
  });
  it("hostile: a 2,000-term concatenation is judged in bounded time", () => {
    const terms = Array.from({ length: 2_000 }, (_, i) => `"p${i}"`).join(" + ");
    const src = `import axios from "axios";\nexport const c = axios.create({ baseURL: "https://api.customer.io/v1", headers: { Authorization: "Bearer " + ${terms} + env.TRACK_API_KEY } });\n`;
    const t0 = performance.now();
    codes(src, K);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });
});

const P = "client_per_request";
const NEST = 'import { Module, Scope } from "@nestjs/common";\nimport { TrackClient, APIClient } from "customerio-node";\n';

describe("client_per_request: clients built by NestJS providers", () => {
  it("valid: useFactory (arrow, block body, method) and useValue in a module's forRoot are built once per application", () => {
    const arrow = `${NEST}@Module({ providers: [{ provide: "TRACK", inject: [Cfg], useFactory: (c: Cfg) => new TrackClient(c.site, c.key) }] })\nexport class M {}\n`;
    expect(codes(arrow, P)).toEqual([]);
    const block = `${NEST}export const apiProvider = { provide: "API", async useFactory(c: Cfg) { const key = await c.load(); return new APIClient(key); } };\nexport const other = { provide: "T", useFactory: async (c: Cfg) => { return new TrackClient(c.a, c.b); }, scope: Scope.DEFAULT };\n`;
    expect(codes(block, P)).toEqual([]);
    const dyn = `${NEST}export class CioModule {\n  static forRoot(opts: { site: string; key: string }) {\n    return { module: CioModule, providers: [{ provide: "TRACK", useValue: new TrackClient(opts.site, opts.key) }] };\n  }\n}\n`;
    expect(codes(dyn, P)).toEqual([]);
  });
  it("invalid: a request- or transient-scoped provider, and a useFactory key outside any provider", () => {
    const req = `${NEST}export const p = { provide: "TRACK", scope: Scope.REQUEST, useFactory: (c: Cfg) => new TrackClient(c.site, c.key) };\n`;
    expect(codes(req, P)).toEqual([`${P}@a.ts:3`]);
    const tr = `${NEST}export const p = { provide: "API", useFactory: (c: Cfg) => new APIClient(c.key), scope: Scope.TRANSIENT };\n`;
    expect(codes(tr, P)).toEqual([`${P}@a.ts:3`]);
    const loose = `${NEST}export function options(site: string, key: string) { return { useFactory: () => new TrackClient(site, key) }; }\n`;
    expect(codes(loose, P)).toEqual([`${P}@a.ts:3`]);
  });
});

const B = "blocking_request_path";
const CIO = 'import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\n';

describe("blocking_request_path: handlers passed through an error-forwarding wrapper", () => {
  it("invalid: a wrapper package, a local curried arrow, an imported default-exported function, a handler named by reference", () => {
    const pkg = `${CIO}import handle from "express-async-handler";\nimport { Router } from "express";\nconst r = Router();\nr.put("/me", handle(async (req, res) => {\n  await cio.identify(req.user.id, { seen: 1 });\n  res.sendStatus(204);\n}));\n`;
    expect(codes(pkg, B)).toEqual([`${B}@a.ts:7`]);
    const local = `${CIO}import express from "express";\nconst app = express();\nconst guard = (h) => (req, res, next) => Promise.resolve(h(req, res, next)).catch(next);\napp.post("/buy", guard(async (req, res) => {\n  await cio.track(req.body.uid, { name: "bought" });\n  res.json({});\n}));\n`;
    expect(codes(local, B)).toEqual([`${B}@a.ts:7`]);
    const files = {
      "util/safe.ts": `export default function safe(action) {\n  function run(req, res, next) {\n    return action.call(null, req, res, next).catch(next);\n  }\n  return run;\n}\n`,
      "routes/r.ts": `${CIO}import { Router } from "express";\nimport safe from "../util/safe";\nexport const r = Router();\nasync function create(req, res) {\n  await cio.identify(req.body.id, {});\n  res.end();\n}\nr.post("/items", safe(create));\n`,
    };
    expect(codes(files, B)).toEqual([`${B}@routes/r.ts:7`]);
  });
  it("valid: a call that does not call its argument, a wrapped function never registered, an answer sent before the await", () => {
    const keep = `${CIO}import express from "express";\nconst app = express();\nconst memo = (f) => { const saved = [f]; return (req, res) => res.json(saved.length); };\napp.post("/a", memo(async () => { await cio.track("1", { name: "x" }); }));\n`;
    expect(codes(keep, B)).toEqual([]);
    const unused = `${CIO}const guard = (h) => (req, res, next) => h(req, res, next).catch(next);\nexport const job = guard(async () => { await cio.track("1", { name: "nightly" }); });\n`;
    expect(codes(unused, B)).toEqual([]);
    const early = `${CIO}import express from "express";\nimport handle from "express-async-handler";\nconst app = express();\napp.post("/b", handle(async (req, res) => { res.status(202).end(); await cio.track("1", { name: "later" }); }));\n`;
    expect(codes(early, B)).toEqual([]);
  });
  it("hostile: 3,000 wrapped routes and a wrapper with a very long body stay fast", () => {
    const body = Array.from({ length: 5_000 }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const routes = Array.from({ length: 3_000 }, (_, i) => `app.post("/r${i}", guard(async (req, res) => { res.end(); }));`).join("\n");
    const src = `import express from "express";\nconst app = express();\nfunction guard(h) {\n  return (req, res, next) => {\n${body}\n    return h(req, res, next);\n  };\n}\n${routes}\n`;
    const t0 = performance.now();
    expect(codes(src, B)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe("wrong_key_type: got's username/password to the Track API", () => {
  const cls = (args: string) =>
    `import got from "got";\nclass Cio {\n  api;\n  constructor(site: string, secret: string) {\n    this.api = got.extend({ prefixUrl: "https://track.customer.io/api/v1", username: site, password: secret });\n  }\n}\nexport const cio = new Cio(${args});\n`;
  it("invalid: a constructor handed the App key, a function handed it, the App key written in place", () => {
    expect(codes(cls("env.CUSTOMERIO_SITE_ID, env.CUSTOMERIO_APP_KEY"), K)).toEqual([`${K}@a.ts:8`]);
    const fn = `import got from "got";\nfunction trackApi(site, secret) {\n  return got.extend({ prefixUrl: "https://track-eu.customer.io/api/v1", username: site, password: secret });\n}\nexport const t = trackApi(cfg.siteId, cfg.appApiKey);\n`;
    expect(codes(fn, K)).toEqual([`${K}@a.ts:5`]);
    const direct = `import got from "got";\nexport const t = got.extend({ prefixUrl: "https://track.customer.io/api/v1", username: cfg.siteId, password: cfg.appApiKey });\n`;
    expect(codes(direct, K)).toEqual([`${K}@a.ts:2`]);
  });
  it("valid: the Track key, a call of a same-named function that is not the constructor, and an App API client with the App key", () => {
    expect(codes(cls("env.CUSTOMERIO_SITE_ID, env.CUSTOMERIO_TRACK_API_KEY"), K)).toEqual([]);
    const notNew = `import got from "got";\nfunction mk(site, secret) { return got.extend({ prefixUrl: "https://track.customer.io/api/v1", username: site, password: secret }); }\nexport const x = new mk(a, cfg.trackApiKey);\n`;
    expect(codes(notNew, K)).toEqual([]);
    const app = `import got from "got";\nexport const a = got.extend({ prefixUrl: "https://api.customer.io/v1", headers: { authorization: \`Bearer \${cfg.appApiKey}\` } });\n`;
    expect(codes(app, K)).toEqual([]);
  });
  it("hostile: 5,000 constructions of the client class are read in one walk", () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `export const c${i} = new Cio(env.SITE_${i}, env.TRACK_KEY_${i});`).join("\n");
    const t0 = performance.now();
    expect(codes(cls("env.S, env.CIO_TRACK_API_KEY") + many + "\n", K)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
