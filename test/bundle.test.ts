/**
 * What ships: one executable file that every entry point names, which
 * compiles the HTTP stack and the code parser only when a tool needs them,
 * reuses V8's code cache only from a private directory, and lists exactly
 * the tools the SDK computes from the definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { loadConfig } from "../src/config.js";
import { createServer } from "../src/server.js";

const ROOT = resolve(__dirname, "..");
const BUNDLE = join(ROOT, "dist/customerio-doctor.js");
const TRACE = /customerio-doctor trace: loaded: ([\w-]+)/g;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cio-bundle-test-"));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The bundle over raw JSON-RPC, with exactly `env` (plus PATH). */
function startBundle(env: Record<string, string>, cwd = ROOT) {
  const child = spawn(process.execPath, [BUNDLE], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: "pipe" });
  let stderr = "";
  let buffer = "";
  const waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      waiting.get(msg.id as number)?.(msg);
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (stderr += c));
  let nextId = 1;
  const request = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((res, rej) => {
      const id = nextId++;
      const timer = setTimeout(() => rej(new Error(`no answer to ${method}`)), 10_000);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        res(m);
      });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  const initialize = async () => {
    const init = await request("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bundle-test", version: "1" } });
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    return init;
  };
  const stop = () =>
    new Promise<void>((res) => {
      child.once("exit", () => res());
      child.stdin.end();
    });
  return { request, initialize, stop, stderr: () => stderr };
}

const loaded = (stderr: string) => [...stderr.matchAll(TRACE)].map((m) => m[1]);
const result = (msg: Record<string, unknown>) => msg.result as { isError?: boolean; content: Array<{ text: string }>; structuredContent?: unknown };

