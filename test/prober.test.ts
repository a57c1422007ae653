/**
 * The adversarial prober: the built server over stdio with a real MCP
 * Client, fed 1 MiB hostile strings through every untrusted path — every
 * string argument of every tool, every string field (and object) of every
 * upstream answer the network tools read (a hostile proxy on 127.0.0.1 in
 * front of the sandbox learns the fields by recording a normal run first),
 * error answers with hostile bodies, files read by audit_code, the prompt and
 * resource reads. Each call must end well-formed within the contract's bound
 * (2 × CUSTOMERIO_TIMEOUT_MS + 1 s), and pings sent while it runs must be
 * answered (the event loop is never frozen).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { startHostileUpstream, type HostileUpstream, type Mutation } from "./helpers/hostile-upstream.js";
import { malformation } from "./helpers/mcp.js";

const REPO = resolve(__dirname, "..");
const BUNDLE = join(REPO, "dist/customerio-doctor.js");
const MiB = 1024 * 1024;
const TIMEOUT_MS = 2000;
/** The contract: every tool answers within 2 × CUSTOMERIO_TIMEOUT_MS + 1 s. */
const BOUND_MS = 2 * TIMEOUT_MS + 1000;
/** A ping sent while a call runs must be answered within this (a frozen loop answers none). */
const PING_BOUND_MS = 2000;

/** Eight runs that trip the usual super-linear patterns (emails, domains, whitespace, digits, identifiers, credentials, URLs). */
function composite(length: number): string {
  const units = ["a", "a@", "a.", " ", "1", "aA_-", "Basic x", "://a", "authorization:"];
  const run = Math.floor(length / units.length);
  let out = "";
  for (const u of units) out += u.repeat(Math.ceil(run / u.length)).slice(0, run);
  return out + "a".repeat(length - out.length);
}

/** 1 MiB exactly: the eight runs, and one long run ending in a character that fails every match. */
const HOSTILE: ReadonlyArray<[string, string]> = [
  ["runs", composite(MiB)],
  ["one run", `${"a".repeat(MiB - 1)}!`],
];
/** For upstream answers, which the client reads up to 1 MiB in all. */
const UPSTREAM_TEXT = composite(1_000_000);

let sandbox: Sandbox;
let upstream: HostileUpstream;
let client: Client;
let auditDir = "";

interface Probe {
  ms: number;
  pings: number;
  slowestPing: number;
  problem?: string;
}

/** Runs `call` while pinging every 50 ms; returns timings and what was wrong, if anything. */
async function probe(call: () => Promise<unknown>, check: (result: unknown) => string | undefined = malformation): Promise<Probe> {
  const started = performance.now();
  let done = false;
  let pings = 0;
  let slowestPing = 0;
  const pinger = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 50));
      if (done) break;
      const t = performance.now();
      try {
        await client.ping({ timeout: 30_000 });
      } catch {
        slowestPing = Infinity;
      }
      pings++;
      slowestPing = Math.max(slowestPing, performance.now() - t);
    }
  })();
  let problem: string | undefined;
  try {
    problem = check(await call())?.slice(0, 400);
  } catch (err) {
    problem = `threw: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`;
  }
  const ms = performance.now() - started;
  done = true;
  await pinger;
  if (!problem && ms > BOUND_MS) problem = `took ${Math.round(ms)} ms (bound ${BOUND_MS} ms)`;
  if (!problem && slowestPing > PING_BOUND_MS) problem = `a ping waited ${Math.round(slowestPing)} ms while the call ran`;
  return { ms, pings, slowestPing, problem };
}

const callTool = (name: string, args: Record<string, unknown>) => () => client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 });

beforeAll(async () => {
  sandbox = await startSandbox();
  upstream = await startHostileUpstream(sandbox);
  auditDir = mkdtempSync(join(REPO, ".prober-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: { ...upstream.env(sandbox.credentials("us")), CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS), CUSTOMERIO_REGION: "us" },
    stderr: "pipe",
    cwd: REPO,
  });
  transport.stderr?.on("data", () => {});
  client = new Client({ name: "prober", version: "1.0.0" });
  await client.connect(transport);
  await client.listTools();
}, 30_000);

