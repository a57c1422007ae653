/**
 * One value, one verdict: the same timestamps and event names go through
 * check_payload (the body an app would send), lookup_customer (the profile
 * the App API returns, from a spec-shaped fake on 127.0.0.1) and audit_code
 * (a small source file making the same call), and each tool must reach the
 * same verdict, because all three read the rules from src/domain.
 *
 * The table (value × tool × verdict) is printed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import type { Logger } from "../src/log.js";
import { createRuntime, runToolHandler } from "../src/server.js";
import { auditCode } from "../src/tools/audit-code.js";
import { checkPayload } from "../src/tools/check-payload.js";
import { lookupCustomer } from "../src/tools/lookup-customer.js";
import { specsMissingReason, Specs } from "./sandbox/spec.js";
import { startProfileServer, type FakePerson, type ProfileServer } from "./helpers/profile-server.js";

const APP_KEY = "agreement0app0key0f00dcafe1234";
const NOW_MS = Date.now();
const NOW_S = Math.floor(NOW_MS / 1000);

type Verdict = "flagged" | "clean";

interface Row {
  /** What is being judged, as a person would say it. */
  value: string;
  /** The finding codes that mean "flagged" for this concern, per tool; an empty list: the tool cannot see this value. */
  codes: { check_payload: string[]; lookup_customer: string[]; audit_code: string[] };
  expected: Verdict;
  payload: { call: string; customer_id?: string; payload: Record<string, unknown> };
  person: Omit<FakePerson, "id">;
  /** The body of an exported async function `run(user, cio)`. */
  source: string;
  /** The person's id, when the row is about the id itself. */
  id?: string;
}

const MS = ["millisecond_timestamp"];
const PII = ["pii_in_event_name"];
const DYNAMIC = { check_payload: ["dynamic_event_name"], lookup_customer: ["dynamic_event_names"], audit_code: ["dynamic_event_name"] };
const SPELLING = { check_payload: ["event_name_inconsistent"], lookup_customer: ["event_name_mismatch"], audit_code: ["event_name_inconsistent"] };
const same = (codes: string[]) => ({ check_payload: codes, lookup_customer: codes, audit_code: codes });

function timestampRow(key: string, value: number, code: string, expected: Verdict): Row {
  return {
    value: `${key}: ${code}`,
    codes: same(MS),
    expected,
    payload: { call: "identify", customer_id: "42", payload: { email: "jane@example.com", [key]: value } },
    person: { email: "jane@example.com", attributes: { [key]: String(value) } },
    source: `await cio.identify(user.id, { email: user.email, ${key}: ${code} });`,
  };
}

function eventRow(value: string, name: string, codes: Row["codes"], expected: Verdict): Row {
  return {
    value,
    codes,
    expected,
    payload: { call: "track", customer_id: "42", payload: { name, data: { plan: "pro" } } },
    person: { email: "jane@example.com", events: [name] },
    source: `await cio.track(user.id, { name: ${JSON.stringify(name)}, data: { plan: "pro" } });`,
  };
}

