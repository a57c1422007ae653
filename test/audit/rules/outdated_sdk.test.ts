import { describe, expect, it } from "vitest";
import { lockedVersion, reportableProblems, SDK_PROBLEMS } from "../../../src/audit/sdk-versions.js";
import { outdatedSdkFindings } from "../../../src/audit/rules/outdated_sdk.js";

const pkg = (range: string) => `{\n  "name": "x",\n  "dependencies": {\n    "customerio-node": "${range}"\n  }\n}\n`;

describe("outdated_sdk", () => {
  it("invalid: a version before the redirect fix, from the range or the lockfile, at the dependency's line", () => {
    const [f] = outdatedSdkFindings({ file: "package.json", text: pkg("3.3.2"), locks: new Map() });
    expect(f).toMatchObject({ code: "outdated_sdk", file: "package.json", line: 4, column: 5 });
    expect(f!.message).toContain("fixed in 3.4.2");
    expect(f!.evidence).toContain("https://github.com/customerio/customerio-node/issues/134");
    const locks = new Map([["yarn.lock", 'customerio-node@^3.0.0:\n  version "3.2.0"\n']]);
    expect(outdatedSdkFindings({ file: "package.json", text: pkg("^3.0.0"), locks })[0]!.message).toContain("3.2.0 (resolved in yarn.lock)");
  });

  it("valid: fixed versions; a lockfile that resolves a range to a fixed version wins", () => {
    expect(outdatedSdkFindings({ file: "package.json", text: pkg("^4.1.0"), locks: new Map() })).toEqual([]);
    const npm = JSON.stringify({ packages: { "node_modules/customerio-node": { version: "3.4.5" } } });
    expect(outdatedSdkFindings({ file: "package.json", text: pkg("^3.0.0"), locks: new Map([["package-lock.json", npm]]) })).toEqual([]);
  });

  it("reads npm, pnpm and yarn lockfiles", () => {
    expect(lockedVersion("package-lock.json", JSON.stringify({ dependencies: { "customerio-node": { version: "3.1.0" } } }), "customerio-node")).toBe("3.1.0");
    expect(lockedVersion("pnpm-lock.yaml", "importers:\n  .:\n    dependencies:\n      customerio-node:\n        specifier: ^4.0.0\n        version: 4.0.0\n", "customerio-node")).toBe("4.0.0");
    expect(lockedVersion("pnpm-lock.yaml", "packages:\n  /customerio-node@3.4.1:\n    resolution: {}\n", "customerio-node")).toBe("3.4.1");
    expect(lockedVersion("yarn.lock", '"customerio-node@^3.0.0", customerio-node@^3.1.0:\n  version "3.4.1"\n', "customerio-node")).toBe("3.4.1");
  });

  it("every entry of the version table has sources and a confidence; only fixable, sourced problems are reported", () => {
    for (const p of SDK_PROBLEMS) {
      expect(p.sources.length).toBeGreaterThan(0);
      for (const s of p.sources) expect(s.url).toMatch(/^https:\/\/github\.com\/customerio\//);
    }
    expect(reportableProblems("customerio-node", "5.0.1")).toEqual([]);
    expect(reportableProblems("customerio-node", "4.0.0")).toEqual([]);
    expect(reportableProblems("customerio-node", "3.4.1").map((p) => p.id)).toEqual(["node_no_redirect_follow"]);
  });
});
