/**
 * The secret-leak scan: the built bundle over stdio with a real Client,
 * debug logging on, every tool called on paths that see the keys (including
 * arguments that contain them, a file that hard-codes one, and upstream
 * answers that echo the Authorization header). Everything that comes back —
 * stdout, structured and text content, log notifications, stderr — must hold
 * no key, no Basic credential, and no 8-character piece of a key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema, type CallToolResult, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { SANDBOX, type SandboxHost } from "./sandbox/types.js";
import { SANDBOX_CUSTOMERS } from "./sandbox/customers.js";
import { describeLeaks, findLeaks, leakNeedles } from "./helpers/leaks.js";
import { malformation } from "./helpers/mcp.js";

const REPO = resolve(__dirname, "..");
const BUNDLE = join(REPO, "dist/customerio-doctor.js");
const TIMEOUT_MS = 800;
const C = SANDBOX_CUSTOMERS;

/** Every sandbox key and Basic credential, whichever run configured it: none may ever show. */
const NEEDLES = leakNeedles(
  [
    { label: "track key (us)", key: SANDBOX.us.trackApiKey },
    { label: "app key (us)", key: SANDBOX.us.appApiKey },
    { label: "track key (eu)", key: SANDBOX.eu.trackApiKey },
    { label: "app key (eu)", key: SANDBOX.eu.appApiKey },
  ],
  [SANDBOX.us.siteId, SANDBOX.eu.siteId],
);

const basic = (site: string, key: string) => Buffer.from(`${site}:${key}`).toString("base64");

let sandbox: Sandbox;
let auditDir = "";

beforeAll(async () => {
  sandbox = await startSandbox();
  auditDir = mkdtempSync(join(REPO, ".secret-scan-"));
});

afterAll(async () => {
  await sandbox?.close();
  if (auditDir) rmSync(auditDir, { recursive: true, force: true });
});

interface Collected {
  where: string;
  text: string;
}

/** One spawned server: a Client over stdio, and everything the process sent back. */
interface Session {
  call(name: string, args: Record<string, unknown>, label?: string): Promise<CallToolResult>;
  /** Texts to scan: stdout (parsed and raw), results, log notifications, stderr. */
  collected(): Collected[];
  /** Calls whose result was not well-formed. */
  malformed: string[];
  close(): Promise<void>;
}

async function openSession(env: Record<string, string>): Promise<Session> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BUNDLE], env, stderr: "pipe", cwd: REPO });
  const stderr: string[] = [];
  transport.stderr?.on("data", (chunk: Buffer | string) => stderr.push(String(chunk)));
  const messages: string[] = [];
  const rawStdout: string[] = [];
  const transportErrors: string[] = [];
  const results: Collected[] = [];
  const logs: string[] = [];
  const malformed: string[] = [];

  // Tap the protocol before the Client starts the transport, so the initialize answer is seen too.
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const deliver = transport.onmessage;
    transport.onmessage = (message: JSONRPCMessage) => {
      messages.push(JSON.stringify(message));
      deliver?.(message);
    };
    const report = transport.onerror;
    transport.onerror = (error) => {
      transportErrors.push(String(error));
      report?.(error);
    };
    await start();
    // The raw bytes too, in case something on stdout is not a protocol message.
    (transport as unknown as { _process?: ChildProcess })._process?.stdout?.on("data", (chunk: Buffer) => rawStdout.push(chunk.toString("utf8")));
  };

  const client = new Client({ name: "secret-scan", version: "1.0.0" });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(JSON.stringify(n.params));
  });
  await client.connect(transport);
  await client.setLoggingLevel("debug");
  await client.listTools();

  return {
    malformed,
    async call(name, args, label = name) {
      const res = (await client.callTool({ name, arguments: args }, undefined, { timeout: 2 * TIMEOUT_MS + 5000 })) as CallToolResult;
      const bad = malformation(res);
      if (bad) malformed.push(`${label}: ${bad}`);
      for (const item of res.content) if (item.type === "text") results.push({ where: `${label}: text content`, text: item.text });
      if (res.structuredContent) results.push({ where: `${label}: structuredContent`, text: JSON.stringify(res.structuredContent) });
      return res;
    },
    collected() {
      return [
        ...messages.map((text, i) => ({ where: `stdout message ${i}`, text })),
        { where: "stdout (raw)", text: rawStdout.join("") },
        ...results,
        ...logs.map((text, i) => ({ where: `log notification ${i}`, text })),
        { where: "stderr", text: stderr.join("") },
        { where: "transport errors", text: transportErrors.join("\n") },
      ];
    },
    async close() {
      await client.close();
    },
  };
}