const ROWS: Row[] = [
  timestampRow("signupDate", NOW_MS, "Date.now()", "flagged"),
  timestampRow("last_seen_on", NOW_MS, "Date.now()", "flagged"),
  timestampRow("ts", NOW_MS, "Date.now()", "flagged"),
  timestampRow("createdAt", NOW_MS, "Date.now()", "flagged"),
  timestampRow("trial_ends_at", NOW_MS, "new Date().getTime()", "flagged"),
  timestampRow("signupDate", NOW_S, "Math.floor(Date.now() / 1000)", "clean"),
  timestampRow("last_seen_on", NOW_S, "Math.floor(Date.now() / 1000)", "clean"),
  timestampRow("plan_code", NOW_MS, "Date.now()", "clean"),
  eventRow("event name holding an SSN", "ssn_123-45-6789_entered", same(PII), "flagged"),
  eventRow("event name holding an email", "signup_jane.doe@example.com", same(PII), "flagged"),
  eventRow("event name holding a card number", "paid_4111111111111111", same(PII), "flagged"),
  eventRow("event name holding a phone number", "called_+14155552671", same(PII), "flagged"),
  eventRow("plain event name", "order_completed", same(PII), "clean"),
  eventRow("dynamic event name (a number)", "viewed_product_12345", DYNAMIC, "flagged"),
  eventRow("dynamic event name (a UUID)", "order_3f2a9c1e-7b2d-4a60-9d8c-7b6a5f4e3d2c_paid", DYNAMIC, "flagged"),
  eventRow("static event name", "checkout_v2", DYNAMIC, "clean"),
  {
    value: "orderCompleted next to order_completed",
    codes: SPELLING,
    expected: "flagged",
    payload: {
      call: "batch",
      payload: {
        batch: [
          { type: "person", identifiers: { id: "42" }, action: "event", name: "order_completed" },
          { type: "person", identifiers: { id: "42" }, action: "event", name: "orderCompleted" },
        ],
      },
    },
    person: { email: "jane@example.com", events: ["order_completed", "orderCompleted"] },
    source: `await cio.track(user.id, { name: "order_completed" });\n  await cio.track(user.id, { name: "orderCompleted" });`,
  },
  {
    value: "Order Completed next to order_completed",
    codes: SPELLING,
    expected: "flagged",
    payload: {
      call: "batch",
      payload: {
        batch: [
          { type: "person", identifiers: { id: "42" }, action: "event", name: "order_completed" },
          { type: "person", identifiers: { id: "42" }, action: "event", name: "Order Completed" },
        ],
      },
    },
    person: { email: "jane@example.com", events: ["order_completed", "Order Completed"] },
    source: `await cio.track(user.id, { name: "order_completed" });\n  await cio.track(user.id, { name: "Order Completed" });`,
  },
  {
    value: "one spelling only (order_completed, cart_viewed)",
    codes: SPELLING,
    expected: "clean",
    payload: {
      call: "batch",
      payload: {
        batch: [
          { type: "person", identifiers: { id: "42" }, action: "event", name: "order_completed" },
          { type: "person", identifiers: { id: "42" }, action: "event", name: "cart_viewed" },
        ],
      },
    },
    person: { email: "jane@example.com", events: ["order_completed", "cart_viewed"] },
    source: `await cio.track(user.id, { name: "order_completed" });\n  await cio.track(user.id, { name: "cart_viewed" });`,
  },
];

ROWS.push(
  {
    value: "an email as the person id",
    codes: { check_payload: ["email_as_id"], lookup_customer: ["email_as_id"], audit_code: [] },
    expected: "flagged",
    payload: { call: "identify", customer_id: "jane.doe@example.com", payload: { email: "jane.doe@example.com" } },
    person: { email: "jane.doe@example.com" },
    source: "",
    id: "jane.doe@example.com",
  },
  {
    value: "a database id as the person id",
    codes: { check_payload: ["email_as_id"], lookup_customer: ["email_as_id"], audit_code: [] },
    expected: "clean",
    payload: { call: "identify", customer_id: "usr_42", payload: { email: "jane.doe@example.com" } },
    person: { email: "jane.doe@example.com" },
    source: "",
  },
  {
    value: "an email attribute that is not an address",
    codes: { check_payload: ["invalid_email"], lookup_customer: ["missing_email"], audit_code: [] },
    expected: "flagged",
    payload: { call: "identify", customer_id: "usr_43", payload: { email: "jane.doe@example" } },
    person: { email: "jane.doe@example" },
    source: "",
  },
);

const TOOLS = ["check_payload", "check_payload (Pipelines)", "lookup_customer", "audit_code"] as const;
type Tool = (typeof TOOLS)[number];

/** The same body as a Pipelines call: identify → /identify with traits, track → /track, a v2 batch of events → /batch of tracks. */
function asPipelines(p: Row["payload"]): Row["payload"] {
  const userId = p.customer_id ?? "42";
  if (p.call === "identify") {
    const { email, ...traits } = p.payload;
    return { call: "pipelines_identify", payload: { userId, traits: { email, ...traits } } };
  }
  if (p.call === "track") return { call: "pipelines_track", payload: { userId, event: p.payload.name, properties: p.payload.data } };
  const items = (p.payload.batch as Array<{ name: string }>).map((item) => ({ type: "track", userId, event: item.name }));
  return { call: "pipelines_batch", payload: { batch: items } };
}

/** The codes a row's concern has in a tool; the Pipelines calls share check_payload's codes. */
function codesOf(row: Row, tool: Tool): string[] {
  return tool === "check_payload (Pipelines)" ? row.codes.check_payload : row.codes[tool];
}

