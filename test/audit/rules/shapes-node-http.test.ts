/**
 * Node's own HTTP client (https.request / https.get from node:https) with
 * a literal Authorization header to a Customer.io API: a hard-coded key,
 * as with fetch or axios.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const C = "hardcoded_credentials";
const KEY = "7d1f0c9e4b2a6e8d3c5f1a9b0e7d2c4f";

describe("node:https requests", () => {
  it("invalid: a literal Bearer key in https.request and https.get options (CommonJS and ESM)", () => {
    const cjs = `#!/usr/bin/env node\nconst https = require("node:https");\nconst req = https.request("https://api.customer.io/v1/campaigns", { headers: { Authorization: "Bearer ${KEY}" } }, (res) => res.resume());\nreq.end();\n`;
    expect(codes(cjs, C, "scripts/campaigns.js")).toEqual([`${C}@scripts/campaigns.js:3`]);
    const esm = `import https from "https";\nhttps.get(\`https://api.customer.io/v1/segments\`, {\n  headers: { authorization: "Bearer ${KEY}" },\n}, () => {});\n`;
    expect(codes(esm, C, "tools/segments.mjs")).toEqual([`${C}@tools/segments.mjs:3`]);
  });

  it("valid: the key from the environment, another host, a local object named https, an options-only call", () => {
    const env = `const https = require("https");\nhttps.request("https://api.customer.io/v1/segments", { headers: { Authorization: \`Bearer \${process.env.CIO_APP_KEY}\` } }).end();\n`;
    expect(codes(env, C, "scripts/a.js")).toEqual([]);
    const other = `const https = require("https");\nhttps.request("https://api.example.com/v1/segments", { headers: { Authorization: "Bearer ${KEY}" } }).end();\n`;
    expect(codes(other, C, "scripts/b.js")).toEqual([]);
    const local = `const https = { request() {} };\nhttps.request("https://api.customer.io/v1/segments", { headers: { Authorization: "Bearer ${KEY}" } });\n`;
    expect(codes(local, C, "scripts/c.js")).toEqual([]);
  });
});
