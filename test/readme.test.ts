/**
 * The README cannot drift: every fenced block in it is either an example
 * that this test runs, or says why it is not run. An example is marked with
 * an HTML comment just above the block (invisible on GitHub):
 *
 *   <!-- example tool=check_payload -->      the block is the tool's JSON arguments
 *   <!-- example cli exit=1 -->              each line of the block is a command
 *                                            (`customerio-doctor …`, run as the built bin)
 *   <!-- example usage -->                   each line is a usage line of `customerio-doctor --help`
 *   <!-- example config -->                  an MCP client configuration: each server is started as it
 *                                            says, /absolute/path/to/customerio-doctor being this
 *                                            checkout, and a real client lists its tools
 *   <!-- example claude -->                  each command is run by Claude Code (the npm package,
 *                                            scratch HOME, no telemetry, no network where
 *                                            `unshare` allows), /path/to/customerio-doctor
 *                                            being this checkout
 *   <!-- not-run: why -->                    install and configuration snippets
 *
 * and the line right after the block that starts with "→" is the promise:
 * every `backticked` token on it must be true of the answer. For a tool, a
 * snake_case token is a finding code the answer has (or a field it has), a
 * `key: value` token is that field with that value, anything else appears
 * in the structured answer or its text; for a command, every token appears
 * in what it printed (stdout or stderr), and it exits as `exit=` says. Tools and commands run
 * against the local sandbox (test/sandbox/), never the internet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { connectInMemory, type ConnectedServer } from "./helpers/mcp.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";
import { TOOLS } from "../src/tools/index.js";

const ROOT = resolve(__dirname, "..");
const BUNDLE = join(ROOT, "dist/customerio-doctor.js");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; scripts: Record<string, string> };

interface Block {
  line: number;
  lang: string;
  body: string;
  marker: { kind: "example"; attrs: Record<string, string> } | { kind: "not-run"; why: string } | undefined;
  promise: string | undefined;
}

/** Every fenced block, with the marker above it and the "→" line after it (scanned line by line). */
function blocks(text: string): Block[] {
  const lines = text.split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!;
    if (!open.startsWith("```")) continue;
    const lang = open.slice(3).trim();
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith("```")) end++;
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === "") above--;
    const markerLine = above >= 0 ? lines[above]!.trim() : "";
    let marker: Block["marker"];
    if (markerLine.startsWith("<!-- example") && markerLine.endsWith("-->")) {
      const attrs: Record<string, string> = {};
      for (const word of markerLine.slice("<!-- example".length, -3).trim().split(" ")) {
        if (!word) continue;
        const eq = word.indexOf("=");
        if (eq < 0) attrs[word] = "true";
        else attrs[word.slice(0, eq)] = word.slice(eq + 1);
      }
      marker = { kind: "example", attrs };
    } else if (markerLine.startsWith("<!-- not-run:") && markerLine.endsWith("-->")) {
      marker = { kind: "not-run", why: markerLine.slice("<!-- not-run:".length, -3).trim() };
    }
    let after = end + 1;
    while (after < lines.length && lines[after]!.trim() === "") after++;
    const promise = lines[after]?.startsWith("→") ? lines[after] : undefined;
    out.push({ line: i + 1, lang, body: lines.slice(i + 1, end).join("\n"), marker, promise });
    i = end;
  }
  return out;
}

/** The `backticked` tokens of a promise line. */
function tokens(promise: string | undefined): string[] {
  if (!promise) return [];
  const out: string[] = [];
  let at = promise.indexOf("`");
  while (at >= 0) {
    const close = promise.indexOf("`", at + 1);
    if (close < 0) break;
    out.push(promise.slice(at + 1, close));
    at = promise.indexOf("`", close + 1);
  }
  return out;
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

/** Every finding code in a structured answer (run_diagnostics nests them in checks too). */
function codesOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) codesOf(v, into);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.code === "string" && typeof o.severity === "string") into.add(o.code);
    for (const v of Object.values(o)) codesOf(v, into);
  }
  return into;
}

/** Which promised tokens the answer does not bear out. */
function unmet(promised: string[], structured: unknown, text: string): string[] {
  const json = JSON.stringify(structured);
  const codes = codesOf(structured);
  const keys = keysOf(structured);
  return promised.filter((t) => {
    if (/^[a-z][a-z0-9_]*$/.test(t)) return !codes.has(t) && !keys.has(t);
    const kv = /^([a-z][a-z0-9_]*): (.+)$/.exec(t);
    if (kv) return !json.includes(`"${kv[1]}":${kv[2]}`) && !json.includes(`"${kv[1]}":"${kv[2]}"`);
    return !json.includes(t) && !text.includes(t);
  });
}