const silent: Logger = { debug: () => {}, info: () => {}, warning: () => {}, error: () => {}, attach: () => {} };
let server: ProfileServer;
let dir: string;
const table: Array<{ row: number; value: string; tool: Tool; verdict: Verdict | "n/a"; codes: string }> = [];

function personId(row: Row, i: number): string {
  return row.id ?? `agree-${i}`;
}

function fileFor(row: Row, i: number): string {
  return path.join(dir, `row${i}.ts`);
}

beforeAll(async () => {
  server = await startProfileServer(APP_KEY);
  server.setPeople(ROWS.map((r, i) => ({ id: personId(r, i), ...r.person })));
  dir = realpathSync(await mkdtemp(path.join(tmpdir(), "cio-agreement-")));
  for (const [i, row] of ROWS.entries()) {
    const source = `import { TrackClient, RegionUS } from "customerio-node";\n\nconst cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });\n\nexport async function run(user: { id: string; email: string }) {\n  ${row.source}\n}\n`;
    await writeFile(fileFor(row, i), source);
  }
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  table.sort((a, b) => a.row - b.row);
  const width = Math.max(...table.map((t) => t.value.length));
  const lines = table.map((t) => `${t.value.padEnd(width)}  ${t.tool.padEnd(26)}  ${t.verdict.padEnd(7)}  ${t.codes}`);
  console.log(`Agreement table (value × tool × verdict):\n${"value".padEnd(width)}  ${"tool".padEnd(26)}  verdict  codes\n${lines.join("\n")}`);
});

async function run(tool: Tool, row: Row, i: number): Promise<string[]> {
  const env = {
    CUSTOMERIO_APP_API_KEY: APP_KEY,
    CUSTOMERIO_REGION: "us",
    CUSTOMERIO_APP_URL_US: server.url,
    CUSTOMERIO_APP_URL_EU: server.url,
    CUSTOMERIO_TIMEOUT_MS: "3000",
  };
  const runtime = createRuntime(loadConfig(env), { logger: silent, cwd: dir });
  try {
    const args =
      tool === "check_payload" ? row.payload : tool === "check_payload (Pipelines)" ? asPipelines(row.payload) : tool === "lookup_customer" ? { id: personId(row, i) } : { path: fileFor(row, i) };
    const def = tool.startsWith("check_payload") ? checkPayload : tool === "lookup_customer" ? lookupCustomer : auditCode;
    const result = (await runToolHandler(def as never, args, runtime)) as { findings: Array<{ code: string }> };
    return result.findings.map((f) => f.code);
  } finally {
    await runtime.close();
  }
}

describe("the same value gets the same verdict from check_payload, lookup_customer and audit_code", () => {
  for (const [i, row] of ROWS.entries()) {
    for (const tool of TOOLS) {
      if (codesOf(row, tool).length === 0) {
        table.push({ row: i * TOOLS.length + TOOLS.indexOf(tool), value: row.value, tool, verdict: "n/a", codes: "(no such value in source code)" });
        continue;
      }
      it(`${row.value} — ${tool}: ${row.expected}`, async () => {
        const found = await run(tool, row, i);
        const hits = found.filter((c) => codesOf(row, tool).includes(c));
        const verdict: Verdict = hits.length > 0 ? "flagged" : "clean";
        table.push({ row: i * TOOLS.length + TOOLS.indexOf(tool), value: row.value, tool, verdict, codes: hits.join(", ") || "—" });
        expect(verdict, `${tool} findings: ${found.join(", ") || "(none)"}`).toBe(row.expected);
      });
    }
  }
});

describe("the fake App API the lookups read is spec-shaped", () => {
  const reason = specsMissingReason();
  it.skipIf(reason !== undefined)(`every answer validates against the App spec${reason ? ` (skipped: ${reason})` : ""}`, () => {
    const specs = new Specs();
    const served = server.answers.filter((a) => a.status === 200);
    expect(served.length).toBeGreaterThan(0);
    for (const a of served) {
      const response = specs.response("app", a.operation, a.status);
      expect(response?.schemaPointer, a.operation).toBeDefined();
      const validate = specs.validator("app", response!.schemaPointer!.replace(/^#/, ""));
      expect(validate(a.body), `${a.operation}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});
