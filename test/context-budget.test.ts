/**
 * The context budget: every tool definition and every answer lands in a
 * model's context, so their sizes are part of the product. Sizes are
 * deterministic (the same calls against the same sandbox give the same
 * bytes), so they are asserted here; timings never are.
 *
 * Budgets (UTF-8 bytes):
 *   tools/list, the whole answer                         <= 16 KB
 *   tools/list, names + descriptions + input schemas     <=  8 KB
 *   answer text over the fixed calls below: median       <= 1.5 KB
 *                                            maximum     <=  3 KB
 *   explain_pitfall {} (the catalog)                     <=  6 KB
 * and no sentence is said twice in one answer (summary, findings, fixes).
 *
 * The table printed at the end (call -> text bytes, structured bytes) is the
 * figure to quote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectInMemory, type ConnectedServer } from "./helpers/mcp.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";
import { SANDBOX_CUSTOMERS as C } from "./sandbox/customers.js";
import { TRACE_CASES as T } from "./sandbox/trace-people.js";
import { repeatedSentences } from "./helpers/sentences.js";

const KB = 1024;
const BUDGET = {
  toolsList: 16 * KB,
  toolsListModelPart: 8 * KB,
  textMedian: 1.5 * KB,
  textMax: 3 * KB,
  catalog: 6 * KB,
};

/** All ten tools; the list is part of the contract. */
const TOOLS = [
  "run_diagnostics",
  "diagnose_status_code",
  "explain_pitfall",
  "test_track_auth",
  "test_app_auth",
  "check_status_page",
  "lookup_customer",
  "check_payload",
  "audit_code",
  "trace_delivery",
];

interface Call {
  tool: string;
  args: Record<string, unknown>;
}

const NOW_MS = 1_767_225_600_000; // 2026-01-01T00:00:00Z, in milliseconds on purpose

/** The fixed calls whose answer text is budgeted (median and maximum). */
const CALLS: Call[] = [
  // Offline knowledge.
  { tool: "diagnose_status_code", args: { status: 429, api: "app", retry_after: "2" } },
  { tool: "diagnose_status_code", args: { status: 401, api: "track" } },
  { tool: "diagnose_status_code", args: { status: 400, api: "track", body: '{"meta":{"error":"invalid timestamp"}}' } },
  { tool: "diagnose_status_code", args: { status: 404, api: "app", url: "https://api.customer.io/v1/customers/42/attributes" } },
  { tool: "diagnose_status_code", args: { status: 503 } },
  { tool: "explain_pitfall", args: { id: 2 } },
  { tool: "explain_pitfall", args: { query: "timestamps in milliseconds" } },
  { tool: "explain_pitfall", args: { query: "campaign not triggering" } },
  // Offline payload checks.
  { tool: "check_payload", args: { call: "identify", customer_id: "42", payload: { email: "a@example.com", created_at: NOW_MS } } },
  { tool: "check_payload", args: { call: "track", customer_id: "42", payload: { name: "Viewed Product 123", data: { price: 9 } } } },
  { tool: "check_payload", args: { call: "send_email", payload: { to: "a@example.com", identifiers: { id: "42" } } } },
  { tool: "check_payload", args: { call: "identify", customer_id: "42", payload: { email: "a@example.com", plan: "pro" } } },
  // Network tools against the sandbox.
  { tool: "test_track_auth", args: {} },
  { tool: "test_app_auth", args: {} },
  { tool: "check_status_page", args: {} },
  { tool: "lookup_customer", args: { id: C.healthy.id } },
  { tool: "lookup_customer", args: { id: C.deliveryFailures.id } },
  { tool: "lookup_customer", args: { id: C.eventCase.id, event_name: C.eventCase.eventName } },
  { tool: "lookup_customer", args: { id: C.wide.id } },
  { tool: "run_diagnostics", args: {} },
  { tool: "run_diagnostics", args: { id: C.healthy.id } },
  // The demo's three traces and a delivered message (people of test/sandbox/trace-people.ts).
  { tool: "trace_delivery", args: { id: T.trigger_event_mismatch.person.id, event_name: "signed_up" } },
  { tool: "trace_delivery", args: { email: T.esp_suppressed.person.email, campaign_id: 11 } },
  { tool: "trace_delivery", args: { id: T.no_push_device.person.id, campaign_id: 14 } },
  { tool: "trace_delivery", args: { id: T.delivered.person.id, campaign_id: 11 } },
  { tool: "run_diagnostics", args: { id: T.esp_suppressed.person.id, campaign_id: 11 } },
];

/** The catalog call, with its own budget. */
const CATALOG: Call = { tool: "explain_pitfall", args: {} };

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const label = (c: Call) => `${c.tool} ${JSON.stringify(c.args)}`;

interface Measured {
  call: string;
  /** The start of the text, kept to say why a call failed. */
  head: string;
  text: number;
  structured: number;
  isError: boolean;
  sentencesSaidTwice: string[];
}

/** The text without its fenced code blocks (scanned line by line). */
function withoutCodeBlocks(text: string): string {
  let inside = false;
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trimStart().startsWith("```")) {
      inside = !inside;
      continue;
    }
    if (!inside) kept.push(line);
  }
  return kept.join("\n");
}

let sandbox: Sandbox;
let connected: ConnectedServer;
let client: Client;
const table: Measured[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  connected = await connectInMemory({
    ...sandbox.env(),
    CUSTOMERIO_TIMEOUT_MS: "3000",
    CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
    CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey,
    CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey,
    CUSTOMERIO_REGION: "us",
  });
  client = connected.client;
});

