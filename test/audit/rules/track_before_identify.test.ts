import { describe, expect, it } from "vitest";
import { codes, SDK } from "./helpers.js";

const C = "track_before_identify";

describe("track_before_identify", () => {
  it("invalid: track for a person, then identify for the same person in one sequence", () => {
    expect(codes(`${SDK}export async function f(u) {\n  await cio.track(u.id, { name: "a" });\n  await cio.identify(u.id, {});\n}\n`, C)).toEqual([`${C}@a.ts:4`]);
  });
  it("valid: identify first, different people, different functions", () => {
    expect(codes(`${SDK}export async function f(u, v) {\n  await cio.identify(u.id, {});\n  await cio.track(u.id, { name: "a" });\n  await cio.track(v.id, { name: "a" });\n}\nexport async function g(u) { await cio.identify(u.id, {}); }\n`, C)).toEqual([]);
  });
});
