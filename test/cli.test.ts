/**
 * The CLI as users run it: the built bundle spawned with a minimal
 * environment pointing at the local sandbox. Also the install paths
 * (MCPB manifest, Claude Code plugin) checked against the tool registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TOOLS } from "../src/tools/index.js";
import { createPalette, formatAuditReport, printable, shouldUseColor } from "../src/cli/format.js";
import { startSandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";

const ROOT = resolve(__dirname, "..");
const BUNDLE = join(ROOT, "dist/customerio-doctor.js");
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
const pkg = readJson("package.json");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundle with exactly `env` (nothing inherited) and a hard time limit. */
function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`customerio-doctor ${args.join(" ")} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe("CLI basics (no network)", () => {
  it("--version prints the package version", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it("--help prints the usage on stdout with every command and tool", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const word of ["doctor", "audit", "call", "--json", "--max-files", ...TOOLS.map((t) => t.name)]) {
      expect(r.stdout).toContain(word);
    }
  });

  it("exits 2 with the usage on stderr for a bad argument", async () => {
    // Contract (The CLI): "a bad argument (unknown command or flag, unparseable JSON, unknown tool) exits 2 with a usage message".
    const cases = [
      ["--bogus"],
      ["frobnicate"],
      ["doctor", "--region"],
      ["doctor", "--region", "mars"],
      ["doctor", "--json=yes"],
      ["doctor", "--id", "a", "--id", "b"],
      ["doctor", "--id", "a", "--email", "b@example.com"],
      ["doctor", "--campaign", "3"],
      ["doctor", "--id", "a", "--campaign", "3", "--broadcast", "4"],
      ["doctor", "--id", "a", "--campaign", "x"],
      ["doctor", "extra"],
      ["audit", "--max-files", "zero"],
      ["audit", "--format", "xml"],
      ["audit", "--json", "--format", "sarif"],
      ["audit", "a", "b"],
      ["call"],
      ["call", "nope", "{}"],
      ["call", "diagnose_status_code", "{bad json"],
      ["call", "diagnose_status_code", "{}", "extra"],
      ["--version", "extra"],
    ];
    const runs = await Promise.all(cases.map((args) => cli(args)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i]!.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^customerio-doctor: .+\n\n.*Usage:/s);
    });
    expect(runs[16]!.stderr).toMatch(/unknown tool "nope"; the tools are: run_diagnostics/);
    expect(runs[17]!.stderr).toMatch(/not valid JSON/);
  });

  it("never echoes a configured key in a usage error, and escapes control characters", async () => {
    const key = "sk_track_cli_usage_0123456789abcdef";
    const env = { CUSTOMERIO_SITE_ID: "site1", CUSTOMERIO_TRACK_API_KEY: key };
    const runs = await Promise.all([
      cli([`--bogus=${key}`], env),
      cli(["doctor", `--${key}`], env),
      cli([key], env),
      cli(["call", key, "{}"], env),
      cli(["call", "diagnose_status_code", `{"status": ${key}}`], env),
      cli(["frob\u001b[31mnicate\r\nfake line"], env),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      for (let i = 0; i + 8 <= key.length; i++) expect(r.stderr).not.toContain(key.slice(i, i + 8));
    }
    expect(runs[5]!.stderr).toContain("frob\\x1b[31mnicate\\r\\nfake line");
    expect(runs[5]!.stderr).not.toContain("\u001b");
  });

  it("call prints a tool's structured result as JSON", async () => {
    const r = await cli(["call", "diagnose_status_code", '{"status":429,"retry_after":"30"}']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe(429);
    expect(out.retry_after_seconds).toBe(30);
    expect(out.retryable).toBe(true);
    expect(typeof out.summary).toBe("string");
  });

  it("call exits 1 when the tool cannot run: arguments that are not an object or that the tool refuses", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["call", "diagnose_status_code", "[1]"], /must be a JSON object/],
      // Refused by the input schema or by the tool itself (UserInputError): either way it names the field.
      [["call", "diagnose_status_code", '{"status":42}'], /invalid arguments for diagnose_status_code:[\s\S]*status|Invalid input: status must be/],
      [["call", "diagnose_status_code", '{"status":404,"stauts":1}'], /invalid arguments[\s\S]*stauts/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    runs.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  });
});

describe("CLI formatting (pure)", () => {
  it("escapes control characters, bidi overrides and lone surrogates in printed text", () => {
    expect(printable("plain é 😀 text")).toBe("plain é 😀 text");
    expect(printable("a\u001b[2Jb\r\nc\td\u0000\u009b")).toBe("a\\x1b[2Jb\\r\\nc\\td\\x00\\x9b");
    expect(printable("x\u202Eevil\u2066")).toBe("x\\u202eevil\\u2066");
    expect(printable("\uD800x")).toBe("\\ud800x");
    const finding = { code: "hardcoded_credentials", severity: "error" as const, message: "bad\u001b]0;title\u0007", file: "evil\n\u001b[31mname.js", line: 1, column: 1 };
    const text = formatAuditReport({ path: "/repo", files_scanned: 1, findings: [finding], summary: "" }, createPalette(false), { cwd: "/repo", scannedFile: false });
    expect(text.split("\n")[0]).toBe("evil\\n\\x1b[31mname.js:1:1  error  hardcoded_credentials  bad\\x1b]0;title\\x07");
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it("colours only a terminal, and never with NO_COLOR", () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
    expect(createPalette(true).error("x")).toBe("\u001b[31mx\u001b[39m");
    expect(createPalette(false).error("x")).toBe("x");
  });

  it("prints audit places from the working directory, for a scanned directory or file", () => {
    const finding = { code: "hardcoded_credentials", severity: "error" as const, message: "A key is in the code.", file: "lib/cio.ts", line: 3, column: 7 };
    const dirReport = { path: "/repo/src", files_scanned: 2, findings: [finding], summary: "" };
    expect(formatAuditReport(dirReport, createPalette(false), { cwd: "/repo", scannedFile: false })).toBe(
      "src/lib/cio.ts:3:7  error  hardcoded_credentials  A key is in the code.\n\n✖ 1 finding (1 error, 0 warnings, 0 info) in 2 files scanned.\n",
    );
    const fileReport = { path: "/repo/src/lib/cio.ts", files_scanned: 1, findings: [{ ...finding, file: "cio.ts" }], summary: "", skipped: { total: 4 } };
    expect(formatAuditReport(fileReport, createPalette(false), { cwd: "/repo", scannedFile: true })).toMatch(
      /^src\/lib\/cio\.ts:3:7 .*\n\n✖ 1 finding .* in 1 file scanned, 4 skipped\.\n$/,
    );
  });
});

describe("CLI against the sandbox", () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  /** The sandbox URLs and exactly these credentials. */
  const envWith = (vars: Record<string, string>): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(sandbox.env() as Record<string, string>)) {
      if (/_URL_|STATUS_URL/.test(k)) env[k] = v;
    }
    return { CUSTOMERIO_TIMEOUT_MS: "3000", ...env, ...vars };
  };
  const US = {
    CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
    CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey,
    CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey,
  };

  it("doctor --json exits 0 when everything is healthy", async () => {
    const r = await cli(["doctor", "--json"], envWith(US));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    // Contract (run_diagnostics): "Runs check_status_page, test_track_auth, test_app_auth (… and the workspace's reporting webhooks …)".
    expect(out.checks.map((c: { tool: string }) => c.tool)).toEqual(["check_status_page", "test_track_auth", "test_app_auth", "reporting_webhooks"]);
  });

  it("doctor exits 1 on a wrong Track key, says so, and never prints the key", async () => {
    const wrongKey = "sbx_track_us_not_the_right_key_9f8e";
    const r = await cli(["doctor"], envWith({ ...US, CUSTOMERIO_TRACK_API_KEY: wrongKey }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✖ test_track_auth /m);
    expect(r.stdout).toMatch(/^✔ check_status_page /m);
    expect(r.stdout).toContain("invalid_credentials");
    expect(r.stdout).toMatch(/^\d+ problems?[.:] /m);
    expect(r.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain(SANDBOX.us.appApiKey);
    }
  });

  it("doctor --id with --campaign includes the delivery trace", async () => {
    const r = await cli(["doctor", "--json", "--id", "tr-delivered", "--campaign", "11"], envWith(US));
    expect([0, 1]).toContain(r.code);
    const out = JSON.parse(r.stdout);
    expect(out.checks.map((c: { tool: string }) => c.tool)).toEqual(expect.arrayContaining(["lookup_customer", "trace_delivery"]));
    expect(r.code).toBe(out.ok ? 0 : 1);
  });

  it("doctor --id includes the customer lookup", async () => {
    const r = await cli(["doctor", "--json", "--id", "no-such-person-42"], envWith(US));
    const out = JSON.parse(r.stdout);
    expect(out.checks.map((c: { tool: string }) => c.tool)).toContain("lookup_customer");
    expect(r.code).toBe(out.ok ? 0 : 1);
  });
});

describe("CLI audit", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cio-audit-"));
    mkdirSync(join(dir, "bad"));
    mkdirSync(join(dir, "clean"));
    writeFileSync(
      join(dir, "bad", "signup.js"),
      [
        'const { TrackClient, RegionUS } = require("customerio-node");',
        "const cio = new TrackClient(process.env.SITE_ID, process.env.TRACK_KEY, { region: RegionUS });",
        "",
        "async function onSignup(user) {",
        '  await cio.track(user.id, { name: "signed_up", timestamp: Date.now() });',
        "}",
        "module.exports = { onSignup };",
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "clean", "math.js"), "export function add(a, b) {\n  return a + b;\n}\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints linter lines and exits 1 when something is found", async () => {
    const r = await cli(["audit", "bad"], {}, dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    const findings = lines.filter((l) => /^\S+:\d+:\d+ {2}(error|warning|info) {2}[a-z_]+ {2}\S/.test(l));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((l) => l.startsWith("bad/signup.js:5:") && l.includes("  millisecond_timestamp  "))).toBe(true);
    expect(lines.at(-1)).toMatch(/^✖ \d+ findings? \(\d+ errors?, \d+ warnings?, \d+ info\) in 1 file scanned/);
  });

  it("--json prints the audit result", async () => {
    const r = await cli(["audit", "bad", "--json"], {}, dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.files_scanned).toBe(1);
    expect(out.findings.map((f: { code: string }) => f.code)).toContain("millisecond_timestamp");
  });

  it("shows the call chain through the project's helpers under a finding reached through them", async () => {
    mkdirSync(join(dir, "helpers", "lib"), { recursive: true });
    writeFileSync(
      join(dir, "helpers", "lib", "cio.js"),
      [
        'const { TrackClient, RegionUS } = require("customerio-node");',
        "const cio = new TrackClient(process.env.SITE_ID, process.env.TRACK_KEY, { region: RegionUS });",
        "function trackSignup(user) {",
        '  return cio.track(user.id, { name: "signed_up", data: { at: Date.now() } });',
        "}",
        "module.exports = { trackSignup };",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "helpers", "routes.js"),
      [
        'const express = require("express");',
        'const { trackSignup } = require("./lib/cio");',
        "const app = express();",
        'app.post("/signup", async (req, res) => {',
        "  await trackSignup(req.body);",
        "  res.json({ ok: true });",
        "});",
        "",
      ].join("\n"),
    );
    const r = await cli(["audit", "helpers"], {}, dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("helpers/routes.js:5:") && l.includes("  blocking_request_path  "));
    expect(at, r.stdout).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(/^ {4}via routes\.js:5 trackSignup → lib\/cio\.js:4 cio\.track$/);
  });

  it("exits 0 on clean code", async () => {
    const r = await cli(["audit", "clean"], {}, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ No findings in 1 file scanned/m);
  });
});

// The install paths (MCPB manifest and bundle, Claude Code plugin) are tested in test/packaging.test.ts.

describe("CLI argv fuzzing", () => {
  it("any argv exits 0, 1 or 2 in time, never crashes, and a 2 always comes with the usage", async () => {
    const word = fc.oneof(
      fc.constantFrom("doctor", "audit", "trace", "report", "call", "--json", "--format", "sarif", "--id", "--email", "--campaign", "--broadcast", "--transactional", "--delivery", "--event", "--cio-id", "--out", "--max-files", "--region", "--help", "--version", "-h", "-V", "--", "-", "=", "--id=", "{}", "[]", "{", "diagnose_status_code", "explain_pitfall"),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 8 }).map((s) => s.replace(/\u0000/g, "")),
    );
    const argvs = fc.sample(fc.array(word, { minLength: 1, maxLength: 6 }), { numRuns: 40, seed: 20251201 });
    // Offline only: every network variable points at a closed port and the timeout is short.
    const env = {
      CUSTOMERIO_TRACK_URL_US: "http://127.0.0.1:9",
      CUSTOMERIO_TRACK_URL_EU: "http://127.0.0.1:9",
      CUSTOMERIO_APP_URL_US: "http://127.0.0.1:9",
      CUSTOMERIO_APP_URL_EU: "http://127.0.0.1:9",
      CUSTOMERIO_STATUS_URL: "http://127.0.0.1:9",
      CUSTOMERIO_TIMEOUT_MS: "300",
    };
    const dir = mkdtempSync(join(tmpdir(), "cio-argv-"));
    try {
      const problems: string[] = [];
      for (let i = 0; i < argvs.length; i += 8) {
        const batch = argvs.slice(i, i + 8);
        const runs = await Promise.all(batch.map((args) => cli(args, env, dir, 15_000)));
        runs.forEach((r, j) => {
          const args = JSON.stringify(batch[j]);
          if (![0, 1, 2].includes(r.code ?? -1)) problems.push(`${args}: exit ${r.code}`);
          if (r.code === 2 && !/Usage:/.test(r.stderr)) problems.push(`${args}: exit 2 without the usage`);
          if (/failed unexpectedly|TypeError|at .*\.js:\d+/.test(r.stderr)) problems.push(`${args}: ${r.stderr.slice(0, 200)}`);
        });
      }
      expect(problems.join("\n")).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