interface Keys {
  siteId: string;
  trackKey: string;
  appKey: string;
}

/** Arguments that exercise every tool, several of them carrying the configured keys. */
function offlineCalls(k: Keys): Array<[string, Record<string, unknown>, string]> {
  const auth = `Basic ${basic(k.siteId, k.trackKey)}`;
  return [
    ["diagnose_status_code", { status: 401, api: "track", body: `{"meta":{"error":"Unauthorized: key ${k.trackKey} is not valid"}}` }, "status 401, key in body"],
    [
      "diagnose_status_code",
      { status: 401, url: `https://track.customer.io/api/v1/customers/42?api_key=${k.trackKey}&site_id=${k.siteId}`, method: "PUT" },
      "status 401, key in URL query",
    ],
    ["diagnose_status_code", { status: 403, body: `Authorization: ${auth}\nAuthorization: Bearer ${k.appKey}`, api: "app" }, "status 403, headers in body"],
    ["diagnose_status_code", { status: 400, url: `https://api.customer.io/v1/send/email?token=${k.appKey}`, body: JSON.stringify({ errors: [{ detail: k.appKey }] }) }, "status 400, app key"],
    [
      "check_payload",
      { call: "identify", customer_id: "42", payload: { email: "a@example.com", api_key: k.trackKey, note: `key is ${k.appKey}`, auth: { header: auth } } },
      "check_payload object with keys",
    ],
    // An event name that contains a key is split by the dynamic-name advice: pinned below as an open bug.
    ["check_payload", { call: "track", customer_id: k.trackKey, payload: JSON.stringify({ name: "signed_up", data: { key: k.trackKey, token: k.appKey } }) }, "check_payload string with keys"],
    ["check_payload", { call: "send_email", payload: { to: "a@example.com", identifiers: { id: k.appKey }, message_data: { token: k.appKey } } }, "check_payload send_email"],
    ["explain_pitfall", { query: `my key ${k.trackKey} gives 401 on track` }, "explain_pitfall with key"],
    ["explain_pitfall", { query: `new TrackClient("${k.siteId}", "${k.trackKey}"); new APIClient("${k.appKey}")` }, "explain_pitfall with code"],
    ["audit_code", { path: auditDir }, "audit_code on hard-coded keys"],
    ["audit_code", { path: join(auditDir, "cio.js") }, "audit_code on the file"],
  ];
}

function networkCalls(k: Keys): Array<[string, Record<string, unknown>, string]> {
  return [
    ["run_diagnostics", {}, "run_diagnostics"],
    ["run_diagnostics", { id: C.healthy.id }, "run_diagnostics with id"],
    ["run_diagnostics", { email: C.deliveryFailures.email, region: "us" }, "run_diagnostics with email"],
    ["test_track_auth", {}, "test_track_auth"],
    ["test_track_auth", { region: "eu" }, "test_track_auth eu"],
    ["test_app_auth", {}, "test_app_auth"],
    ["test_app_auth", { region: "eu" }, "test_app_auth eu"],
    ["check_status_page", {}, "check_status_page"],
    ["lookup_customer", { id: C.healthy.id }, "lookup healthy"],
    ["lookup_customer", { id: C.deliveryFailures.id }, "lookup delivery failures"],
    ["lookup_customer", { id: C.eventCase.id, event_name: C.eventCase.eventName }, "lookup event case"],
    ["lookup_customer", { email: C.duplicates.email }, "lookup duplicates"],
    ["lookup_customer", { cio_id: C.wide.cio_id }, "lookup wide"],
    ["lookup_customer", { id: C.eu.id }, "lookup eu person"],
    ["lookup_customer", { id: C.unknown.id, event_name: "signed_up" }, "lookup unknown"],
    ["lookup_customer", { id: k.appKey }, "lookup with the app key as id"],
  ];
}

