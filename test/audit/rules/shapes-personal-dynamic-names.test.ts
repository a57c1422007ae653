/**
 * The labelling convention for event names built from personal data: such
 * a name is reported as dynamic_event_name (each person makes a new event)
 * and as pii_in_event_name (personal data in a name that cannot be erased).
 */
import { describe, expect, it } from "vitest";
import { codes, SDK } from "./helpers.js";

const NAMES = ["dynamic_event_name", "pii_in_event_name"];
const only = (src: string) => codes(src).filter((c) => NAMES.some((n) => c.startsWith(`${n}@`)));

describe("names built from personal data", () => {
  it("invalid: a template or a concatenation with an email or a phone number is both codes", () => {
    expect(only(`${SDK}export const f = (u: { id: string; email: string }) => cio.track(u.id, { name: \`reset_\${u.email}\` });\n`)).toEqual(["dynamic_event_name@a.ts:3", "pii_in_event_name@a.ts:3"]);
    expect(only(`${SDK}export const f = (u: { id: string; phone: string }) => cio.track(u.id, { name: "sms_to_" + u.phone });\n`)).toEqual(["dynamic_event_name@a.ts:3", "pii_in_event_name@a.ts:3"]);
  });

  it("a name built from something else is only dynamic; a fixed literal holding an address is only personal", () => {
    expect(only(`${SDK}export const f = (id: string, sku: string) => cio.track(id, { name: \`viewed_\${sku}\` });\n`)).toEqual(["dynamic_event_name@a.ts:3"]);
    expect(only(`${SDK}export const f = (id: string) => cio.track(id, { name: "sent_to_jane.roe@example.org" });\n`)).toEqual(["pii_in_event_name@a.ts:3"]);
    expect(only(`${SDK}export const f = (id: string) => cio.track(id, { name: "password_reset" });\n`)).toEqual([]);
  });
});
