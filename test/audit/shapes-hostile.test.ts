/**
 * The shapes added for SvelteKit, Fastify, request helpers, Basic pairs,
 * route tables, server objects, controllers and promise chains stay
 * bounded on hostile input: long ranges, deep concatenations, many
 * decorations, request helpers calling each other in a ring, huge route
 * objects and parameter patterns, long member and promise chains.
 */
import { describe, expect, it } from "vitest";
import { rangeAdmits } from "../../src/audit/sdk-versions.js";
import { auditFiles } from "./rules/helpers.js";

const timed = (fn: () => void) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

describe("bounded on hostile input", () => {
  it("reads a very long version range in constant time", () => {
    expect(timed(() => expect(rangeAdmits(`^${"1.".repeat(200_000)}`, "3.4.2")).toBe(false))).toBeLessThan(200);
  });

  it("audits a long concatenated Basic credential, thousands of decorations and a ring of request helpers quickly", () => {
    const concat = `export const f = () => fetch("https://track.customer.io/api/v1/customers/1", { method: "PUT", headers: { Authorization: "Basic " + btoa(${Array.from({ length: 300 }, (_, i) => `a${i}`).join(' + ":" + ')}) }, body: "{}" });\n`;
    const decorations = `${Array.from({ length: 3000 }, (_, i) => `fastify.decorate("d${i % 50}", new Thing${i}());`).join("\n")}\nfastify.post("/x", async () => { await fastify.d1.track("1", { name: "x" }); });\n`;
    const ring = Array.from({ length: 60 }, (_, i) => `async function s${i}(m: string, p: string, b: unknown) {\n  return s${(i + 1) % 60}(m, p, b);\n}\n`).join("") + `async function s60(m: string, p: string, b: unknown) {\n  await fetch(\`https://track.customer.io/api/v1\${p}\`, { method: m, body: JSON.stringify(b) });\n}\n`;
    const ms = timed(() => {
      auditFiles({ "a.ts": concat, "b.ts": decorations, "c.ts": ring });
    });
    expect(ms).toBeLessThan(5_000);
  });

  it("audits huge route objects, controller parameter patterns, long .then and member chains, and many route-shaped calls quickly", () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join(", ");
    const routeObject = `export const r = [{ ${keys}, method: "POST", path: "/x", handler: async () => { await cio.track("1", { name: "x" }); } }];\n`;
    const pattern = `export class BigController {\n  async store({ ${Array.from({ length: 20_000 }, (_, i) => `p${i}`).join(", ")}, request }: any) { await cio.track("1", { name: "x" }); }\n}\n`;
    const thens = `export const t = () => cio.track("u", { name: "x" })${".then(() => null)".repeat(400)}.then(() => cio.identify("u", { email: "e" }));\n`;
    const member = `const { trackUrl } = config${".a".repeat(400)}.customerio;\nconst api = got.extend({ prefixUrl: trackUrl });\nexport const s = () => api.post(\`customers/1/events\`, { json: { name: "x" } }).json();\n`;
    const routes = `import express from "express";\n${Array.from({ length: 5000 }, (_, i) => `x.post("/r${i}", async (req, res) => { await cio.track("1", { name: "e${i % 7}" }); res.end(); });`).join("\n")}\n`;
    const ms = timed(() => {
      auditFiles({ "d.js": routeObject, "e.ts": pattern, "f.ts": thens, "g.js": member, "h.ts": routes });
    });
    expect(ms).toBeLessThan(10_000);
  });
});
