import { describe, expect, it } from "vitest";
import { codes, findingsOf, SDK } from "./helpers.js";

const C = "dynamic_event_name";

describe("dynamic_event_name", () => {
  it("invalid: template and concatenation with a variable part, in SDK, Pipelines, snippet and helper calls", () => {
    expect(codes(`${SDK}cio.track("1", { name: \`viewed_\${sku}\` });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`import { PipelinesClient } from "customerio-node";\nconst p = new PipelinesClient("k");\np.track({ userId: "1", event: "Searched " + q });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`_cio.track(\`clicked_\${button}\`, {});\n`, C, "a.js")).toEqual([`${C}@a.js:1`]);
    const files = { "lib.ts": `${SDK}export const ev = (id, name) => cio.track(id, { name, data: {} });\n`, "b.ts": `import { ev } from "./lib";\nev("1", \`step_\${n}\`);\n` };
    const [f] = findingsOf(files, C);
    expect(`${f!.file}:${f!.line}`).toBe("b.ts:2");
    expect(f!.via).toHaveLength(2);
  });

  it("valid: literals, constants (also imported), ternaries of literals, a plain variable", () => {
    expect(codes(`${SDK}const E = { A: "a_done" };\ncio.track("1", { name: E.A });\ncio.track("1", { name: ok ? "x_done" : "y_done" });\ncio.track("1", { name: eventName });\n`, C)).toEqual([]);
    const files = { "events.ts": `export const EVENTS = { JOINED: "member_joined" } as const;\n`, "b.ts": `${SDK}import { EVENTS } from "./events";\ncio.track("1", { name: EVENTS.JOINED });\n` };
    expect(codes(files, C)).toEqual([]);
  });
});

describe("dynamic_event_name through string methods", () => {
  it("invalid: join, concat and case changes of a built name", () => {
    expect(codes(`${SDK}cio.track("1", { name: ["order", status].join("_") });\ncio.track("1", { name: "plan_".concat(plan) });\ncio.track("1", { name: \`viewed_\${page}\`.toLowerCase() });\n`, C)).toEqual([`${C}@a.ts:3`, `${C}@a.ts:4`, `${C}@a.ts:5`]);
  });
  it("valid: string methods on fixed names", () => {
    expect(codes(`${SDK}cio.track("1", { name: ["order", "paid"].join("_") });\ncio.track("1", { name: "Signed Up".toLowerCase() });\n`, C)).toEqual([]);
  });
});

describe("dynamic_event_name on fixed strings that hold ids", () => {
  it("invalid: numbers, UUIDs and dates in a literal name (the domain's definition)", () => {
    expect(codes(`${SDK}cio.track("1", { name: "viewed_product_12345" });\ncio.track("1", { name: "order_3f2a9c1e-7b2d-4a60-9d8c-7b6a5f4e3d2c_paid" });\n`, C)).toEqual([`${C}@a.ts:3`, `${C}@a.ts:4`]);
  });
  it("valid: versions and short numbers", () => {
    expect(codes(`${SDK}cio.track("1", { name: "checkout_v2" });\ncio.track("1", { name: "step_3_done" });\n`, C)).toEqual([]);
  });
});
