/**
 * The npm tarball, as a new user meets it: `npm pack`, then in a clean
 * directory `npx ./customerio-doctor-<version>.tgz --version`, and the
 * tarball's bin installed and run as an MCP server by a real SDK client over
 * stdio. The tarball holds only what runs (the bundle carries every
 * dependency, so it declares none), which is also why all of this works with
 * `--offline` and a private, empty npm cache: nothing is fetched.
 *
 * Needs dist/ built (npm test builds first); `npm pack --ignore-scripts`
 * packs that build instead of building again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { TOOLS } from "../src/tools/index.js";

const ROOT = resolve(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; bin: Record<string, string> };
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

let scratch: string;
let tarball: string;
let env: Record<string, string>;
let packed: { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> };

/** A command, bounded in time, with a private npm cache and HOME. */
function run(command: string, args: string[], cwd: string, timeout = 90_000) {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout });
  return { status: r.status, stdout: r.stdout ?? "", out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cio-tarball-"));
  env = {
    PATH: process.env.PATH ?? "",
    HOME: join(scratch, "home"),
    npm_config_cache: join(scratch, "npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
  mkdirSync(env.HOME!);
  mkdirSync(join(scratch, "pack"));
  const r = run(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", join(scratch, "pack")], ROOT);
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.out.slice(0, 2000)}`);
  packed = (JSON.parse(r.stdout) as (typeof packed)[])[0]!;
  tarball = join(scratch, "pack", packed.filename);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm pack", () => {
  it("holds only what runs: the bundle, package.json, README and LICENSE", () => {
    expect(packed.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const files = packed.files.map((f) => f.path).sort();
    // The bin and its folder's package.json (it makes the bin CommonJS; scripts/build.mjs).
    expect(files.filter((f) => !/^(README\.md|LICENSE(\.md)?|package\.json)$/.test(f))).toEqual([pkg.bin["customerio-doctor"], "dist/package.json"]);
    console.log(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${files.length} files`);
    expect(packed.size).toBeLessThan(1024 * 1024);
  });

  it("declares no runtime dependency (the bundle holds them)", () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    expect(shipped.dependencies ?? {}).toEqual({});
    expect(shipped.optionalDependencies ?? {}).toEqual({});
    expect(shipped.peerDependencies ?? {}).toEqual({});
  });
});

describe("from the tarball, in a clean directory", () => {
  it("npx ./<tarball> --version prints the version", () => {
    const dir = join(scratch, "npx");
    mkdirSync(dir);
    copyFileSync(tarball, join(dir, packed.filename));
    const r = run(NPX, ["--offline", "--yes", `./${packed.filename}`, "--version"], dir);
    expect(r.status, r.out).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
    // The form the README registers with `claude mcp add`: an absolute path needs --package.
    const other = join(scratch, "elsewhere");
    mkdirSync(other);
    const byPath = run(NPX, ["--offline", "--yes", "--package", tarball, "customerio-doctor", "--version"], other);
    expect(byPath.status, byPath.out).toBe(0);
    expect(byPath.stdout.trim()).toBe(pkg.version);
  }, 120_000);

  it("its bin, installed, is an MCP server a real client lists and calls", async () => {
    const dir = join(scratch, "app");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
    const installed = run(NPM, ["install", "--offline", "--no-audit", "--no-fund", tarball], dir);
    expect(installed.status, installed.out).toBe(0);
    const bin = join(dir, "node_modules/.bin/customerio-doctor");
    expect(existsSync(bin)).toBe(true);
    const transport = new StdioClientTransport({
      command: bin,
      args: [],
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off" },
      stderr: "pipe",
    });
    const client = new Client({ name: "tarball-test", version: "1" });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.version).toBe(pkg.version);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
      const r = (await client.callTool({ name: "diagnose_status_code", arguments: { status: 401, api: "track" } })) as {
        isError?: boolean;
        structuredContent?: { status?: number };
      };
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent?.status).toBe(401);
    } finally {
      await client.close();
    }
  }, 120_000);
});