describe("the shipped file", () => {
  const text = readFileSync(BUNDLE, "latin1");

  it("is one executable file that starts with the node shebang", () => {
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(() => accessSync(BUNDLE, constants.X_OK)).not.toThrow();
  });

  it("imports and requires no file beside it", () => {
    // Only the launcher is code Node loads; the program after it is compiled as one script.
    const launcher = text.slice(0, text.indexOf("\n//@@customerio-doctor "));
    expect(launcher.length).toBeGreaterThan(0);
    const specs = [...launcher.matchAll(/\b(?:from\s*|require\(\s*)"([^"]+)"/g)].map((m) => m[1]!);
    expect(specs.length).toBeGreaterThanOrEqual(4);
    expect(specs.filter((spec) => !spec.startsWith("node:"))).toEqual([]);
    expect(text).not.toMatch(/\b(?:import|require)\s*\(\s*["'`]\.{1,2}\//);
    expect(readdirSync(join(ROOT, "dist")).filter((f) => /\.(?:m?js|cjs)$/.test(f) && f !== "customerio-doctor.js" && f !== "sandbox.mjs")).toEqual([]);
  });

  it("is ASCII, so V8 keeps its text at one byte per character", () => {
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
  });

  it("carries zod's English messages and none of its other locales (about 260 KB V8 would read at every start)", async () => {
    const program = text.slice(text.indexOf("\n//@@customerio-doctor program@@\n"), text.indexOf("\n//@@customerio-doctor chunk "));
    expect(program.length).toBeGreaterThan(100_000);
    // Words of zod's German and French messages ("Ung\xFCltige Eingabe", "Entr\xE9e invalide" in the source), escaped as the bundle writes them.
    expect(program).not.toContain("Ung\\xFCltige");
    expect(program).not.toContain("Entr\\xE9e");
    expect(program.length).toBeLessThan(950 * 1024);
    // zod still answers in English through the bundle.
    const s = startBundle({ CUSTOMERIO_DOCTOR_CODE_CACHE: "off" });
    try {
      await s.initialize();
      const bad = result(await s.request("tools/call", { name: "explain_pitfall", arguments: { limit: "three" } }));
      expect(bad.isError).toBe(true);
      expect(bad.content[0]!.text).toMatch(/expected number, received string/);
    } finally {
      await s.stop();
    }
  });

  it("is CommonJS, by the package.json beside it (the plugin's copy too), which Node starts sooner than an ES module", () => {
    const launcher = text.slice(0, text.indexOf("\n//@@customerio-doctor "));
    expect(launcher).not.toMatch(/^\s*(?:import|export)\s/m);
    expect(launcher).not.toContain("import.meta");
    const folder = JSON.parse(readFileSync(join(ROOT, "dist/package.json"), "utf8")) as { type?: string };
    expect(folder.type).toBe("commonjs");
    expect(readFileSync(join(ROOT, "plugin/server/package.json")).equals(readFileSync(join(ROOT, "dist/package.json")))).toBe(true);
    // The project itself stays ESM: the folder's own package.json is what makes the bin CommonJS.
    expect((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { type?: string }).type).toBe("module");
  });

  it("reads only the program's own bytes at start-up (PROGRAM_AT), and still starts when they moved", async () => {
    const at = /const PROGRAM_AT = \[\s*(\d+),\s*(\d+)\]/.exec(text);
    expect(at).not.toBeNull();
    const head = "\n//@@customerio-doctor program@@\n";
    const start = text.indexOf(head) + head.length;
    expect(Number(at![1])).toBe(start);
    expect(Number(at![2])).toBe(text.indexOf("\n//@@customerio-doctor ", start));
    // One more character in the launcher's comment moves every section by a byte: the launcher
    // notices (the bytes no longer start a comment line) and reads the file the long way.
    const dir = mkdtempSync(join(scratch, "moved-"));
    writeFileSync(join(dir, "package.json"), readFileSync(join(ROOT, "dist/package.json")));
    const moved = join(dir, "customerio-doctor.js");
    writeFileSync(moved, text.replace("// customerio-doctor: MCP server", "// customerio-doctor:  MCP server"), "latin1");
    const child = spawn(process.execPath, [moved], { env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off" }, stdio: "pipe" });
    const answer = await new Promise<string>((res, rej) => {
      let out = "";
      const timer = setTimeout(() => rej(new Error("no answer")), 10_000);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (c: string) => {
        out += c;
        if (out.includes("\n")) {
          clearTimeout(timer);
          res(out);
        }
      });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`);
    });
    child.stdin.end();
    expect(JSON.parse(answer).result.serverInfo.name).toBe("customerio-doctor");
  });

  it("is what package.json, the plugin's .mcp.json and manifest.json start", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin["customerio-doctor"]).toBe("dist/customerio-doctor.js");
    expect(pkg.files).toContain("dist/customerio-doctor.js");
    // The Claude Code plugin starts its committed copy of the bundle (plugin/server/, kept
    // byte-identical to this file by test/packaging-plugin.test.ts).
    const mcp = JSON.parse(readFileSync(join(ROOT, "plugin/.mcp.json"), "utf8")) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const servers = Object.values(mcp.mcpServers);
    expect(servers).toHaveLength(1);
    expect(servers[0]!.command).toBe("node");
    expect(servers[0]!.args).toEqual(["${CLAUDE_PLUGIN_ROOT}/server/customerio-doctor.js"]);
    const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as {
      server: { entry_point: string; mcp_config: { command: string; args: string[] } };
    };
    expect(manifest.server.entry_point).toBe("dist/customerio-doctor.js");
    expect(manifest.server.mcp_config.command).toBe("node");
    expect(manifest.server.mcp_config.args).toEqual(["${__dirname}/dist/customerio-doctor.js"]);
  });
});

describe("lazy loading", () => {
  it("compiles neither the HTTP stack nor the code parser until a tool needs one", async () => {
    const code = join(scratch, "code");
    mkdirSync(code);
    writeFileSync(
      join(code, "track.ts"),
      'import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.SITE!, process.env.KEY!);\ncio.identify("1", { created_at: Date.now() });\n',
    );
    const s = startBundle(
      {
        CUSTOMERIO_DOCTOR_TRACE_LOADS: "1",
        CUSTOMERIO_DOCTOR_CODE_CACHE: "off",
        CUSTOMERIO_STATUS_URL: "http://127.0.0.1:9",
        CUSTOMERIO_TIMEOUT_MS: "500",
      },
      scratch,
    );
    try {
      await s.initialize();
      await s.request("tools/list");
      const offline = await s.request("tools/call", { name: "diagnose_status_code", arguments: { status: 429 } });
      expect(result(offline).isError).toBeUndefined();
      await s.request("tools/call", { name: "explain_pitfall", arguments: { id: 2 } });
      expect(loaded(s.stderr())).toEqual([]);

      const network = await s.request("tools/call", { name: "check_status_page", arguments: {} });
      expect(result(network).isError).toBeUndefined();
      expect(loaded(s.stderr())).toEqual(["http"]);

      const audit = await s.request("tools/call", { name: "audit_code", arguments: { path: "code" } });
      expect(result(audit).isError).toBeUndefined();
      expect(result(audit).content[0]!.text).toContain("millisecond_timestamp");
      expect(loaded(s.stderr())).toEqual(["http", "audit-parser"]);
    } finally {
      await s.stop();
    }
  });
});

describe("tools/list", () => {
  it("answers what the SDK computes from the tool definitions", async () => {
    const { server, runtime } = createServer(loadConfig({}));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "bundle-test", version: "1" });
    await client.connect(clientSide);
    const s = startBundle({ CUSTOMERIO_DOCTOR_CODE_CACHE: "off" });
    try {
      const inProcess = await client.listTools();
      await s.initialize();
      const shipped = result(await s.request("tools/list")) as unknown as typeof inProcess;
      expect(shipped.tools.map((t) => t.name)).toEqual(inProcess.tools.map((t) => t.name));
      expect(shipped).toEqual(JSON.parse(JSON.stringify(inProcess)));
    } finally {
      await s.stop();
      await client.close();
      await server.close();
      await runtime.close();
    }
  });
});

describe("the code cache", () => {
  const ask = async (env: Record<string, string>) => {
    const s = startBundle(env);
    try {
      await s.initialize();
      const r = result(await s.request("tools/call", { name: "explain_pitfall", arguments: { id: "millisecond-timestamps" } }));
      // The cache is written about a second after start.
      await new Promise((res) => setTimeout(res, 1500));
      return r;
    } finally {
      await s.stop();
    }
  };

  it("is written to a private directory and then reused, with the same answers", async () => {
    const dir = join(scratch, "cache");
    const first = await ask({ CUSTOMERIO_DOCTOR_CODE_CACHE: dir });
    const files = readdirSync(dir).filter((f) => f.endsWith(".bin"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^[0-9a-f]{16}-server-${process.version.replace(/\./g, "\\.")}-${process.arch}\\.bin$`));
    const written = statSync(join(dir, files[0]!)).mtimeMs;
    const again = await ask({ CUSTOMERIO_DOCTOR_CODE_CACHE: dir });
    expect(again).toEqual(first);
    // A cache V8 accepted is not written again.
    expect(readdirSync(dir).filter((f) => f.endsWith(".bin"))).toEqual(files);
    expect(statSync(join(dir, files[0]!)).mtimeMs).toBe(written);
  });

  it("is not used from a directory others can write to", async () => {
    if (process.platform === "win32") return;
    const dir = join(scratch, "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = await ask({ CUSTOMERIO_DOCTOR_CODE_CACHE: dir });
    expect(r.isError).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });
});