/** Upstream answers that echo what the server sent them. */
function echoFaults(k: Keys): Array<[string, Partial<Record<SandboxHost, Parameters<Sandbox["setFault"]>[1]>>]> {
  const trackAuth = `Basic ${basic(k.siteId, k.trackKey)}`;
  const appAuth = `Bearer ${k.appKey}`;
  const echo = (status: number, authorization: string, key: string) => ({
    kind: "status" as const,
    status,
    headers: { "x-echo-authorization": authorization, "www-authenticate": `Basic realm="${key}"` },
    body: { errors: [{ detail: `request had Authorization: ${authorization}`, status: String(status) }], meta: { error: `bad key ${key}` }, echo: { authorization } },
  });
  const everywhere = (status: number) => ({
    "track-us": echo(status, trackAuth, k.trackKey),
    "track-eu": echo(status, trackAuth, k.trackKey),
    "app-us": echo(status, appAuth, k.appKey),
    "app-eu": echo(status, appAuth, k.appKey),
    status: echo(status, `${trackAuth}, ${appAuth}`, `${k.trackKey} ${k.appKey}`),
  });
  return [
    ["500 echoing the Authorization header", everywhere(500)],
    ["401 echoing the Authorization header", everywhere(401)],
    ["403 echoing the Authorization header", everywhere(403)],
  ];
}

const NETWORK_TOOLS: Array<[string, Record<string, unknown>]> = [
  ["test_track_auth", {}],
  ["test_app_auth", {}],
  ["check_status_page", {}],
  ["lookup_customer", { id: C.healthy.id, event_name: "signed_up" }],
  ["run_diagnostics", { email: C.healthy.email }],
];

interface RunPlan {
  name: string;
  env: Record<string, string>;
  keys: Keys;
  /** Also inject HTML answers and a hang. */
  allFaults: boolean;
  /** Finding codes this run must report, to show the calls reached the paths that handle keys. */
  codes: string[];
}

type RecordedRequest = ReturnType<Sandbox["requests"]>[number];

/** Runs every call under `plan`, scans what came back, and returns every request the sandbox saw. */
async function scanRun(plan: RunPlan): Promise<RecordedRequest[]> {
  const seen: RecordedRequest[] = [];
  // reset() clears the request log too: keep what it held first.
  const resetSandbox = () => {
    seen.push(...sandbox.requests().map((r) => ({ ...r })));
    sandbox.reset();
  };
  sandbox.reset();
  const session = await openSession(sandbox.env({ ...plan.env, CUSTOMERIO_DOCTOR_LOG_LEVEL: "debug", CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS) }));
  try {
    for (const [name, args, label] of offlineCalls(plan.keys)) await session.call(name, args, label);
    for (const [name, args, label] of networkCalls(plan.keys)) await session.call(name, args, label);

    for (const [label, faults] of echoFaults(plan.keys)) {
      for (const [host, fault] of Object.entries(faults)) sandbox.setFault(host as SandboxHost, fault);
      for (const [name, args] of NETWORK_TOOLS) await session.call(name, args, `${name} under ${label}`);
      resetSandbox();
    }
    if (plan.allFaults) {
      sandbox.setFault("*", { kind: "html", status: 502 });
      for (const [name, args] of NETWORK_TOOLS) await session.call(name, args, `${name} under HTML 502`);
      sandbox.setFault("*", { kind: "hang" });
      // Concurrently: each one waits out its own timeout.
      await Promise.all(NETWORK_TOOLS.map(([name, args]) => session.call(name, args, `${name} while upstream hangs`)));
      resetSandbox();
    }
  } finally {
    await session.close();
    resetSandbox();
  }

  expect(session.malformed.join("\n")).toBe("");
  const collected = session.collected();
  expect(collected.filter((c) => c.where.startsWith("stdout message")).length).toBeGreaterThan(40);
  const leaks = findLeaks(collected, NEEDLES);
  expect(leaks, `keys leaked in run "${plan.name}":\n${describeLeaks(leaks)}`).toEqual([]);
  const results = collected.filter((c) => c.where.endsWith("structuredContent")).map((c) => c.text).join("\n");
  if (process.env.SECRET_SCAN_DEBUG) console.log(plan.name, [...new Set(results.match(/"code":"[a-z_0-9]+"/g))].join(" "));
  for (const code of plan.codes) expect(results, `run "${plan.name}"`).toContain(`"code":"${code}"`);
  // The keys were reported, masked to their last four characters.
  expect(results).toContain(`…${plan.keys.trackKey.slice(-4)}`);
  const stderr = collected.find((c) => c.where === "stderr")!.text;
  expect(stderr).toContain("customerio-doctor debug:");
  expect(stderr).not.toMatch(/unhandled rejection|uncaught exception/);
  return seen;
}

