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

describe("track_before_identify for Pipelines, the snippet and aliases", () => {
  it("invalid: Pipelines track before identify; the snippet; an alias of the same id", () => {
    expect(codes(`import { Analytics } from "@customerio/cdp-analytics-node";\nconst analytics = new Analytics({ writeKey: "k" });\nexport function f(u) {\n  analytics.track({ userId: u.id, event: "Signed Up" });\n  analytics.identify({ userId: u.id, traits: {} });\n}\n`, C)).toEqual([`${C}@a.ts:4`]);
    expect(codes(`export function onLoad(user) {\n  _cio.track("viewed_pricing", {});\n  _cio.identify({ id: user.id });\n}\n`, C, "a.js")).toEqual([`${C}@a.js:2`]);
    expect(codes(`${SDK}export async function f(user) {\n  const id = user.id;\n  await cio.track(id, { name: "a" });\n  await cio.identify(user.id, {});\n}\n`, C)).toEqual([`${C}@a.ts:5`]);
  });
  it("valid: identify first in the browser", () => {
    expect(codes(`export function onLoad(user) {\n  _cio.identify({ id: user.id });\n  _cio.track("viewed_pricing", {});\n}\n`, C, "a.js")).toEqual([]);
  });
});
