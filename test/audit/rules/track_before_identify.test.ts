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

describe("track_before_identify through helpers", () => {
  const lib = `${SDK}export const trackEvent = (userId, name) => cio.track(userId, { name });\nexport async function identifyUser(user) { await cio.identify(user, { plan: "x" }); }\n`;
  it("invalid: a track helper before an identify helper for the same person", () => {
    expect(codes({ "lib.ts": lib, "signup.ts": `import { trackEvent, identifyUser } from "./lib";\nexport async function signup(u) {\n  await trackEvent(u.id, "signed_up");\n  await identifyUser(u.id);\n}\n` }, C)).toEqual([`${C}@signup.ts:3`]);
  });
  it("valid: identify helper first; a helper that does both is neither", () => {
    expect(codes({ "lib.ts": lib, "signup.ts": `import { trackEvent, identifyUser } from "./lib";\nexport async function signup(u) {\n  await identifyUser(u.id);\n  await trackEvent(u.id, "signed_up");\n}\n` }, C)).toEqual([]);
    const both = `${SDK}export async function onboard(id) { await cio.identify(id, {}); await cio.track(id, { name: "x" }); }\n`;
    expect(codes({ "lib.ts": both, "b.ts": `import { onboard } from "./lib";\nexport async function f(u) {\n  await onboard(u.id);\n  await onboard(u.id);\n}\n` }, C)).toEqual([]);
  });
});
