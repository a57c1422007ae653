/**
 * The shapes added for SvelteKit, Fastify, request helpers and Basic pairs
 * stay bounded on hostile input: long ranges, deep concatenations, many
 * decorations and request helpers calling each other in a ring.
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
});