afterAll(async () => {
  await connected?.close();
  await sandbox?.close();
  if (table.length > 0) {
    const rows = table.map((r) => `| ${r.call.slice(0, 110)} | ${r.text} | ${r.structured} |${r.isError ? " error" : ""}`);
    console.log(["", "| call | text bytes | structured bytes |", "| --- | ---: | ---: |", ...rows, ""].join("\n"));
  }
});

async function measure(c: Call): Promise<Measured> {
  const r = (await client.callTool({ name: c.tool, arguments: c.args })) as {
    content: Array<{ type: string; text?: string }>;
    structuredContent?: { summary?: string; findings?: Array<{ message?: string; fix?: string }> };
    isError?: boolean;
  };
  const text = r.content
    .filter((p) => p.type === "text")
    .map((p) => p.text ?? "")
    .join("\n");
  const sc = r.structuredContent;
  const parts = [text];
  const scParts = sc ? [sc.summary ?? "", ...(sc.findings ?? []).flatMap((f) => [f.message ?? "", f.fix ?? ""])] : [];
  const m: Measured = {
    call: label(c),
    head: text.slice(0, 160),
    text: bytes(text),
    structured: sc ? bytes(JSON.stringify(sc)) : 0,
    isError: r.isError === true,
    sentencesSaidTwice: [...new Set([...repeatedSentences(parts.map(withoutCodeBlocks)), ...repeatedSentences(scParts.map(withoutCodeBlocks))])],
  };
  table.push(m);
  return m;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

describe("tools/list", () => {
  it(`lists the ten tools in at most ${BUDGET.toolsList} bytes, ${BUDGET.toolsListModelPart} of them names, descriptions and input schemas`, async () => {
    const list = await client.listTools();
    const names = list.tools.map((t) => t.name);
    const total = bytes(JSON.stringify(list));
    const modelPart = list.tools.reduce((n, t) => n + bytes(t.name) + bytes(t.description ?? "") + bytes(JSON.stringify(t.inputSchema)), 0);
    const outputPart = list.tools.reduce((n, t) => n + bytes(JSON.stringify(t.outputSchema ?? {})), 0);
    const perTool = list.tools.map(
      (t) => `| ${t.name} | ${bytes(t.description ?? "")} | ${bytes(JSON.stringify(t.inputSchema))} | ${bytes(JSON.stringify(t.outputSchema ?? {}))} |`,
    );
    console.log(
      [
        "",
        `tools/list: ${total} bytes in all; names+descriptions+input schemas ${modelPart}; output schemas ${outputPart}`,
        "| tool | description | input schema | output schema |",
        "| --- | ---: | ---: | ---: |",
        ...perTool,
        "",
      ].join("\n"),
    );
    expect([...names].sort()).toEqual([...TOOLS].sort());
    // Output schemas are kept (tighter, not removed).
    for (const t of list.tools) expect(t.outputSchema, `${t.name} has an output schema`).toBeDefined();
    expect(modelPart).toBeLessThanOrEqual(BUDGET.toolsListModelPart);
    expect(total).toBeLessThanOrEqual(BUDGET.toolsList);
  });
});

describe("answers", () => {
  it(`keep their text at a median of at most ${BUDGET.textMedian} bytes and at most ${BUDGET.textMax} bytes each`, async () => {
    const measured: Measured[] = [];
    for (const c of CALLS) measured.push(await measure(c));
    // A budget over answers that failed to run would prove nothing.
    expect(measured.filter((m) => m.isError).map((m) => `${m.call}: ${m.head}`)).toEqual([]);
    expect(new Set(CALLS.map((c) => c.tool))).toEqual(new Set(TOOLS.filter((t) => t !== "audit_code")));
    const over = measured.filter((m) => m.text > BUDGET.textMax).map((m) => `${m.call}: ${m.text} bytes`);
    expect(over).toEqual([]);
    expect(median(measured.map((m) => m.text))).toBeLessThanOrEqual(BUDGET.textMedian);
  }, 120_000); // the network calls share the App API's 10-per-second limiter

  it("never say the same sentence twice (summary, findings and fixes)", () => {
    // Uses the answers measured above (vitest runs the tests of a file in order).
    expect(table.length).toBeGreaterThanOrEqual(CALLS.length);
    const repeats = table.filter((m) => m.sentencesSaidTwice.length > 0).map((m) => `${m.call}: ${m.sentencesSaidTwice.join(" / ")}`);
    expect(repeats).toEqual([]);
  });

  it("give causes and fixes only for the API the request was made to", async () => {
    // The case the budget started from: a Track 400 used to list the transactional API's causes.
    const ask = async (args: Record<string, unknown>) => {
      const r = (await client.callTool({ name: "diagnose_status_code", arguments: args })) as unknown as {
        structuredContent: { causes: string[]; fixes: string[] };
      };
      return [...r.structuredContent.causes, ...r.structuredContent.fixes].join("\n");
    };
    expect(await ask({ status: 400, api: "track" })).not.toMatch(/transactional|send\/email/i);
    expect(await ask({ status: 400, api: "transactional" })).not.toMatch(/Track v[12]|\/api\/v[12]\//i);
    expect(await ask({ status: 429, api: "track" })).not.toMatch(/transactional|App API/i);
  });

  it(`list the whole pitfall catalog (number, slug, title, one line) in at most ${BUDGET.catalog} bytes`, async () => {
    const m = await measure(CATALOG);
    expect(m.isError).toBe(false);
    expect(m.text, "the catalog's text").toBeLessThanOrEqual(BUDGET.catalog);
    // Some clients hand the model only structuredContent: the catalog is short there too
    // (wrong/correct samples come on request, with detail: "full").
    expect(m.structured, "the catalog's structuredContent").toBeLessThanOrEqual(BUDGET.catalog);
  });
});
