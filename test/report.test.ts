/**
 * The support report (`customerio-doctor report`) and the `trace` command,
 * run in-process through their CliCommand with a real runtime against the
 * sandbox: versions from package.json and the lockfile, which variables are
 * set (never a value), the checks and the trace; nothing secret in the text
 * or in the written file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createRuntime, runToolHandler, type ToolRuntime } from "../src/server.js";
import { report, customerioSdks, variablesSet } from "../src/cli/report.js";
import { trace, traceArgsFromFlags } from "../src/cli/trace.js";
import { UsageError, type CliContext } from "../src/cli/context.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), "cio-report-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", dependencies: { "customerio-node": "^3.4.1", express: "^4" } }, null, 2));
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({ lockfileVersion: 3, packages: { "": {}, "node_modules/customerio-node": { version: "3.4.1" } } }),
  );
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cliContext(runtime: ToolRuntime, out: string[]): CliContext {
  return {
    runtime,
    out: (t) => void out.push(runtime.redactor.redact(t)),
    err: (t) => void out.push(runtime.redactor.redact(t)),
    color: false,
    stderrIsTTY: false,
    cwd: dir,
    runTool: (tool, args, options) => runToolHandler(tool, args, runtime, options),
    json: (v) => `${JSON.stringify(v, null, 2)}\n`,
  };
}

const ENV = () => ({
  ...sandbox.env(),
  CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
  CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey,
  CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey,
  CUSTOMERIO_REGION: "us",
  CUSTOMERIO_TIMEOUT_MS: "3000",
});

describe("report", () => {
  it("reads the Customer.io SDKs from package.json and the lockfile", () => {
    expect(customerioSdks(dir)).toEqual([{ name: "customerio-node", declared: "^3.4.1", locked: "3.4.1", lockfile: "package-lock.json" }]);
    expect(customerioSdks(join(dir, "missing"))).toEqual([]);
  });

  it("says which variables are set, never their values", () => {
    const vars = variablesSet(loadConfig({ CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_REGION: "eu" }));
    expect(vars.find((v) => v.variable === "CUSTOMERIO_APP_API_KEY")?.set).toBe(true);
    expect(vars.find((v) => v.variable === "CUSTOMERIO_SITE_ID")?.set).toBe(false);
    expect(JSON.stringify(vars)).not.toContain(SANDBOX.us.appApiKey.slice(-8));
    expect(JSON.stringify(vars)).not.toContain('"eu"');
  });

  it("writes versions, variables, checks and the trace as markdown, without a secret", async () => {
    const runtime = createRuntime(loadConfig(ENV()));
    const out: string[] = [];
    const file = join(dir, "support.md");
    try {
      const code = await report.run({ id: "tr-suppressed", campaign: "11", out: file }, [], cliContext(runtime, out));
      expect(code).toBe(0);
    } finally {
      await runtime.close();
    }
    expect(out.join("")).toContain("support.md");
    const text = readFileSync(file, "utf8");
    for (const heading of ["## Versions", "## Configuration", "## Checks", "## Delivery trace"]) expect(text).toContain(heading);
    expect(text).toContain(`| Node.js | ${process.version} |`);
    expect(text).toContain("| customerio-node | 3.4.1 (package-lock.json; package.json ^3.4.1) |");
    expect(text).toContain("| CUSTOMERIO_APP_API_KEY | yes |");
    expect(text).toContain("✖ reachability");
    expect(text).toContain("esp_suppressed");
    for (const secret of [SANDBOX.us.appApiKey, SANDBOX.us.trackApiKey]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(-8));
    }
  });

  it("without a target: the checks only", async () => {
    const runtime = createRuntime(loadConfig(ENV()));
    const out: string[] = [];
    try {
      await report.run({}, [], cliContext(runtime, out));
    } finally {
      await runtime.close();
    }
    const text = out.join("");
    expect(text).toContain("## Checks");
    expect(text).not.toContain("## Delivery trace");
  });
});

describe("trace command", () => {
  it("prints the verdict first, ✔/✖ per link, and exits 1 on a broken link", async () => {
    const runtime = createRuntime(loadConfig(ENV()));
    const out: string[] = [];
    let code: number;
    try {
      code = await trace.run({ id: "tr-signedup-case", event: "signed_up" }, [], cliContext(runtime, out));
    } finally {
      await runtime.close();
    }
    expect(code).toBe(1);
    const lines = out.join("").split("\n");
    expect(lines[2]).toMatch(/"SignedUp"/);
    expect(lines.some((l) => l.startsWith("✖ trigger"))).toBe(true);
    expect(lines.some((l) => l.startsWith("✔ person"))).toBe(true);
  });

  it("exits 0 for a delivered message, and --json is the structured result", async () => {
    const runtime = createRuntime(loadConfig(ENV()));
    const out: string[] = [];
    let code: number;
    try {
      code = await trace.run({ id: "tr-delivered", campaign: "11", json: true }, [], cliContext(runtime, out));
    } finally {
      await runtime.close();
    }
    expect(code).toBe(0);
    expect(JSON.parse(out.join("")).ok).toBe(true);
  });

  it("maps flags to arguments and refuses bad combinations", () => {
    expect(traceArgsFromFlags({ "cio-id": "b3000009", transactional: "order_receipt", channel: "email" })).toEqual({ cio_id: "b3000009", transactional_id: "order_receipt", channel: "email" });
    expect(traceArgsFromFlags({ email: "a@example.com", delivery: "dlv-1" })).toEqual({ email: "a@example.com", delivery_id: "dlv-1" });
    expect(() => traceArgsFromFlags({ campaign: "11" })).toThrow(UsageError);
    expect(() => traceArgsFromFlags({ id: "a", campaign: "11", broadcast: "3" })).toThrow(UsageError);
    expect(() => traceArgsFromFlags({ id: "a", campaign: "eleven" })).toThrow(UsageError);
  });
});