afterAll(async () => {
  await client?.close();
  await upstream?.close();
  await sandbox?.close();
  if (auditDir) rmSync(auditDir, { recursive: true, force: true });
});

const PERSON = "healthy-1";

/** Every string argument of every tool, with the other arguments valid. */
function argumentCases(h: string): Array<[string, Record<string, unknown>]> {
  return [
    ["diagnose_status_code", { status: 400, body: h.slice(0, 64 * 1024) }],
    ["diagnose_status_code", { status: 400, body: h }],
    ["diagnose_status_code", { status: 401, url: h }],
    ["diagnose_status_code", { status: 401, url: `https://track.customer.io/api/v1/customers/${h}` }],
    ["diagnose_status_code", { status: 429, retry_after: h }],
    ["diagnose_status_code", { status: 500, method: h }],
    ["explain_pitfall", { query: h }],
    ["explain_pitfall", { query: h.slice(0, 20_000) }],
    ["explain_pitfall", { id: h }],
    ["check_status_page", { component: h }],
    ["lookup_customer", { id: h }],
    ["lookup_customer", { email: h }],
    ["lookup_customer", { cio_id: h }],
    ["lookup_customer", { phone: h }],
    ["lookup_customer", { id: PERSON, event_name: h }],
    ["trace_delivery", { id: h, campaign_id: 11 }],
    ["trace_delivery", { email: h }],
    ["trace_delivery", { cio_id: h }],
    ["trace_delivery", { id: PERSON, transactional_id: h }],
    ["trace_delivery", { id: PERSON, delivery_id: h }],
    ["trace_delivery", { id: PERSON, campaign_id: 11, event_name: h }],
    ["run_diagnostics", { id: h }],
    ["run_diagnostics", { email: h }],
    ["run_diagnostics", { id: PERSON, transactional_id: h }],
    ["check_payload", { call: "identify", customer_id: h, payload: {} }],
    ["check_payload", { call: "identify", customer_id: "u1", payload: { email: h } }],
    ["check_payload", { call: "identify", customer_id: "u1", payload: { [h]: "x" } }],
    ["check_payload", { call: "identify", customer_id: "u1", payload: { created_at: h, note: h.slice(0, 1000) } }],
    ["check_payload", { call: "track", customer_id: "u1", payload: { name: h } }],
    ["check_payload", { call: "track", customer_id: "u1", payload: { name: "signed_up", timestamp: h, data: { note: h.slice(0, 4096) } } }],
    ["check_payload", { call: "track_anonymous", payload: { name: "viewed", anonymous_id: h } }],
    ["check_payload", { call: "send_email", payload: { transactional_message_id: h, to: h.slice(0, 300_000), identifiers: { email: h.slice(0, 300_000) } } }],
    ["check_payload", { call: "batch", payload: { batch: [{ type: "person", action: "identify", identifiers: { id: h } }] } }],
    ["check_payload", { call: "pipelines_identify", payload: { userId: h, traits: { email: h.slice(0, 100_000) } } }],
    ["check_payload", { call: "pipelines_track", payload: { userId: "u1", event: h, timestamp: h.slice(0, 200_000) } }],
    ["check_payload", { call: "pipelines_batch", payload: { batch: [{ type: "track", userId: "u1", event: h }] } }],
    ["audit_code", { path: h }],
  ];
}

