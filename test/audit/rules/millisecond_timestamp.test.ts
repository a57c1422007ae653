import { describe, expect, it } from "vitest";
import { codes, SDK } from "./helpers.js";

const C = "millisecond_timestamp";

describe("millisecond_timestamp", () => {
  it("invalid: in identify, track data and timestamp, raw HTTP bodies, and through helper parameters", () => {
    expect(codes(`${SDK}cio.identify("1", { created_at: Date.now() });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`${SDK}cio.track("1", { name: "x", timestamp: new Date().getTime() });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`${SDK}cio.track("1", { name: "x", data: { paid_at: Date.parse(s) } });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`export const f = (id) => fetch(\`https://track.customer.io/api/v1/customers/\${id}\`, { method: "PUT", body: JSON.stringify({ seen_at: Date.now() }) });\n`, C)).toEqual([`${C}@a.ts:1`]);
    const files = {
      "cio.ts": `${SDK}export async function identify(user) {\n  await cio.identify(user.id, { created_at: user.createdAt });\n}\nexport const update = (id, attrs) => cio.identify(id, attrs);\n`,
      "route.ts": `import { identify, update } from "./cio";\nidentify({ id: "1", createdAt: new Date().getTime() });\nupdate("1", { last_login_at: Date.now() });\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@route.ts:2`, `${C}@route.ts:3`]);
  });

  it("valid: seconds, ISO strings, unknown values, non-time keys, other SDKs", () => {
    expect(codes(`${SDK}cio.identify("1", { created_at: Math.floor(Date.now() / 1000), seen: new Date().toISOString(), n: Date.now(), at: user.created_at });\n`, C)).toEqual([]);
    expect(codes(`import Analytics from "analytics-node";\nconst analytics = new Analytics("k");\nanalytics.identify({ userId: "1", traits: { created_at: Date.now() } });\n`, C)).toEqual([]);
    expect(codes({ "cio.ts": `${SDK}export const update = (id, attrs) => cio.identify(id, attrs);\n`, "b.ts": `import { update } from "./cio";\nupdate("1", { created_at: Math.round(Date.now() / 1e3) });\n` }, C)).toEqual([]);
  });
});

describe("millisecond_timestamp through returned values", () => {
  it("invalid: a field of an object a project function returns, awaited into a local", () => {
    const files = {
      "store.ts": `export const store = {\n  async join(id) {\n    return { id, joinedAt: Date.now() };\n  },\n};\n`,
      "a.ts": `${SDK}import { store } from "./store";\nexport async function f(id) {\n  const m = await store.join(id);\n  await cio.identify(id, { joined_at: m.joinedAt });\n}\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@a.ts:6`]);
  });
  it("valid: the returned field is in seconds, or unknown", () => {
    const files = {
      "store.ts": `export const store = { async join(id) { return { id, joinedAt: Math.floor(Date.now() / 1000), other: row.at }; } };\n`,
      "a.ts": `${SDK}import { store } from "./store";\nexport async function f(id) {\n  const m = await store.join(id);\n  await cio.identify(id, { joined_at: m.joinedAt, other_at: m.other });\n}\n`,
    };
    expect(codes(files, C)).toEqual([]);
  });
});
