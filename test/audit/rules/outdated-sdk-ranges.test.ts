/**
 * outdated_sdk without a lockfile: a fresh install takes the newest version
 * a range allows, so only a range that cannot reach the fixed version is
 * reported; with a lockfile the locked version decides.
 */
import { describe, expect, it } from "vitest";
import { outdatedSdkFindings } from "../../../src/audit/rules/outdated_sdk.js";
import { rangeAdmits } from "../../../src/audit/sdk-versions.js";

const manifest = (range: string, locks = new Map<string, string>()) => ({
  file: "package.json",
  text: `{\n  "dependencies": {\n    "customerio-node": "${range}"\n  }\n}\n`,
  locks,
});

describe("rangeAdmits", () => {
  it("reads carets, tildes, lower bounds, x-ranges and exact versions", () => {
    expect(rangeAdmits("^3.4.1", "3.4.2")).toBe(true);
    expect(rangeAdmits("^3.4.1", "4.0.0")).toBe(false);
    expect(rangeAdmits("^0.4.1", "0.4.9")).toBe(true);
    expect(rangeAdmits("^0.4.1", "0.5.0")).toBe(false);
    expect(rangeAdmits("~3.4.1", "3.4.2")).toBe(true);
    expect(rangeAdmits("~3.2.0", "3.4.2")).toBe(false);
    expect(rangeAdmits(">=3.0.0", "3.4.2")).toBe(true);
    expect(rangeAdmits(">=3.0.0 <3.4.0", "3.4.2")).toBe(false);
    expect(rangeAdmits("3.x", "3.4.2")).toBe(true);
    expect(rangeAdmits("3.3.x", "3.4.2")).toBe(false);
    expect(rangeAdmits("3.4.1", "3.4.2")).toBe(false);
    expect(rangeAdmits("3.4.2", "3.4.2")).toBe(true);
    expect(rangeAdmits("^3.4.3", "3.4.2")).toBe(false);
    expect(rangeAdmits("^3.0.0 || ^4.0.0", "3.4.2")).toBe(false);
    expect(rangeAdmits("latest", "3.4.2")).toBe(false);
  });
});

describe("outdated_sdk and ranges", () => {
  it("valid: no lockfile and a range that installs a fixed version (^3.4.1, ~3.4.0, >=3.0.0)", () => {
    for (const r of ["^3.4.1", "~3.4.0", ">=3.0.0", "3.x"]) expect(outdatedSdkFindings(manifest(r))).toEqual([]);
  });

  it("invalid: a range that stays below the fix (~3.2.0, ^2.1.1, 3.3.2 pinned), and a lockfile that holds the old version", () => {
    for (const r of ["~3.2.0", "^2.1.1", "3.3.2", "3.3.x"]) expect(outdatedSdkFindings(manifest(r)).map((f) => f.line)).toEqual([3]);
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/customerio-node": { version: "3.4.1" } } });
    expect(outdatedSdkFindings(manifest("^3.4.1", new Map([["package-lock.json", lock]]))).map((f) => f.line)).toEqual([3]);
  });
});