describe("1 MiB strings in every tool argument", () => {
  for (const [label, h] of HOSTILE) {
    for (const [tool, args] of argumentCases(h)) {
      const shown = JSON.stringify(args, (_k, v: unknown) => {
        if (typeof v === "string" && v.length > 40) return `<${v.length} chars>`;
        if (v && typeof v === "object" && !Array.isArray(v)) {
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.length > 40 ? `<${k.length}-char key>` : k, x]));
        }
        return v;
      });
      it(`${tool} ${shown} (${label})`, async () => {
        const p = await probe(callTool(tool, args));
        expect(p.problem).toBeUndefined();
      }, 60_000);
    }
  }

  it("the troubleshoot prompt and a resource read with 1 MiB arguments", async () => {
    const [, h] = HOSTILE[0]!;
    const prompt = await probe(
      () => client.getPrompt({ name: "troubleshoot", arguments: { symptom: h, customer: h } }),
      (r) => (Array.isArray((r as { messages?: unknown }).messages) ? undefined : "no messages"),
    );
    expect(prompt.problem).toBeUndefined();
    const resource = await probe(
      () => client.readResource({ uri: `cio://pitfalls/${h}` }).catch((err: unknown) => ({ refused: String(err).slice(0, 100) })),
      () => undefined,
    );
    expect(resource.problem).toBeUndefined();
  }, 60_000);
});

describe("1 MiB lines in the files audit_code reads", () => {
  it("every kind of file and position", async () => {
    const h = composite(1_000_000);
    const ident = "aA_1".repeat(250_000);
    const files: Record<string, string> = {
      "string.js": `const cio = require("customerio-node");\nconst s = "${h.replace(/"/g, "'")}";\ncio.track(user.id, { name: s });\n`,
      "template.ts": `import { TrackClient } from "customerio-node";\nnew TrackClient(a, b).track(id, { name: \`${h.replace(/`/g, "'")}\` });\n`,
      "comment.js": `// ${h}\nconst x = 1;\n`,
      "ident.js": `const ${ident} = 1;\ncio.track(${ident}, { name: ${ident} });\n`,
      "email.js": `cio.identify("${"a@".repeat(450_000)}", { email: "${"a.".repeat(40_000)}" });\n`,
      "regexish.js": `const r = /${"a".repeat(500_000)}/;\nconst k = "sk_live_${"0".repeat(400_000)}";\n`,
      "one-line.min.js": `${"(".repeat(200_000)}cio.track(${"a+".repeat(200_000)}1${")".repeat(200_000)}`,
      "app.py": `from customerio import CustomerIO\ncio.track(customer_id="${h.replace(/"/g, "'")}", name="x")\n`,
      "app.rb": `$customerio.track(1, "${"a ".repeat(450_000)}")\n`,
      "main.go": `package main\nfunc f() { client.Track("${"a.".repeat(450_000)}", "evt", nil) }\n`,
      "package.json": JSON.stringify({ dependencies: { "customerio-node": h.slice(0, 900_000) } }),
      "package-lock.json": JSON.stringify({ packages: { "node_modules/customerio-node": { version: "1".repeat(900_000) } } }),
      ".env": `CUSTOMERIO_API_KEY=${"a".repeat(900_000)}\n`,
    };
    const dir = join(auditDir, "files");
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const problems: string[] = [];
    for (const name of Object.keys(files)) {
      const p = await probe(callTool("audit_code", { path: join(dir, name) }));
      if (p.problem) problems.push(`${name}: ${p.problem}`);
    }
    const all = await probe(callTool("audit_code", { path: dir }));
    if (all.problem) problems.push(`the whole directory: ${all.problem}`);
    if (problems.length > 0) console.log(problems.join("\n"));
    expect(problems.join("\n")).toBe("");
  }, 300_000);
});

/** What each network tool is called with, for the upstream probes. */
const NETWORK_CALLS: Array<[string, Record<string, unknown>]> = [
  ["check_status_page", {}],
  ["test_track_auth", {}],
  ["test_app_auth", {}],
  ["lookup_customer", { id: PERSON, event_name: "signed_up" }],
  ["lookup_customer", { email: "healthy@example.com" }],
  ["trace_delivery", { id: "tr-delivered", campaign_id: 11 }],
  ["run_diagnostics", { id: PERSON }],
];

