import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const C = "client_per_request";
const IMP = 'import { TrackClient } from "customerio-node";\nimport { Analytics } from "@customerio/cdp-analytics-node";\n';

describe("client_per_request", () => {
  it("invalid: a new client in a handler or a factory called per request (SDK and Pipelines clients)", () => {
    expect(codes(`${IMP}app.post("/x", (req, res) => { const c = new TrackClient(s, k); res.end(); });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`${IMP}export function client() { return new TrackClient(s, k); }\nexport async function f() { await client().identify("1", {}); }\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`${IMP}export const handler = async () => { const a = new Analytics({ writeKey: "k" }); await a.flush(); };\n`, C)).toEqual([`${C}@a.ts:3`]);
  });

  it("valid: module level, constructors, lazy singletons, one-shot code", () => {
    expect(codes(`${IMP}export const c = new TrackClient(s, k);\nlet cached;\nexport const get = () => (cached ??= new TrackClient(s, k));\nclass S { constructor() { this.c = new TrackClient(s, k); } }\n`, C)).toEqual([]);
    for (const file of ["scripts/backfill.ts", "bin/tool.js", "migrations/001.js", "seeds/users.ts"]) {
      expect(codes({ [file]: `${IMP}async function main() { const c = new TrackClient(s, k); await c.identify("1", {}); }\nmain();\n` }, C)).toEqual([]);
    }
    expect(codes({ "tool.js": `#!/usr/bin/env node\n${IMP}function client() { return new TrackClient(s, k); }\n` }, C)).toEqual([]);
  });
});