function expectOnlyReads(requests: readonly RecordedRequest[]): void {
  const track = requests.filter((r) => r.host === "track-us" || r.host === "track-eu");
  const app = requests.filter((r) => r.host === "app-us" || r.host === "app-eu");
  expect(track.length).toBeGreaterThan(0);
  expect(app.length).toBeGreaterThan(0);
  expect(track.filter((r) => r.method !== "GET")).toEqual([]);
  expect(app.filter((r) => r.method !== "GET")).toEqual([]);
}

describe("no key ever leaves the built server", () => {
  beforeAll(() => {
    expect(existsSync(BUNDLE), "npm test builds dist/customerio-doctor.js first").toBe(true);
    writeFileSync(
      join(auditDir, "cio.js"),
      [
        'const { TrackClient, APIClient } = require("customerio-node");',
        `const cio = new TrackClient("site", "${SANDBOX.us.trackApiKey}");`,
        `const api = new APIClient("${SANDBOX.us.appApiKey}");`,
        `const eu = new TrackClient("${SANDBOX.eu.siteId}", "${SANDBOX.eu.trackApiKey}", { region: RegionEU });`,
        `const euApi = new APIClient("${SANDBOX.eu.appApiKey}");`,
        `const auth = "Basic ${basic(SANDBOX.us.siteId, SANDBOX.us.trackApiKey)}";`,
        "module.exports = { cio, api, eu, euApi, auth };",
      ].join("\n"),
    );
  });

  it("the scan itself finds a piece of a key, a Basic credential and a masked-looking key", () => {
    const planted = [
      { where: "piece", text: `x${SANDBOX.eu.appApiKey.slice(5, 13)}y` },
      { where: "basic", text: `Authorization: Basic ${basic(SANDBOX.us.siteId, SANDBOX.us.trackApiKey)}` },
      { where: "clipped", text: `"${SANDBOX.us.trackApiKey.slice(0, -1)}…"` },
      { where: "masked", text: `api_key: …${SANDBOX.us.trackApiKey.slice(-4)}` },
    ];
    expect([...new Set(findLeaks(planted, NEEDLES).map((l) => l.where))]).toEqual(["piece", "basic", "clipped"]);
  });

  const us: Keys = { siteId: SANDBOX.us.siteId, trackKey: SANDBOX.us.trackApiKey, appKey: SANDBOX.us.appApiKey };
  const eu: Keys = { siteId: SANDBOX.eu.siteId, trackKey: SANDBOX.eu.trackApiKey, appKey: SANDBOX.eu.appApiKey };

  it("with the US sandbox keys, through faults, HTML and a hang", async () => {
    expectOnlyReads(await scanRun({ name: "us", env: sandbox.credentials("us"), keys: us, allFaults: true, codes: ["hardcoded_credentials", "bounced", "duplicate_profiles", "forbidden", "timeout", "status_page_unreachable"] }));
  }, 60_000);

  it("with EU keys while CUSTOMERIO_REGION=us", async () => {
    expectOnlyReads(await scanRun({ name: "eu keys, region us", env: { ...sandbox.credentials("eu"), CUSTOMERIO_REGION: "us" }, keys: eu, allFaults: false, codes: ["hardcoded_credentials", "region_mismatch"] }));
  }, 60_000);

  it("with keys wrapped in quotes and ending in a newline", async () => {
    expectOnlyReads(await scanRun({
      name: "malformed keys",
      env: {
        CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
        CUSTOMERIO_TRACK_API_KEY: `"${SANDBOX.us.trackApiKey}"\n`,
        CUSTOMERIO_APP_API_KEY: `'${SANDBOX.us.appApiKey}'\r\n`,
      },
      keys: us,
      allFaults: false,
      codes: ["hardcoded_credentials", "malformed_credentials"],
    }));
  }, 60_000);

  it("with the Track key set as the App key too", async () => {
    expectOnlyReads(await scanRun({
      name: "app key = track key",
      env: { ...sandbox.credentials("us"), CUSTOMERIO_APP_API_KEY: SANDBOX.us.trackApiKey },
      keys: { ...us, appKey: SANDBOX.us.trackApiKey },
      allFaults: false,
      codes: ["hardcoded_credentials", "wrong_key_type"],
    }));
  }, 60_000);
});

