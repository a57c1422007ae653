/**
 * Payloads built by a function of the same file: identify(id, toTraits(u))
 * is checked against the object literal toTraits returns.
 */
import { describe, expect, it } from "vitest";
import { codes, SDK } from "./helpers.js";

const C = "millisecond_timestamp";

describe("millisecond_timestamp in a payload a builder returns", () => {
  it("invalid: a conditional getTime() in the returned object, passed directly or through a const", () => {
    const direct = `${SDK}function traits(u: { at: Date | null }) {\n  return {\n    plan: "pro",\n    renewed_at: u.at ? u.at.getTime() : null,\n  };\n}\nexport function sync(u: { id: string; at: Date | null }) {\n  return cio.identify(u.id, traits(u));\n}\n`;
    expect(codes(direct, C)).toEqual([`${C}@a.ts:6`]);
    const viaConst = `${SDK}const traits = (u: { at: Date }) => ({ seen_at: u.at.getTime() });\nexport async function sync(u: { id: string; at: Date }) {\n  const attrs = traits(u);\n  await cio.identify(u.id, attrs);\n}\n`;
    expect(codes(viaConst, C)).toEqual([`${C}@a.ts:3`]);
  });

  it("valid: seconds in the returned object; a builder in another file is left to that file's own calls", () => {
    const seconds = `${SDK}function traits(u: { at: Date }) {\n  return { renewed_at: Math.floor(u.at.getTime() / 1000), created_at: dayjs(u.at).unix() };\n}\nexport function sync(u: { id: string; at: Date }) {\n  return cio.identify(u.id, traits(u));\n}\n`;
    expect(codes(seconds, C)).toEqual([]);
    const files = {
      "traits.ts": `export function traits(u: { at: Date }) {\n  return { renewed_at: u.at.getTime() };\n}\n`,
      "sync.ts": `${SDK}import { traits } from "./traits";\nexport function sync(u: { id: string; at: Date }) {\n  return cio.identify(u.id, traits(u));\n}\n`,
    };
    expect(codes(files, C)).toEqual([]);
  });
});
