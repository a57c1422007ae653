/**
 * track_before_identify across a promise chain (track(...).then(() =>
 * identify(...)) runs the identify after the track), and identifies that
 * only keep a status current (last_…, …_status, …_count, a time of
 * change; nothing personal, no sign-up time), which an earlier identify
 * must have introduced.
 */
import { describe, expect, it } from "vitest";
import { codes, SDK } from "./helpers.js";

const C = "track_before_identify";

describe("track_before_identify: promise chains", () => {
  it("invalid: the identify runs in a .then callback hung on the track, reported on the .track line", () => {
    const src = `${SDK}export default async function signup(req, res) {\n  const { id, email } = req.body;\n  cio\n    .track(id, { name: "signed_up" })\n    .then(() => cio.identify(id, { email }))\n    .catch(() => {});\n  res.status(201).end();\n}\n`;
    expect(codes(src, C, "pages/api/signup.ts")).toEqual([`${C}@pages/api/signup.ts:6`]);
  });

  it("invalid: the identify after a .catch link and in a function expression", () => {
    const src = `${SDK}export function join(id: string, email: string) {\n  return cio.track(id, { name: "joined" }).catch(() => null).then(function () { return cio.identify(id, { email }); });\n}\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:4`]);
  });

  it("valid: identify first and track in the .then; another person in the callback; identify in a .catch", () => {
    const src = `${SDK}export function a(id: string, email: string) {\n  return cio.identify(id, { email }).then(() => cio.track(id, { name: "joined" }));\n}\nexport function b(id: string, other: string, email: string) {\n  return cio.track(id, { name: "invited" }).then(() => cio.identify(other, { email }));\n}\nexport function c(id: string, email: string) {\n  return cio.track(id, { name: "x" }).catch(() => cio.identify(id, { email }));\n}\n`;
    expect(codes(src, C)).toEqual([]);
  });
});

describe("track_before_identify: identifies that only record state", () => {
  it("valid: a queue handler tracks a status change, then records the status on the profile", () => {
    const src = `${SDK}export async function handler(event: { Records: Array<{ body: string }> }) {\n  const msg = JSON.parse(event.Records[0]!.body);\n  await cio.track(msg.customerId, { name: "order_status_changed" });\n  await cio.identify(msg.customerId, { last_order_status: msg.status, last_order_at: 1 });\n}\n`;
    expect(codes(src, C, "src/handlers/status.ts")).toEqual([]);
  });

  it("invalid: the identify after the track says who the person is or when they joined, or is not a literal", () => {
    for (const attrs of ["{ email: m.email }", "{ last_status: 1, created_at: 1 }", "{ plan: m.plan }", "{ ...m }", "attrs"]) {
      const src = `${SDK}export async function handler(m: any, attrs: any) {\n  await cio.track(m.id, { name: "joined" });\n  await cio.identify(m.id, ${attrs});\n}\n`;
      expect(codes(src, C, "src/h.ts")).toEqual([`${C}@src/h.ts:4`]);
    }
  });
});