describe("1 MiB strings in every field of every upstream answer", () => {
  /** Each (route, field) once, with the first call whose answers held it. */
  const scenarios: Array<{ call: [string, Record<string, unknown>]; mutation: Mutation }> = [];
  const routesRead = new Set<string>();

  beforeAll(async () => {
    const seen = new Set<string>();
    for (const call of NETWORK_CALLS) {
      upstream.routes = new Map();
      upstream.recording = true;
      await client.callTool({ name: call[0], arguments: call[1] }, undefined, { timeout: 60_000 });
      upstream.recording = false;
      for (const [route, entry] of upstream.routes) {
        routesRead.add(route);
        for (const [kind, paths] of [["value", entry.leaves], ["key", entry.objects]] as const) {
          for (const leaf of paths) {
            const id = `${route} ${kind} ${leaf}`;
            if (seen.has(id)) continue;
            seen.add(id);
            scenarios.push({ call, mutation: { kind, route, leaf, text: UPSTREAM_TEXT } });
          }
        }
      }
    }
  }, 120_000);

  it("recorded the answers the network tools read", () => {
    const hosts = new Set([...routesRead].map((r) => r.split(" ")[1]));
    expect([...hosts].sort()).toEqual(["app", "status", "track"]);
    expect(routesRead.size).toBeGreaterThanOrEqual(5);
    expect(scenarios.length).toBeGreaterThan(20);
  });

  it("every string field, and a 1 MiB key in every object", async () => {
    const problems: string[] = [];
    for (const { call, mutation: m } of scenarios) {
      upstream.mutation = m;
      upstream.applied = 0;
      const p = await probe(callTool(call[0], call[1]));
      const where = `${call[0]} ← ${m.kind === "status" ? m.host : `${m.route} ${m.kind} ${m.leaf || "(root)"}`}`;
      if (p.problem) problems.push(`${where}: ${p.problem}`);
      else if (upstream.applied === 0) problems.push(`${where}: the answer was not read this time`);
    }
    upstream.mutation = undefined;
    if (problems.length > 0) console.log(problems.join("\n"));
    expect(problems.join("\n")).toBe("");
  }, 600_000);

  it("error answers with 1 MiB bodies", async () => {
    const problems: string[] = [];
    const errors: Array<Omit<Extract<Mutation, { kind: "status" }>, "host">> = [
      { kind: "status", status: 401, contentType: "application/json", body: JSON.stringify({ errors: [{ detail: UPSTREAM_TEXT, status: "401" }] }) },
      { kind: "status", status: 429, contentType: "application/json", body: JSON.stringify({ meta: { error: UPSTREAM_TEXT } }), headers: { "retry-after": "1".repeat(4000) } },
      { kind: "status", status: 500, contentType: "text/plain", body: UPSTREAM_TEXT },
      { kind: "status", status: 502, contentType: "text/html", body: `<html><title>${UPSTREAM_TEXT}</title></html>` },
      { kind: "status", status: 200, contentType: "application/json", body: `{"a":${"[".repeat(500_000)}` },
    ];
    for (const [name, args] of NETWORK_CALLS) {
      for (const host of ["status", "track-us", "app-us"] as const) {
        for (const e of errors) {
          upstream.mutation = { ...e, host };
          const p = await probe(callTool(name, args));
          if (p.problem) problems.push(`${name} ← ${host} ${e.status} ${e.contentType}: ${p.problem}`);
        }
      }
    }
    upstream.mutation = undefined;
    if (problems.length > 0) console.log(problems.join("\n"));
    expect(problems.join("\n")).toBe("");
  }, 600_000);
});