/** A command line split into words, honouring single and double quotes (scanned by hand). */
function words(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | undefined;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === " ") {
      if (started || current) out.push(current);
      current = "";
      started = false;
    } else current += ch;
  }
  if (started || current) out.push(current);
  return out;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

let sandbox: Sandbox;
let connected: ConnectedServer;
let env: Record<string, string>;
const all = blocks(README);

beforeAll(async () => {
  sandbox = await startSandbox();
  env = {
    ...sandbox.env(),
    CUSTOMERIO_TIMEOUT_MS: "3000",
    CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
    CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey,
    CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey,
    CUSTOMERIO_REGION: "us",
  };
  connected = await connectInMemory(env);
});
afterAll(async () => {
  await connected?.close();
  await sandbox?.close();
});

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", rej);
    child.on("close", (status) => {
      clearTimeout(timer);
      res({ status, stdout, stderr });
    });
  });
}

describe("README.md", () => {
  it("marks every fenced block as an example that runs or says why it does not", () => {
    const unmarked = all.filter((b) => !b.marker).map((b) => `line ${b.line}: ${b.body.split("\n")[0]}`);
    expect(unmarked).toEqual([]);
    for (const b of all) if (b.marker?.kind === "not-run") expect(b.marker.why.length, `line ${b.line}`).toBeGreaterThan(10);
    for (const b of all) if (b.marker?.kind === "example") expect(b.promise, `line ${b.line}: an example says what it shows (→ …)`).toBeDefined();
  });

  it("starts with the two commands: one runs the demo, one runs the tests", () => {
    const first = all[0]!;
    const commands = first.body.split("\n").map((l) => l.replace(/#.*$/, "").trim());
    expect(commands).toEqual(["npm install && npm run demo", "npm test"]);
    expect(README.indexOf("```")).toBeLessThan(README.indexOf("\n## "));
    expect(pkg.scripts.demo).toContain("scripts/demo.mjs");
    expect(pkg.scripts.test).toContain("vitest run");
  });

  it("the demo runs to the end against the sandbox", () => {
    const r = spawnSync(process.execPath, ["scripts/demo.mjs"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off", NO_COLOR: "1" },
    });
    expect(r.status, `${r.stdout?.slice(-1500)}${r.stderr?.slice(-1500)}`).toBe(0);
    expect(r.stdout).toContain("LOCAL SANDBOX");
  }, 150_000);

  it("shows an example for every tool", () => {
    const shown = new Set(all.flatMap((b) => (b.marker?.kind === "example" && b.marker.attrs.tool ? [b.marker.attrs.tool] : [])));
    expect(TOOLS.map((t) => t.name).filter((n) => !shown.has(n))).toEqual([]);
  });

  it("lists exactly the server's resources and prompts", async () => {
    const { client } = connected;
    const listed = (await client.listResources()).resources.map((r) => r.uri);
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    const inReadme = [...new Set([...README.matchAll(/`(cio:\/\/[a-z/{}-]+)`/g)].map((m) => m[1]!))];
    const served = new Set([...listed.filter((u) => !/^cio:\/\/pitfalls\/\d+$/.test(u)), ...templates]);
    expect([...inReadme].sort()).toEqual([...served].sort());
    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    for (const p of prompts) expect(README).toContain(`Prompt: \`${p}\``);
  });

  it("names only environment variables the program reads", () => {
    const sources = [join(ROOT, "scripts/build.mjs"), ...listFiles(join(ROOT, "src"))].map((f) => readFileSync(f, "utf8")).join("\n");
    const named = [...new Set([...README.matchAll(/\bCUSTOMERIO_[A-Z_]*[A-Z]\b/g)].map((m) => m[0]))];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((v) => !sources.includes(v))).toEqual([]);
  });

  it("names the files the packers write", () => {
    expect(README).toContain(`customerio-doctor-${pkg.version}.mcpb`);
    expect(README).toContain(`customerio-doctor-${pkg.version}.tgz`);
  });
});

describe("README tool examples", () => {
  const examples = all.filter((b) => b.marker?.kind === "example" && b.marker.attrs.tool);
  it.each(examples.map((b) => [`line ${b.line}: ${(b.marker as { attrs: Record<string, string> }).attrs.tool}`, b] as const))("%s", async (_, b) => {
    const tool = (b.marker as { attrs: Record<string, string> }).attrs.tool!;
    const args = JSON.parse(b.body) as Record<string, unknown>;
    const r = (await connected.client.callTool({ name: tool, arguments: args })) as {
      isError?: boolean;
      content: Array<{ type: string; text?: string }>;
      structuredContent?: unknown;
    };
    const text = r.content.map((c) => c.text ?? "").join("\n");
    expect(r.isError, text).toBeFalsy();
    const promised = tokens(b.promise);
    expect(promised.length, "the → line promises something").toBeGreaterThan(0);
    expect(unmet(promised, r.structuredContent, text)).toEqual([]);
  });
});

describe("README usage lines", () => {
  const examples = all.filter((b) => b.marker?.kind === "example" && b.marker.attrs.usage);
  it("are the ones --help prints", async () => {
    expect(examples.length).toBeGreaterThan(0);
    const help = await runCli(["--help"]);
    expect(help.status).toBe(0);
    const lines = new Set(help.stdout.split("\n").map((l) => l.trim()));
    for (const b of examples) {
      const missing = b.body.split("\n").filter((l) => l.trim() && !lines.has(l.trim()));
      expect(missing, `line ${b.line}: usage lines not in --help`).toEqual([]);
      expect(unmet(tokens(b.promise), {}, help.stdout)).toEqual([]);
    }
  });
});

describe("README client configurations", () => {
  const examples = all.filter((b) => b.marker?.kind === "example" && b.marker.attrs.config);
  it.each(examples.map((b) => [`line ${b.line}`, b] as const))("%s starts and lists the tools", async (_, b) => {
    const config = JSON.parse(b.body.replaceAll("/absolute/path/to/customerio-doctor", ROOT)) as {
      mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
    };
    let printed = "";
    for (const server of Object.values(config.mcpServers)) {
      const transport = new StdioClientTransport({
        command: server.command === "node" ? process.execPath : server.command,
        args: server.args,
        env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off", ...server.env },
        stderr: "pipe",
      });
      const client = new Client({ name: "readme-config", version: "1" });
      await client.connect(transport);
      try {
        printed += (await client.listTools()).tools.map((t) => t.name).join(" ");
      } finally {
        await client.close();
      }
    }
    expect(tokens(b.promise).filter((t) => !printed.includes(t))).toEqual([]);
  }, 60_000);
});

describe("README Claude Code examples", () => {
  const require = createRequire(import.meta.url);
  const CLAUDE = join(dirname(require.resolve("@anthropic-ai/claude-code/package.json")), "cli-wrapper.cjs");
  const canUnshare = process.platform === "linux" && spawnSync("unshare", ["-n", "true"]).status === 0;
  const examples = all.filter((b) => b.marker?.kind === "example" && b.marker.attrs.claude);
  it.each(examples.map((b) => [`line ${b.line}: ${b.body.split("\n")[0]}`, b] as const))(
    "%s",
    (_, b) => {
      const home = mkdtempSync(join(tmpdir(), "cio-readme-claude-"));
      const cwd = join(home, "project");
      mkdirSync(cwd);
      try {
        // Backslash continuations joined, comments dropped, the placeholder path made this checkout.
        const commands = b.body
          .replace(/\\\n/g, " ")
          .split("\n")
          .map((l) => l.replace(/\s#.*$/, "").trim())
          .filter(Boolean)
          .map((l) => l.replaceAll("/path/to/customerio-doctor", ROOT));
        let printed = "";
        for (const line of commands) {
          const argv = words(line).filter((w) => w !== "");
          expect(argv[0], line).toBe("claude");
          const env = {
            PATH: process.env.PATH ?? "",
            HOME: home,
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
            DISABLE_TELEMETRY: "1",
            DISABLE_AUTOUPDATER: "1",
            DISABLE_ERROR_REPORTING: "1",
          };
          const command = canUnshare ? ["unshare", "-n", process.execPath, CLAUDE] : [process.execPath, CLAUDE];
          const r = spawnSync(command[0]!, [...command.slice(1), ...argv.slice(1)], { cwd, env, encoding: "utf8", timeout: 60_000 });
          const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
          expect(r.status, `${line}\n${out.slice(-1500)}`).toBe(0);
          printed += out;
        }
        const promised = tokens(b.promise);
        expect(promised.length, "the → line promises something").toBeGreaterThan(0);
        expect(promised.filter((t) => !printed.includes(t)), printed.slice(-1500)).toEqual([]);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

describe("README command examples", () => {
  const examples = all.filter((b) => b.marker?.kind === "example" && b.marker.attrs.cli);
  it.each(examples.map((b) => [`line ${b.line}: ${b.body.split("\n")[0]}`, b] as const))("%s", async (_, b) => {
    const attrs = (b.marker as { attrs: Record<string, string> }).attrs;
    let printed = "";
    for (const line of b.body.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"))) {
      const argv = words(line.trim());
      if (argv[0] === "npx") argv.shift();
      expect(argv[0], line).toBe("customerio-doctor");
      const r = await runCli(argv.slice(1));
      expect(String(r.status), `${line}\n${r.stdout.slice(-800)}${r.stderr.slice(-800)}`).toBe(attrs.exit ?? "0");
      printed += r.stdout + r.stderr;
    }
    const promised = tokens(b.promise);
    expect(promised.length, "the → line promises something").toBeGreaterThan(0);
    expect(promised.filter((t) => !printed.includes(t))).toEqual([]);
  });
});