/**
 * Found by this scan and fixed: text clipped to a short excerpt (…), or split at its variable part,
 * can hold all of a configured key but its last characters. The redactor masks any 8-character run
 * of a key, so each of these places must show none of it.
 */
describe("a key cut by a clipped excerpt", () => {
  const key = SANDBOX.us.appApiKey;
  const pad = (n: number) => "w".repeat(n);
  const CASES: Array<[string, string, Record<string, unknown>]> = [
    ["check_payload: dynamic event name advice splits the key", "check_payload", { call: "track", customer_id: "42", payload: { name: `signed_up_${key}` } }],
    ["check_payload: attribute_value_too_long evidence", "check_payload", { call: "identify", customer_id: "42", payload: { email: "a@example.com", note: pad(10) + key + "z".repeat(1200) } }],
    ["check_payload: identifier_too_long evidence", "check_payload", { call: "identify", customer_id: pad(10) + key + "y".repeat(200), payload: { email: "a@example.com" } }],
    ["check_payload: invalid_email evidence", "check_payload", { call: "identify", customer_id: "42", payload: { email: pad(50) + key } }],
    ["diagnose_status_code: unrecognized_error_message evidence", "diagnose_status_code", { status: 400, body: JSON.stringify({ meta: { error: pad(170) + key } }) }],
    ["diagnose_status_code: plain-text body evidence", "diagnose_status_code", { status: 500, body: `${pad(169)}${key} ${"t".repeat(2000)}` }],
    ["diagnose_status_code: HTML body evidence", "diagnose_status_code", { status: 502, body: `<html><title>${pad(90)}${key}</title><body>${"h".repeat(2000)}</body></html>` }],
    ["diagnose_status_code: retry_after evidence", "diagnose_status_code", { status: 429, retry_after: pad(30) + key }],
    ["lookup_customer: not_found message", "lookup_customer", { id: pad(50) + key }],
    ["lookup_customer: event_not_found message", "lookup_customer", { id: C.healthy.id, event_name: pad(50) + key }],
  ];
  const needles = leakNeedles([{ label: "app key (us)", key }], [SANDBOX.us.siteId]);
  let session: Session;

  beforeAll(async () => {
    sandbox.reset();
    session = await openSession(sandbox.env({ ...sandbox.credentials("us"), CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS) }));
  });
  afterAll(async () => {
    await session?.close();
  });

  it.each(CASES)("%s", async (_label, name, args) => {
    const res = await session.call(name, args);
    const leaks = findLeaks([{ where: name, text: JSON.stringify(res) }], needles);
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });
});
