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