describe("long hostile argv for the CLI", () => {
  // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN), so argv strings stop just under it.
  const h = composite(128 * 1024 - 64);
  const cases: string[][] = [
    ["call", "diagnose_status_code", JSON.stringify({ status: 401, body: h.slice(0, 60_000), url: h.slice(0, 60_000) })],
    ["call", "check_payload", JSON.stringify({ call: "track", customer_id: "u1", payload: { name: h.slice(0, 120_000) } })],
    ["call", "diagnose_status_code", `{"status": ${h}`],
    ["call", h, "{}"],
    [h],
    ["doctor", `--${h}`],
    ["doctor", "--json", "--id", h],
    ["doctor", "--json", "--id", "healthy-1", "--transactional", h],
    ["audit", "--format", h],
    ["audit", h, "--json"],
    ["trace", "--json", "--email", h, "--campaign", "11"],
    ["trace", "--json", "--id", "tr-delivered", "--delivery", h],
    ["report", "--id", h],
  ];
  for (const args of cases) {
    const shown = args.map((a) => (a.length > 40 ? `<${a.length} chars>` : a)).join(" ");
    it(`customerio-doctor ${shown}`, async () => {
      const started = performance.now();
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((res, rej) => {
        const child = spawn(process.execPath, [BUNDLE, ...args], {
          env: { ...upstream.env(sandbox.credentials("us")), CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS), CUSTOMERIO_REGION: "us" },
          cwd: auditDir,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          rej(new Error(`did not exit within ${BOUND_MS + 2000} ms`));
        }, BOUND_MS + 2000);
        child.on("close", (code) => {
          clearTimeout(timer);
          res({ code, stdout, stderr });
        });
      });
      // Start-up included: the bound of the call plus a second to launch.
      expect(performance.now() - started).toBeLessThan(BOUND_MS + 1000);
      expect([0, 1, 2]).toContain(run.code);
      if (run.code === 2) expect(run.stderr).toMatch(/Usage:/);
      expect(run.stderr).not.toMatch(/failed unexpectedly/);
    }, 30_000);
  }
});

describe("upstream answers and arguments that carry the configured keys", () => {
  it("never come back: attribute names and values, event names, ids, progress lines", async () => {
    const keys = sandbox.credentials("us");
    const secrets = [keys.CUSTOMERIO_TRACK_API_KEY!, keys.CUSTOMERIO_APP_API_KEY!];
    const needles = new Set<string>();
    for (const k of secrets) {
      needles.add(k);
      needles.add(Buffer.from(k).toString("base64"));
      for (let i = 0; i + 8 <= k.length; i++) needles.add(k.slice(i, i + 8));
    }
    const seen: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void seen.push(JSON.stringify(n.params)));
    await client.setLoggingLevel("debug");
    const [track, app] = secrets as [string, string];
    const plans: Array<[Mutation | undefined, string, Record<string, unknown>]> = [
      [{ kind: "key", route: "GET app /:x/customers/:x/attributes", leaf: "customer.attributes", text: `plan_${app}` }, "lookup_customer", { id: PERSON }],
      [{ kind: "value", route: "GET app /:x/customers/:x/attributes", leaf: "customer.attributes.email", text: `${track}@example.com` }, "lookup_customer", { id: PERSON }],
      [{ kind: "value", route: "GET app /:x/customers/:x/activities", leaf: "activities[].name", text: `signed_up_${track}` }, "lookup_customer", { id: PERSON, event_name: "signed_up" }],
      [{ kind: "value", route: "GET status /api/:x/:x", leaf: "components[].name", text: `API ${app}` }, "check_status_page", {}],
      [{ kind: "status", host: "app-us", status: 401, contentType: "application/json", body: JSON.stringify({ errors: [{ detail: `Bearer ${app} is not valid`, status: "401" }] }) }, "test_app_auth", {}],
      [undefined, "run_diagnostics", { id: track }],
      [undefined, "trace_delivery", { id: app, campaign_id: 11 }],
      [undefined, "lookup_customer", { email: `${app}@example.com`, event_name: track }],
    ];
    for (const [mutation, name, args] of plans) {
      upstream.mutation = mutation;
      upstream.applied = 0;
      const res = await client.callTool({ name, arguments: args }, undefined, {
        timeout: 60_000,
        onprogress: (p) => void seen.push(JSON.stringify(p)),
      });
      seen.push(JSON.stringify(res));
      if (mutation) expect(upstream.applied, `${name} read the altered answer`).toBeGreaterThan(0);
    }
    upstream.mutation = undefined;
    const text = seen.join("\n");
    const leaked = [...needles].filter((n) => text.includes(n));
    expect(leaked).toEqual([]);
    expect(text).toContain("[redacted]");
  }, 120_000);
});
