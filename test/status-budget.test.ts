/**
 * diagnose_status_code's share of the context budget, measured through a real
 * MCP client (the SDK's own schema conversion): definition sizes, answer text
 * sizes over typical calls, and no sentence said twice. Sizes are
 * deterministic, so they are asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectInMemory } from "./helpers/mcp.js";
import { repeatedSentences } from "./helpers/sentences.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** Typical calls: one per common status and API, with and without bodies and URLs. */
const CALLS: Array<Record<string, unknown>> = [
  { status: 429, api: "app", retry_after: "2" },
  { status: 401, api: "track" },
  { status: 400, api: "track", body: '{"meta":{"error":"invalid timestamp"}}' },
  { status: 404, api: "app", url: "https://api.customer.io/v1/customers/42/attributes" },
  { status: 503 },
  { status: 429, body: '{"errors":[{"detail":"rate limited to 10 requests per 1s (reference a1b2c3)","status":"429"}]}', retry_after: "1" },
  { status: 429, body: '{"errors":[{"detail":"rate limited to 100 request(s) per day (reference a1b2c3)","status":"429"}]}', url: "https://api.customer.io/v1/messages/m1/archived_message" },
  { status: 200, url: "https://cdp.customer.io/v1/track", method: "POST", body: "{}" },
  { status: 401, url: "https://cdp-eu.customer.io/v1/identify", method: "POST" },
  { status: 400, url: "https://api.customer.io/v1/send/email", method: "POST", body: '{"meta":{"error":"“transactional_message_id” not found."}}' },
  { status: 301, body: '{"errors":[{"detail":"wrong datacenter","status":"301"}]}', url: "https://api.customer.io/v1/customers?email=a%40b.c" },
  { status: 207, url: "https://track.customer.io/api/v2/batch", body: '{"errors":[{"batch_index":1,"reason":"required","field":"identifiers","message":"identifiers are required"}]}' },
  { status: 403, url: "https://api.customer.io/v1/send/sms", body: '{"meta":{"error":"SMS messaging is not enabled for your workspace."}}' },
  { status: 401 },
  { status: 500, url: "https://api.customer.io/v1/send/email", method: "POST" },
];

/** Every place of a JSON schema where `type` is an array (what MCP Inspector --strict warns about). */
function typeArrays(node: unknown, path = "#"): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => typeArrays(n, `${path}/${i}`));
  if (node === null || typeof node !== "object") return [];
  const own = Array.isArray((node as { type?: unknown }).type) ? [path] : [];
  return [...own, ...Object.entries(node).flatMap(([k, v]) => typeArrays(v, `${path}/${k}`))];
}

let client: Client;
let close: () => Promise<void>;
const rows: string[] = [];

beforeAll(async () => {
  const conn = await connectInMemory({});
  client = conn.client;
  close = conn.close;
});

afterAll(async () => {
  await close?.();
  if (rows.length) console.log(["", "| call | text bytes | structured bytes |", "| --- | ---: | ---: |", ...rows, ""].join("\n"));
});

describe("diagnose_status_code definition", () => {
  it("keeps description + input schema near 700 B, the output schema tight, and no JSON-Schema type arrays", async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === "diagnose_status_code")!;
    const model = bytes(tool.description ?? "") + bytes(JSON.stringify(tool.inputSchema));
    const output = bytes(JSON.stringify(tool.outputSchema));
    console.log(`diagnose_status_code: description+input ${model} B, output schema ${output} B`);
    expect(model).toBeLessThanOrEqual(760);
    // The contract's fields alone (typed items of matched_errors, next_steps and the shared finding) take about 1.4 KB.
    expect(output).toBeLessThanOrEqual(1800);
    expect(typeArrays(tool.inputSchema)).toEqual([]);
    expect(typeArrays(tool.outputSchema)).toEqual([]);
    // retry_after_seconds stays "number or null" (anyOf, not a type array); its lower bound is
    // the diagnosis's to keep (never negative), not a schema keyword in every listing.
    const ras = (tool.outputSchema as { properties: Record<string, unknown> }).properties.retry_after_seconds;
    expect(ras).toEqual({ anyOf: [{ type: "number" }, { const: null }] });
    const api = (tool.inputSchema as { properties: Record<string, { enum?: string[] }> }).properties.api!;
    expect(api.enum).toEqual(["track", "app", "transactional", "pipelines", "unknown"]);
  });
});

describe("diagnose_status_code answers", () => {
  it("stay under 3 KB of text even when a body carries many known errors", async () => {
    const messages = [
      "“transactional_message_id” not found.",
      "“from” address domain has not been verified.",
      "Account is not yet approved for sending.",
      "Workspace is set to “Do Not Send.”",
      "Account owner’s email address is not confirmed.",
      "Invalid phone number format. Phone numbers must be in E.164 format.",
      "Push messaging is not enabled for your workspace.",
      "Attachment must be base64 encoded: \"a.pdf\"",
      "Forbidden file type exe for attachment a.exe.",
      "Account is not authorized for transactional messaging.",
      "Missing required field",
    ];
    const body = JSON.stringify({ errors: messages.map((detail) => ({ detail })) });
    const r = (await client.callTool({ name: "diagnose_status_code", arguments: { status: 400, api: "transactional", body } })) as unknown as {
      content: Array<{ text: string }>;
      structuredContent: { matched_errors: unknown[]; findings: unknown[] };
    };
    const text = r.content.map((c) => c.text).join("\n");
    expect(r.structuredContent.matched_errors.length).toBeGreaterThanOrEqual(10);
    expect(text).toMatch(/…and \d+ more in the structured result/);
    rows.push(`| 400 with ${messages.length} known errors | ${bytes(text)} | ${bytes(JSON.stringify(r.structuredContent))} |`);
    expect(bytes(text)).toBeLessThanOrEqual(3072);
  });

  it("keep their text at a median of at most 1.5 KB and at most 3 KB, each sentence said once", async () => {
    const sizes: number[] = [];
    const repeats: string[] = [];
    for (const args of CALLS) {
      const r = (await client.callTool({ name: "diagnose_status_code", arguments: args })) as unknown as {
        content: Array<{ text: string }>;
        structuredContent: { summary: string; findings: Array<{ message: string; fix?: string }> };
        isError?: boolean;
      };
      expect(r.isError, JSON.stringify(args)).toBeFalsy();
      const text = r.content.map((c) => c.text).join("\n");
      // No secret is configured: nothing of the server's own wording may look like one to the redactor.
      expect(text, JSON.stringify(args)).not.toContain("[redacted]");
      sizes.push(bytes(text));
      rows.push(`| ${JSON.stringify(args).slice(0, 100)} | ${bytes(text)} | ${bytes(JSON.stringify(r.structuredContent))} |`);
      const sc = r.structuredContent;
      const said = [...repeatedSentences([text]), ...repeatedSentences([sc.summary, ...sc.findings.flatMap((f) => [f.message, f.fix ?? ""])])];
      if (said.length) repeats.push(`${JSON.stringify(args)}: ${said.join(" / ")}`);
    }
    const sorted = [...sizes].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`diagnose_status_code text: median ${median} B, max ${sorted.at(-1)} B over ${sizes.length} calls`);
    expect(repeats).toEqual([]);
    expect(median).toBeLessThanOrEqual(1536);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3072);
  });
});
