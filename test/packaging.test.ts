/**
 * The Claude Desktop extension (MCPB): manifest.json checked by the official
 * validator (`mcpb validate` from @anthropic-ai/mcpb), packed by the official
 * packer through scripts/pack-mcpb.mjs, reproducible, under 1 MB, holding
 * only the manifest, the bundle and the README, and declaring every tool and
 * prompt the server has.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { loadConfig } from "../src/config.js";
import { createServer } from "../src/server.js";
import { TOOLS } from "../src/tools/index.js";
import { VERSION } from "../src/version.js";

const ROOT = resolve(__dirname, "..");
const BUNDLE = join(ROOT, "dist/customerio-doctor.js");
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
const pkg = readJson("package.json");
const MB = 1024 * 1024;

const require = createRequire(import.meta.url);
const MCPB_CLI = join(resolve(dirname(require.resolve("@anthropic-ai/mcpb")), ".."), "dist/cli/cli.js");

/** Runs a node script, bounded in time; returns exit status and output. */
function node(args: string[], cwd = ROOT, timeout = 60_000) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout, env: { PATH: process.env.PATH ?? "", HOME: tmpdir() } });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** The entries of a zip (stored or deflated), read from its central directory. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const local = zip.readUInt32LE(at + 42);
    const size = zip.readUInt32LE(at + 20);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cio-mcpb-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the version", () => {
  it("is package.json's everywhere it is written", () => {
    expect(VERSION, "src/version.ts").toBe(pkg.version);
    expect(readJson("manifest.json").version, "manifest.json").toBe(pkg.version);
    expect(readJson("plugin/.claude-plugin/plugin.json").version, "plugin/.claude-plugin/plugin.json").toBe(pkg.version);
    // The bundle carries only the version, not package.json itself.
    const bundle = readFileSync(BUNDLE, "latin1");
    expect(bundle).not.toContain('"pack:mcpb"');
  });
});

describe("manifest.json", () => {
  const manifest = readJson("manifest.json");

  it("passes the official validator (mcpb validate)", () => {
    const r = node([MCPB_CLI, "validate", join(ROOT, "manifest.json")]);
    expect(r.out).toContain("Manifest schema validation passes");
    expect(r.status).toBe(0);
  });

  it("is rejected by the same validator without an author or with a wrong server type", () => {
    // Proves the validator is really consulted: these are the mistakes a hand-written ZIP let through.
    const noAuthor = { ...manifest };
    delete noAuthor.author;
    const wrongType = { ...manifest, server: { ...manifest.server, type: "nodejs" } };
    for (const [name, bad] of Object.entries({ noAuthor, wrongType })) {
      const file = join(scratch, `${name}.json`);
      writeFileSync(file, JSON.stringify(bad));
      const r = node([MCPB_CLI, "validate", file]);
      expect(r.status, `${name}: ${r.out}`).not.toBe(0);
    }
  });

  it("has the required keys and runs the bundle", () => {
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

  it("lists exactly the registry's tools, trace_delivery among them", () => {
    expect(manifest.tools.map((t: { name: string }) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const t of manifest.tools) expect(t.description.length).toBeGreaterThan(10);
    const trace = manifest.tools.find((t: { name: string }) => t.name === "trace_delivery");
    expect(trace?.description).toMatch(/^Why did \(or didn't\) one person get one message\?/);
  });

  it("declares exactly the prompts the server has, with their arguments", async () => {
    const { server, runtime } = createServer(loadConfig({}));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "packaging-test", version: "1" });
    await client.connect(clientSide);
    try {
      const { prompts } = await client.listPrompts();
      expect(manifest.prompts.map((p: { name: string }) => p.name)).toEqual(prompts.map((p) => p.name));
      for (const p of prompts) {
        const declared = manifest.prompts.find((m: { name: string }) => m.name === p.name);
        expect(declared.arguments).toEqual((p.arguments ?? []).map((a) => a.name));
        for (const a of p.arguments ?? []) expect(declared.text).toContain(`\${arguments.${a.name}}`);
      }
    } finally {
      await client.close();
      await server.close();
      await runtime.close();
    }
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
});

describe("the .mcpb file", () => {
  it("is packed by mcpb pack: reproducible, under 1 MB, only the manifest, the bundle and the README", () => {
    const a = join(scratch, "a.mcpb");
    const b = join(scratch, "b.mcpb");
    const first = node(["scripts/pack-mcpb.mjs", a]);
    expect(first.status, first.out).toBe(0);
    const second = node(["scripts/pack-mcpb.mjs", b]);
    expect(second.status, second.out).toBe(0);
    const zip = readFileSync(a);
    expect(zip.equals(readFileSync(b)), "two packs of the same sources are byte-identical").toBe(true);
    expect(zip.length).toBeLessThan(1 * MB);
    const entries = unzip(zip);
    expect([...entries.keys()].sort()).toEqual(["README.md", "dist/customerio-doctor.js", "dist/package.json", "manifest.json"]);
    expect(entries.get("manifest.json")!.toString("utf8")).toBe(readFileSync(join(ROOT, "manifest.json"), "utf8"));
    expect(entries.get("dist/customerio-doctor.js")!.equals(readFileSync(BUNDLE))).toBe(true);
    // The official reader accepts it.
    const info = node([MCPB_CLI, "info", a]);
    expect(info.status, info.out).toBe(0);
  }, 120_000);

  it("is named <name>-<version>.mcpb by default", () => {
    const source = readFileSync(join(ROOT, "scripts/pack-mcpb.mjs"), "utf8");
    expect(source).toContain("`${manifest.name}-${manifest.version}.mcpb`");
  });

  it("is not packed when the manifest version differs from package.json, or the bundle is missing", () => {
    const dir = join(scratch, "copy");
    mkdirSync(join(dir, "dist"), { recursive: true });
    mkdirSync(join(dir, "scripts"));
    copyFileSync(join(ROOT, "scripts/pack-mcpb.mjs"), join(dir, "scripts/pack-mcpb.mjs"));
    // The copied script finds the packer from the repository's node_modules.
    spawnSync("ln", ["-s", join(ROOT, "node_modules"), join(dir, "node_modules")]);
    writeFileSync(join(dir, "package.json"), JSON.stringify(pkg));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...readJson("manifest.json"), version: "9.9.9" }));
    const wrongVersion = node(["scripts/pack-mcpb.mjs", join(dir, "x.mcpb")], dir);
    expect(wrongVersion.status).toBe(1);
    expect(wrongVersion.out).toMatch(/version 9\.9\.9 differs from package\.json/);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(readJson("manifest.json")));
    const noBundle = node(["scripts/pack-mcpb.mjs", join(dir, "x.mcpb")], dir);
    expect(noBundle.status).toBe(1);
    expect(noBundle.out).toMatch(/dist\/customerio-doctor\.js is missing/);
  });
});
