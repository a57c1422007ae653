/**
 * The CLI as users run it: the built bundle spawned with a minimal
 * environment pointing at the local sandbox. Also the install paths
 * (MCPB manifest, Claude Code plugin) checked against the tool registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { TOOLS } from "../src/tools/index.js";
import { createPalette, formatAuditReport, shouldUseColor } from "../src/cli/format.js";
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
    const cases = [["--bogus"], ["frobnicate"], ["doctor", "--region"], ["doctor", "--region", "mars"], ["audit", "--max-files", "zero"], ["call"]];
    const runs = await Promise.all(cases.map((args) => cli(args)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i]!.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^customerio-doctor: .+\n\n.*Usage:/s);
    });
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

  it("call exits 1 when the tool cannot run: unknown tool, bad JSON, invalid arguments", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["call", "nope", "{}"], /unknown tool "nope"; the tools are: run_diagnostics/],
      [["call", "diagnose_status_code", "{bad json"], /not valid JSON/],
      [["call", "diagnose_status_code", "[1]"], /must be a JSON object/],
      [["call", "diagnose_status_code", '{"status":42}'], /invalid arguments for diagnose_status_code:[\s\S]*status/],
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
    expect(out.checks.map((c: { tool: string }) => c.tool)).toEqual(["check_status_page", "test_track_auth", "test_app_auth"]);
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

  it("exits 0 on clean code", async () => {
    const r = await cli(["audit", "clean"], {}, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ No findings in 1 file scanned/m);
  });
});

describe("install paths", () => {
  const manifest = readJson("manifest.json");

  it("the MCPB manifest has the required keys and runs the bundle", () => {
    expect(manifest.manifest_version).toBe("0.3");
    expect(manifest.name).toBe("customerio-doctor");
    expect(manifest.version).toBe(pkg.version);
    expect(typeof manifest.display_name).toBe("string");
    expect(manifest.description.length).toBeGreaterThan(20);
    expect(manifest.author.name).toBeTruthy();
    expect(manifest.license).toBe("MIT");
    expect(manifest.server.type).toBe("node");
    expect(manifest.server.entry_point).toBe(pkg.bin["customerio-doctor"]);
    expect(manifest.server.mcp_config.command).toBe("node");
    expect(manifest.server.mcp_config.args).toEqual([`\${__dirname}/${pkg.bin["customerio-doctor"]}`]);
    expect(manifest.compatibility.runtimes.node).toBe(pkg.engines.node);
  });

  it("lists exactly the registry's tools", () => {
    expect(manifest.tools.map((t: { name: string }) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const t of manifest.tools) expect(t.description.length).toBeGreaterThan(10);
  });

  it("passes every setting through user_config, keys marked sensitive, optional ones defaulted", () => {
    expect(manifest.server.mcp_config.env).toEqual({
      CUSTOMERIO_SITE_ID: "${user_config.site_id}",
      CUSTOMERIO_TRACK_API_KEY: "${user_config.track_api_key}",
      CUSTOMERIO_APP_API_KEY: "${user_config.app_api_key}",
      CUSTOMERIO_REGION: "${user_config.region}",
    });
    const config = manifest.user_config;
    expect(config.track_api_key.sensitive).toBe(true);
    expect(config.app_api_key.sensitive).toBe(true);
    expect(config.site_id.sensitive).not.toBe(true);
    expect(config.region.sensitive).not.toBe(true);
    expect(config.region.default).toBe("auto");
    for (const [key, option] of Object.entries<{ type: string; required?: boolean; default?: unknown }>(config)) {
      expect(option.type, key).toBe("string");
      // An optional value without a default reaches the server as the literal "${user_config.…}".
      if (!option.required) expect(option.default, key).toBeTypeOf("string");
    }
  });

  it("the Claude Code plugin registers the server as customerio and matches the package", () => {
    const plugin = readJson(".claude-plugin/plugin.json");
    expect(plugin.name).toBe("customerio-doctor");
    expect(plugin.version).toBe(pkg.version);
    expect(plugin.author.name).toBe("customerio-doctor maintainers");
    const mcp = readJson(".mcp.json");
    expect(Object.keys(mcp.mcpServers)).toEqual(["customerio"]);
    const server = mcp.mcpServers.customerio;
    expect(server.command).toBe("node");
    expect(server.args).toEqual([`\${CLAUDE_PLUGIN_ROOT}/${pkg.bin["customerio-doctor"]}`]);
    for (const name of ["CUSTOMERIO_SITE_ID", "CUSTOMERIO_TRACK_API_KEY", "CUSTOMERIO_APP_API_KEY", "CUSTOMERIO_REGION"]) {
      // `:-` so an unset variable reaches the server empty instead of dropping the server.
      expect(server.env[name]).toBe(`\${${name}:-}`);
    }
  });

  it("the plugin skill names every tool and stays short", () => {
    const skill = readFileSync(join(ROOT, "skills/customerio-doctor/SKILL.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(skill)?.[1] ?? "";
    expect(front).toMatch(/^name: customerio-doctor$/m);
    const description = /^description: (.+)$/m.exec(front)?.[1] ?? "";
    expect(description.length).toBeGreaterThan(40);
    expect(description.length).toBeLessThanOrEqual(250);
    for (const tool of TOOLS) expect(skill).toContain(`\`${tool.name}\``);
    expect(skill.split("\n").length).toBeLessThan(120);
  });

  it("pack-mcpb writes a zip holding the manifest and the bundle", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "cio-mcpb-")), "test.mcpb");
    const r = await new Promise<number | null>((res) =>
      spawn(process.execPath, ["scripts/pack-mcpb.mjs", out], { cwd: ROOT, stdio: "ignore" }).on("close", res),
    );
    expect(r).toBe(0);
    const zip = readFileSync(out);
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const count = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    const entries = new Map<string, Buffer>();
    for (let i = 0; i < count; i++) {
      const nameLength = zip.readUInt16LE(at + 28);
      const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
      const local = zip.readUInt32LE(at + 42);
      const size = zip.readUInt32LE(at + 20);
      const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      entries.set(name, inflateRawSync(zip.subarray(dataStart, dataStart + size)));
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    expect([...entries.keys()]).toEqual(expect.arrayContaining(["manifest.json", "dist/customerio-doctor.js"]));
    expect(entries.get("manifest.json")!.toString("utf8")).toBe(readFileSync(join(ROOT, "manifest.json"), "utf8"));
    expect(entries.get("dist/customerio-doctor.js")!.equals(readFileSync(BUNDLE))).toBe(true);
    rmSync(out, { force: true });
  });
});
