/**
 * The Claude Code plugin, judged by Claude Code itself (the
 * @anthropic-ai/claude-code dev dependency, run headless with a scratch HOME,
 * no telemetry and no network namespace of its own where `unshare` allows):
 *
 * - `claude plugin validate --strict` passes on the repository (the
 *   marketplace) and on plugin/ (the plugin);
 * - plugin/ holds only what the plugin needs, and its server bundle is
 *   byte-identical to a fresh build of the sources;
 * - a clean clone added as a marketplace installs a plugin of a few MB whose
 *   server connects (`claude mcp list`) without `npm install`;
 * - `claude` run inside a checkout finds no project MCP server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const ROOT = resolve(__dirname, "..");
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
const pkg = readJson("package.json");
const MB = 1024 * 1024;
const SYNC_FIX = "run `npm run plugin:sync` and commit plugin/";

/** The files the plugin ships, and nothing else. */
const PLUGIN_FILES = [".claude-plugin/icon.png", ".claude-plugin/plugin.json", ".mcp.json", "server/customerio-doctor.js", "server/package.json", "skills/customerio-doctor/SKILL.md"];

const require = createRequire(import.meta.url);
/** Claude Code's own launcher finds the native binary of this platform (an optional registry package). */
const CLAUDE = join(dirname(require.resolve("@anthropic-ai/claude-code/package.json")), "cli-wrapper.cjs");
const canUnshare = process.platform === "linux" && spawnSync("unshare", ["-n", "true"]).status === 0;

let home: string;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cio-plugin-"));
  home = join(scratch, "home");
  mkdirSync(home);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `claude <args>`, bounded in time, with a scratch HOME and no traffic beyond the machine. */
function claude(args: string[], cwd = ROOT, timeout = 60_000) {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, ".claude"),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
  const command = canUnshare ? ["unshare", "-n", process.execPath, CLAUDE, ...args] : [process.execPath, CLAUDE, ...args];
  const r = spawnSync(command[0]!, command.slice(1), { cwd, env, encoding: "utf8", timeout });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, error: r.error };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The three delivery symptoms are named in the skill's description, and the
 * runbook's first tool is trace_delivery (before lookup_customer and
 * run_diagnostics).
 */
function expectDeliverySymptomsRouteToTrace(skill: string, trace: string) {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(skill)?.[1] ?? "";
  const description = (/^description: (.+)$/m.exec(front)?.[1] ?? "").toLowerCase();
  for (const symptom of ["not receiving", "not triggering", "not arriving", "transactional"]) expect(description).toContain(symptom);
  const body = skill.slice(front.length + 8);
  const first = body.indexOf(`\`${trace}\``);
  expect(first, `${trace} is named in the runbook`).toBeGreaterThan(0);
  for (const other of ["lookup_customer", "run_diagnostics"]) {
    const at = body.indexOf(other);
    expect(first, `${trace} comes before ${other}`).toBeLessThan(at);
  }
  // The paragraph that sends the symptoms there names them.
  const paragraph = body
    .slice(body.lastIndexOf("\n\n", first), body.indexOf("\n\n", first))
    .replace(/\s+/g, " ")
    .toLowerCase();
  for (const symptom of ["not receiving", "not triggering", "not arriving"]) expect(paragraph).toContain(symptom);
}

