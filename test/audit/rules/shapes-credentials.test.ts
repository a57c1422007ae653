/**
 * Credential shapes for hardcoded_credentials: a literal written as the
 * fallback of a Customer.io environment variable, and a literal "site:key"
 * pair base64-encoded into a Basic Authorization header.
 */
import { describe, expect, it } from "vitest";
import { auditFiles, codes } from "./helpers.js";

const C = "hardcoded_credentials";
const KEY = "7d3f0a9c2b8e4d1f6a5c";
const SITE = "e4b1c9d07a3f2e8b6c5d";

describe("hardcoded_credentials: a literal fallback for a Customer.io environment variable", () => {
  it("invalid: || and ?? fallbacks under any name, in a config callback (registerAs-style namespace) and in a plain variable", () => {
    const nest = `import { registerAs } from "@nestjs/config";\nexport default registerAs("customerio", () => ({\n  site: process.env.CIO_SITE_ID,\n  trackKey: process.env.CIO_TRACK_API_KEY ?? "${KEY}",\n}));\n`;
    expect(codes(nest, C)).toEqual([`${C}@a.ts:4`]);
    const plain = `const k = process.env.CUSTOMERIO_APP_API_KEY || "${KEY}";\nexport const headers = { Authorization: \`Bearer \${k}\` };\n`;
    expect(codes(plain, C)).toEqual([`${C}@a.ts:1`]);
    const out = JSON.stringify(auditFiles({ "a.ts": plain }).findings);
    expect(out).not.toContain(KEY);
  });

  it("valid: placeholder, empty and short fallbacks; fallbacks of other services' variables; another env variable as the fallback", () => {
    for (const fallback of ["changeme", "", "xxx", "<key>", "test", "your-track-api-key-here"]) {
      expect(codes(`const k = process.env.CIO_TRACK_API_KEY ?? "${fallback}";\n`, C)).toEqual([]);
    }
    expect(codes(`const k = process.env.STRIPE_SECRET_KEY || "${KEY}";\n`, C)).toEqual([]);
    expect(codes(`const region = process.env.CIO_REGION ?? "us";\nconst k = process.env.CIO_TRACK_API_KEY ?? process.env.CIO_KEY;\n`, C)).toEqual([]);
  });
});

describe("hardcoded_credentials: a literal site:key pair encoded into a Basic header", () => {
  const url = `"https://track.customer.io/api/v1/customers/1"`;
  it("invalid: btoa(\"site:key\") in a Worker's header constant, and Buffer.from(\"site:key\").toString(\"base64\") inline", () => {
    const worker = `const AUTH = "Basic " + btoa("${SITE}:${KEY}");\nexport default {\n  async fetch() {\n    await fetch(${url}, { method: "PUT", headers: { Authorization: AUTH }, body: "{}" });\n    return new Response("");\n  },\n};\n`;
    expect(codes(worker, C)).toEqual([`${C}@a.ts:1`]);
    const node = `export const put = () => fetch(${url}, {\n  method: "PUT",\n  headers: { Authorization: \`Basic \${Buffer.from("${SITE}:${KEY}").toString("base64")}\` },\n});\n`;
    expect(codes(node, C)).toEqual([`${C}@a.ts:3`]);
    const out = JSON.stringify(auditFiles({ "a.ts": worker }).findings);
    expect(out).not.toContain(KEY);
  });

  it("valid: the pair built from the environment, placeholder pairs, and a literal pair sent to another host", () => {
    expect(codes(`const AUTH = "Basic " + btoa(\`\${env.CIO_SITE_ID}:\${env.CIO_API_KEY}\`);\nexport const f = () => fetch(${url}, { headers: { Authorization: AUTH } });\n`, C)).toEqual([]);
    expect(codes(`const AUTH = "Basic " + btoa("site_id:api_key");\nexport const f = () => fetch(${url}, { headers: { Authorization: AUTH } });\n`, C)).toEqual([]);
    expect(codes(`const AUTH = "Basic " + btoa("xxx:changeme");\nexport const f = () => fetch(${url}, { headers: { Authorization: AUTH } });\n`, C)).toEqual([]);
    expect(codes(`const AUTH = "Basic " + btoa("${SITE}:${KEY}");\nexport const f = () => fetch("https://hooks.example.com/x", { headers: { Authorization: AUTH } });\n`, C)).toEqual([]);
  });
});