const sizeOf = (dir: string) => filesUnder(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

describe("claude plugin validate --strict", () => {
  it("runs (Claude Code from the npm package)", () => {
    const r = claude(["--version"]);
    expect(r.error, String(r.error)).toBeUndefined();
    expect(r.out).toMatch(/\(Claude Code\)/);
  });

  it("passes on the repository: the marketplace", () => {
    const r = claude(["plugin", "validate", "--strict", "."]);
    expect(r.out).toContain("Validating marketplace manifest");
    expect(r.out).not.toMatch(/warning|error/i);
    expect(r.status, r.out).toBe(0);
  });

  it("passes on plugin/: the plugin, with its MCP server and skill", () => {
    const r = claude(["plugin", "validate", "--strict", "--json", "plugin"]);
    const report = JSON.parse(r.out.slice(r.out.indexOf("{"))) as {
      success: boolean;
      manifest: { errors: unknown[]; warnings: unknown[] };
      provides: { mcpServers: Array<{ name: string; target: string; args: string[] }>; skills: string[] };
    };
    expect(report.manifest.errors).toEqual([]);
    expect(report.manifest.warnings).toEqual([]);
    expect(report.success).toBe(true);
    expect(report.provides.mcpServers).toEqual([
      expect.objectContaining({ name: "customerio", target: "node", args: ["${CLAUDE_PLUGIN_ROOT}/server/customerio-doctor.js"] }),
    ]);
    expect(report.provides.skills).toEqual(["customerio-doctor:customerio-doctor"]);
    expect(r.status).toBe(0);
  });

  it("passes on plugin/ with the plugin directory's profile too (icon, README, declared hosts)", () => {
    const r = claude(["plugin", "validate", "--strict", "--profile", "directory", "plugin"]);
    expect(r.out).toContain("These checks found nothing to report");
    expect(r.status, r.out).toBe(0);
  });
});

describe("the marketplace and the plugin directory", () => {
  const marketplace = readJson(".claude-plugin/marketplace.json");
  const plugin = readJson("plugin/.claude-plugin/plugin.json");

  it("the marketplace describes itself and points at plugin/", () => {
    expect(marketplace.name).toBe("customerio-doctor");
    expect(marketplace.description.length).toBeGreaterThan(40);
    expect(marketplace.plugins).toHaveLength(1);
    expect(marketplace.plugins[0].name).toBe("customerio-doctor");
    expect(marketplace.plugins[0].source).toBe("./plugin");
    expect(marketplace.plugins[0].version).toBe(pkg.version);
  });

  it("plugin/ holds only what the plugin needs, in a few MB", () => {
    expect(filesUnder(join(ROOT, "plugin"))).toEqual(PLUGIN_FILES);
    expect(sizeOf(join(ROOT, "plugin"))).toBeLessThan(4 * MB);
  });

  it("registers the server as customerio and matches the package", () => {
    expect(plugin.name).toBe("customerio-doctor");
    expect(plugin.version).toBe(pkg.version);
    expect(plugin.author.name).toBe("customerio-doctor maintainers");
    const mcp = readJson("plugin/.mcp.json");
    expect(Object.keys(mcp.mcpServers)).toEqual(["customerio"]);
    const server = mcp.mcpServers.customerio;
    expect(server.command).toBe("node");
    expect(server.args).toEqual(["${CLAUDE_PLUGIN_ROOT}/server/customerio-doctor.js"]);
    for (const name of ["CUSTOMERIO_SITE_ID", "CUSTOMERIO_TRACK_API_KEY", "CUSTOMERIO_APP_API_KEY", "CUSTOMERIO_REGION"]) {
      // `:-` so an unset variable reaches the server empty instead of dropping the server.
      expect(server.env[name]).toBe(`\${${name}:-}`);
    }
  });

  it("the repository root declares no project MCP server (CLAUDE_PLUGIN_ROOT is undefined there)", () => {
    expect(existsSync(join(ROOT, ".mcp.json"))).toBe(false);
  });

  it("the plugin skill routes delivery questions to trace_delivery, names every tool and stays short", async () => {
    const { TOOLS } = await import("../src/tools/index.js");
    const skill = readFileSync(join(ROOT, "plugin/skills/customerio-doctor/SKILL.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(skill)?.[1] ?? "";
    expect(front).toMatch(/^name: customerio-doctor$/m);
    const description = /^description: (.+)$/m.exec(front)?.[1] ?? "";
    expect(description.length).toBeGreaterThan(40);
    expect(description.length).toBeLessThanOrEqual(250);
    for (const tool of TOOLS) expect(skill).toContain(`\`${tool.name}\``);
    expect(skill.split("\n").length).toBeLessThan(120);
    expectDeliverySymptomsRouteToTrace(skill, "trace_delivery");
  });

  it("the root SKILL.md allows every tool as mcp__customerio__<tool> and routes delivery questions to trace_delivery", async () => {
    const { TOOLS } = await import("../src/tools/index.js");
    const skill = readFileSync(join(ROOT, "SKILL.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(skill)?.[1] ?? "";
    const allowed = (/^allowed-tools: (.+)$/m.exec(front)?.[1] ?? "").split(" ");
    expect([...allowed].sort()).toEqual(TOOLS.map((t) => `mcp__customerio__${t.name}`).sort());
    expectDeliverySymptomsRouteToTrace(skill, "mcp__customerio__trace_delivery");
  });

  it(`ships the bundle of the current sources (if not: ${SYNC_FIX})`, () => {
    const built = join(ROOT, "dist/customerio-doctor.js");
    const shipped = join(ROOT, "plugin/server/customerio-doctor.js");
    expect(existsSync(built), "dist/customerio-doctor.js is missing: run `npm run build`").toBe(true);
    // dist/ must be a build of the sources as they are (npm test builds first).
    const newestSource = filesUnder(join(ROOT, "src")).reduce((t, f) => Math.max(t, statSync(join(ROOT, "src", f)).mtimeMs), 0);
    expect(statSync(built).mtimeMs, "dist/ is older than src/: run `npm run build`").toBeGreaterThanOrEqual(newestSource);
    const same = readFileSync(built).equals(readFileSync(shipped));
    expect(same, `plugin/server/customerio-doctor.js differs from a fresh build of the sources: ${SYNC_FIX}`).toBe(true);
    expect(statSync(shipped).mode & 0o111, "plugin/server/customerio-doctor.js is executable").not.toBe(0);
  });
});

describe("installing from a clean clone", () => {
  it("a clone added as a marketplace installs the plugin, whose server connects without npm install", async () => {
    // A clean clone: the committed files only (no node_modules, no dist/).
    const clone = join(scratch, "clone");
    const cloned = spawnSync("git", ["clone", "--quiet", "--depth", "1", `file://${ROOT}`, clone], { encoding: "utf8", timeout: 60_000 });
    if (cloned.status !== 0) {
      // Not a git checkout (an unpacked archive): the tracked layout is the working tree's plugin files.
      mkdirSync(clone, { recursive: true });
      cpSync(join(ROOT, ".claude-plugin"), join(clone, ".claude-plugin"), { recursive: true });
      cpSync(join(ROOT, "plugin"), join(clone, "plugin"), { recursive: true });
    }
    expect(existsSync(join(clone, "node_modules"))).toBe(false);

    const added = claude(["plugin", "marketplace", "add", clone], scratch);
    expect(added.status, added.out).toBe(0);
    const installed = claude(["plugin", "install", "customerio-doctor@customerio-doctor"], scratch);
    expect(installed.status, installed.out).toBe(0);
    const record = JSON.parse(readFileSync(join(home, ".claude/plugins/installed_plugins.json"), "utf8")) as {
      plugins: Record<string, Array<{ installPath: string; version: string }>>;
    };
    const entry = record.plugins["customerio-doctor@customerio-doctor"]![0]!;
    expect(entry.version).toBe(pkg.version);
    // Only plugin/ is copied: a few MB, no node_modules.
    expect(filesUnder(entry.installPath)).toEqual(PLUGIN_FILES);
    const size = sizeOf(entry.installPath);
    console.log(`installed plugin: ${entry.installPath} (${(size / MB).toFixed(2)} MB, ${PLUGIN_FILES.length} files)`);
    expect(size).toBeLessThan(4 * MB);

    // Claude Code's own health check starts the server over stdio and connects.
    const listed = claude(["mcp", "list"], scratch);
    expect(listed.out).toMatch(/plugin:customerio-doctor:customerio: node \S+\/server\/customerio-doctor\.js - ✔ Connected/);

    // And a real MCP client sees the tools, started the way .mcp.json says, from the install.
    const mcp = JSON.parse(readFileSync(join(entry.installPath, ".mcp.json"), "utf8")).mcpServers.customerio as { command: string; args: string[] };
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: mcp.args.map((a) => a.replace("${CLAUDE_PLUGIN_ROOT}", entry.installPath)),
      cwd: scratch,
      env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off" },
      stderr: "pipe",
    });
    const client = new Client({ name: "plugin-test", version: "1" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("diagnose_status_code");
      const r = (await client.callTool({ name: "diagnose_status_code", arguments: { status: 429 } })) as { isError?: boolean };
      expect(r.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  }, 180_000);

  it("claude inside a checkout picks up no project MCP server", () => {
    const fresh = join(scratch, "fresh-home");
    mkdirSync(fresh);
    const saved = home;
    home = fresh;
    try {
      const r = claude(["mcp", "list"], ROOT);
      expect(r.out).toContain("No MCP servers configured");
    } finally {
      home = saved;
    }
  });
});
