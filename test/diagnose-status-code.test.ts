/** diagnose_status_code: every status entry, every known error, body shapes, Retry-After, URL inference, bad input over MCP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { loadConfig, type Config } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { Redactor } from "../src/redact.js";
import type { ToolContext } from "../src/tools/define.js";
import { diagnoseStatusCode } from "../src/tools/diagnose-status-code.js";
import { parseErrorBody } from "../src/diagnosis/error-body.js";
import { inferFromUrl } from "../src/diagnosis/request-url.js";
import { parseRetryAfter } from "../src/diagnosis/status.js";
import { ERROR_SIGNATURES, SERVER_TOOL_NAMES, STATUS_CODES, statusCategory } from "../src/knowledge/catalog.js";
import type { ErrorSignature } from "../src/knowledge/types.js";
import { connectInMemory } from "./helpers/mcp.js";

const NOW = new Date("2026-03-02T10:00:00.000Z");

function makeCtx(config: Config = loadConfig({})): ToolContext {
  const redactor = new Redactor();
  return {
    config,
    redactor,
    log: createLogger(redactor, {}),
    http: async () => {
      throw new Error("diagnose_status_code must not use the network");
    },
    signal: new AbortController().signal,
    progress: () => {},
    roots: async () => [process.cwd()],
    now: () => NOW,
  };
}

const ctx = makeCtx();
const outputSchema = z.object(diagnoseStatusCode.outputSchema);
const inputSchema = z.object(diagnoseStatusCode.inputSchema);

type Args = Parameters<typeof diagnoseStatusCode.handler>[0];
async function diagnose(args: Args, context: ToolContext = ctx) {
  const parsedArgs = inputSchema.parse(args) as Args;
  const result = await diagnoseStatusCode.handler(parsedArgs, context);
  // What the SDK checks before returning structuredContent.
  outputSchema.parse(result);
  return result;
}

const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

describe("every status code entry", () => {
  for (const entry of STATUS_CODES) {
    it(`${entry.status} ${entry.name}`, async () => {
      const r = await diagnose({ status: entry.status });
      expect(r.status).toBe(entry.status);
      expect(r.name).toBe(entry.name);
      expect(r.category).toBe(statusCategory(entry.status));
      expect(r.retryable).toBe(entry.retryable);
      expect(r.retry_after_seconds).toBeNull();
      expect(r.summary.startsWith(`${entry.status} ${entry.name}`)).toBe(true);
      expect(r.causes).toEqual(expect.arrayContaining(entry.causes));
      expect(r.related_pitfalls).toEqual(entry.related_pitfalls);
      expect(codes(r)).toContain(`status_${entry.status}`);
      expect(r.next_steps.length).toBeGreaterThanOrEqual(1);
      for (const s of r.next_steps) expect(SERVER_TOOL_NAMES as readonly string[]).toContain(s.tool);
      expect(r.sources.length).toBeGreaterThanOrEqual(1);
      // No body given: no body shape (omitted rather than null, so the output schema has no type arrays).
      expect(r.body_shape).toBeUndefined();
      expect(diagnoseStatusCode.render(r)).toContain(`## ${entry.status} ${entry.name}`);
    });
  }
});

/** A body of the shape the signature's API really uses. */
function realisticBody(sig: ErrorSignature): string {
  if (sig.message.startsWith("{")) return sig.message;
  if (sig.id.startsWith("reported_")) return JSON.stringify({ meta: { error: sig.message } });
  switch (sig.apis[0]) {
    case "track":
      return JSON.stringify({ meta: { errors: [sig.message] } });
    case "app":
      return JSON.stringify({ errors: [{ detail: sig.message, status: String(sig.statuses[0]) }] });
    default:
      return JSON.stringify({ meta: { error: sig.message } });
  }
}

function apiArg(sig: ErrorSignature): "track" | "app" | "transactional" | "pipelines" {
  const api = sig.apis[0]!;
  return api === "track_v2" ? "track" : api === "status" ? "app" : api;
}

describe("every error signature", () => {
  for (const sig of ERROR_SIGNATURES) {
    it(`matches ${sig.id}`, async () => {
      const r = await diagnose({ status: sig.statuses[0]!, body: realisticBody(sig), api: apiArg(sig) });
      const hit = r.matched_errors.find((m) => m.id === sig.id);
      expect(hit, JSON.stringify(r.matched_errors)).toBeDefined();
      expect(hit!.explanation).toBe(sig.explanation);
      expect(hit!.fix).toBe(sig.fix);
      expect(codes(r)).toContain(sig.id);
      for (const p of sig.related_pitfalls) expect(r.related_pitfalls).toContain(p);
    });
  }

  it("also matches without any api hint", async () => {
    const r = await diagnose({ status: 403, body: '{"meta":{"error":"Workspace is set to \\"Do Not Send.\\""}}' });
    expect(r.matched_errors.map((m) => m.id)).toEqual(["workspace_do_not_send"]);
    expect(r.summary).toMatch(/Do Not Send/);
  });

  it("says when a message belongs to another API than the one claimed", async () => {
    const r = await diagnose({ status: 429, api: "track", body: "Your request is over the 10-per-second limit." });
    expect(r.matched_errors.map((m) => m.id)).toEqual(["app_rate_limit"]);
    expect(codes(r)).toContain("api_mismatch");
  });

  it("does not read a generic 405 phrase as a transactional error on the Track API", async () => {
    const r = await diagnose({ status: 405, api: "track", body: "<html><title>405 Method Not Allowed</title></html>" });
    expect(r.matched_errors).toEqual([]);
    expect(codes(r)).toContain("html_error_page");
  });
});

describe("body shapes", () => {
  it("reads meta.error (transactional)", async () => {
    const r = await diagnose({ status: 400, api: "transactional", body: '{"meta":{"error":"“transactional_message_id” not found."}}' });
    expect(r.body_shape).toBe("meta_error");
    expect(r.matched_errors[0]).toMatchObject({ id: "transactional_message_id_not_found", message: "“transactional_message_id” not found." });
    expect(r.retryable).toBe(false);
  });

  it("reads meta.errors[] (Track v1)", async () => {
    const body = '{"meta":{"errors":["value for attribute \'myAttribute\' cannot be longer than 1000 bytes"]}}';
    const r = await diagnose({ status: 400, body, url: "https://track.customer.io/api/v1/customers/42", method: "PUT" });
    expect(r.body_shape).toBe("meta_errors");
    expect(r.api).toBe("track");
    expect(r.region).toBe("us");
    expect(r.matched_errors.map((m) => m.id)).toEqual(["attribute_value_too_long"]);
    expect(codes(r)).toContain("write_request");
  });

  it("reads errors[] with batch_index (Track v2 207)", async () => {
    const body = JSON.stringify({
      errors: [
        { batch_index: 1, reason: "required", field: "identifiers", message: "identifiers are required" },
        { batch_index: 4, reason: "too_long", field: "name", message: "name too long" },
      ],
    });
    const r = await diagnose({ status: 207, body, url: "https://track-eu.customer.io/api/v2/batch", method: "POST" });
    expect(r.body_shape).toBe("errors_array");
    expect(r.api).toBe("track_v2");
    expect(r.region).toBe("eu");
    expect(r.category).toBe("success");
    expect(r.matched_errors.map((m) => m.id)).toEqual(["track_v2_batch_partial_failure"]);
    expect(r.matched_errors[0]!.message).toBe("identifiers are required");
    const parsed = parseErrorBody(body);
    expect(parsed.details[1]).toEqual({ message: "name too long", reason: "too_long", field: "name", batch_index: 4 });
  });

  it("reads JSON:API errors[].detail (App 301 wrong datacenter)", async () => {
    const r = await diagnose({
      status: 301,
      body: '{"errors":[{"detail":"wrong datacenter","status":"301"}]}',
      url: "https://api.customer.io/v1/customers?email=a%40b.c",
      method: "GET",
    });
    expect(r.body_shape).toBe("errors_array");
    expect(r.api).toBe("app");
    expect(r.matched_errors.map((m) => m.id)).toEqual(["wrong_datacenter"]);
    const mismatch = r.findings.find((f) => f.code === "region_mismatch");
    expect(mismatch?.severity).toBe("error");
    expect(mismatch?.fix).toMatch(/CUSTOMERIO_REGION=eu/);
    expect(r.next_steps[0]!.tool).toBe("test_app_auth");
    expect(r.next_steps.map((s) => s.tool)).not.toContain("test_track_auth");
    expect(r.retryable).toBe(false);
  });

  it("reads an HTML page briefly, without echoing it", async () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>${"<p>filler</p>".repeat(3000)}</body></html>`;
    const r = await diagnose({ status: 502, body: html });
    expect(r.body_shape).toBe("html");
    const f = r.findings.find((x) => x.code === "html_error_page")!;
    expect(f.evidence).toBe("502 Bad Gateway");
    expect(JSON.stringify(r)).not.toContain("filler");
    expect(r.retryable).toBe(true);
    expect(parseErrorBody(html).messages).toEqual(["502 Bad Gateway", "Bad Gateway"]);
  });

  it("handles an empty body", async () => {
    const r = await diagnose({ status: 401, body: "", api: "track" });
    expect(r.body_shape).toBe("empty");
    expect(r.matched_errors).toEqual([]);
    expect(r.next_steps[0]!.tool).toBe("test_track_auth");
    expect(r.next_steps.map((s) => s.tool)).not.toContain("test_app_auth");
    expect(r.findings.find((f) => f.code === "status_401")?.pitfall).toBe(1);
  });

  it("reads plain text and invalid JSON as text", async () => {
    expect(parseErrorBody("upstream connect error")).toEqual({
      shape: "text",
      messages: ["upstream connect error"],
      details: [{ message: "upstream connect error" }],
    });
    expect(parseErrorBody('{"meta":{"error":')).toMatchObject({ shape: "text" });
    expect(parseErrorBody("   ")).toEqual({ shape: "empty", messages: [], details: [] });
    expect(parseErrorBody('{"message":"Authorization required"}')).toMatchObject({ shape: "json_other", messages: ["Authorization required"] });
    expect(parseErrorBody('{"ok":true}')).toMatchObject({ shape: "json_other", messages: [] });
    const r = await diagnose({ status: 400, body: "something odd happened" });
    expect(codes(r)).toContain("unrecognized_error_message");
  });

  it("caps work and output on huge or many-item bodies", () => {
    const many = JSON.stringify({ meta: { errors: Array.from({ length: 5000 }, (_, i) => `error ${i} ${"x".repeat(2000)}`) } });
    const parsed = parseErrorBody(many);
    expect(parsed.shape).toBe("text"); // over the JSON parse cap
    expect(parsed.messages[0]!.length).toBeLessThanOrEqual(500);
    const fewer = JSON.stringify({ meta: { errors: Array.from({ length: 100 }, (_, i) => `error ${i} ${"y".repeat(1000)}`) } });
    const p2 = parseErrorBody(fewer);
    expect(p2.shape).toBe("meta_errors");
    expect(p2.messages).toHaveLength(20);
    expect(p2.messages[0]!.length).toBeLessThanOrEqual(500);
    const tags = parseErrorBody(`<html>${"<div>".repeat(200_000)}`);
    expect(tags.shape).toBe("html");
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, never below zero", () => {
    expect(parseRetryAfter("30", NOW)).toBe(30);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("Mon, 02 Mar 2026 10:02:00 GMT", NOW)).toBe(120);
    expect(parseRetryAfter("Mon, 02 Mar 2026 09:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter("-5", NOW)).toBeNull();
    expect(parseRetryAfter("1.5", NOW)).toBeNull();
    expect(parseRetryAfter("", NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
  });

  it("answers a 429 with Retry-After 30 as retryable in 30 s with backoff", async () => {
    const r = await diagnose({ status: 429, retry_after: "30", api: "app" });
    expect(r.retryable).toBe(true);
    expect(r.retry_after_seconds).toBe(30);
    expect(r.category).toBe("client_error");
    expect(r.related_pitfalls).toEqual([11]);
    const f = r.findings.find((x) => x.code === "status_429")!;
    expect(f.severity).toBe("warning");
    expect(f.fix).toMatch(/Retry-After/);
    expect(f.fix).toMatch(/backoff/);
    expect(r.fixes[0]).toMatch(/Wait 30 s/);
    expect(r.summary).toMatch(/^429 Too Many Requests from the App API\. Retryable: wait 30 s \(Retry-After\)/);
  });

  it("takes an HTTP date through the tool and flags an unusable value", async () => {
    const dated = await diagnose({ status: 503, retry_after: "Mon, 02 Mar 2026 10:00:45 GMT" });
    expect(dated.retry_after_seconds).toBe(45);
    expect(dated.retryable).toBe(true);
    const bad = await diagnose({ status: 503, retry_after: "later please" });
    expect(bad.retry_after_seconds).toBeNull();
    expect(codes(bad)).toContain("retry_after_invalid");
    expect(bad.fixes.join(" ")).toContain("status.customerio.com");
  });
});

describe("URL inference", () => {
  const endpoints = loadConfig({}).endpoints;

  it("knows the public hosts, legacy hosts and API paths", () => {
    expect(inferFromUrl("https://track.customer.io/api/v1/customers/42/events", endpoints)).toEqual({
      api: "track",
      region: "us",
      host: "track.customer.io",
      path: "/api/v1/customers/42/events",
      matched: "default",
    });
    expect(inferFromUrl("https://track-eu.customer.io/api/v1/accounts/region", endpoints)).toMatchObject({ api: "track", region: "eu" });
    expect(inferFromUrl("https://track.customer.io/api/v2/batch", endpoints)).toMatchObject({ api: "track_v2", region: "us" });
    expect(inferFromUrl("https://api.customer.io/v1/customers/1/attributes", endpoints)).toMatchObject({ api: "app", region: "us" });
    expect(inferFromUrl("https://api-eu.customer.io/v1/send/email", endpoints)).toMatchObject({ api: "transactional", region: "eu" });
    expect(inferFromUrl("https://beta-api-eu.customer.io/v1/api/campaigns", endpoints)).toMatchObject({ api: "app", region: "eu", matched: "legacy" });
    expect(inferFromUrl("https://status.customerio.com/api/v2/summary.json", endpoints)).toMatchObject({ api: "status", region: null });
    expect(inferFromUrl("track.customer.io/api/v1/events", endpoints)).toMatchObject({ api: "track", region: "us" });
    expect(inferFromUrl("https://proxy.example.com/api/v2/entity", endpoints)).toMatchObject({ api: "track_v2", region: null, matched: "path" });
    expect(inferFromUrl("https://example.com/", endpoints)).toMatchObject({ api: "unknown", matched: "none" });
    expect(inferFromUrl("ftp://track.customer.io/x", endpoints)).toBeNull();
    expect(inferFromUrl("http://[bad", endpoints)).toBeNull();
  });

  it("knows configured endpoints, including path prefixes", () => {
    const custom = loadConfig({
      CUSTOMERIO_TRACK_URL_US: "http://127.0.0.1:4010",
      CUSTOMERIO_TRACK_URL_EU: "http://127.0.0.1:4011",
      CUSTOMERIO_APP_URL_US: "http://127.0.0.1:4012/cio-app",
      CUSTOMERIO_APP_URL_EU: "http://127.0.0.1:4012/cio-app-eu",
    }).endpoints;
    expect(inferFromUrl("http://127.0.0.1:4011/api/v1/customers/7", custom)).toMatchObject({ api: "track", region: "eu", matched: "configured" });
    expect(inferFromUrl("http://127.0.0.1:4012/cio-app/v1/send/email", custom)).toMatchObject({
      api: "transactional",
      region: "us",
      path: "/v1/send/email",
    });
    expect(inferFromUrl("http://127.0.0.1:4012/cio-app-eu/v1/customers", custom)).toMatchObject({ api: "app", region: "eu", path: "/v1/customers" });
    expect(inferFromUrl("https://track-eu.customer.io/api/v2/batch", custom)).toMatchObject({ api: "track_v2", region: "eu", matched: "default" });
  });

  it("uses the configured endpoints through the tool", async () => {
    const custom = makeCtx(loadConfig({ CUSTOMERIO_TRACK_URL_EU: "http://127.0.0.1:4011" }));
    const r = await diagnose({ status: 401, url: "http://127.0.0.1:4011/api/v1/accounts/region", method: "GET" }, custom);
    expect(r.api).toBe("track");
    expect(r.region).toBe("eu");
    const hint = r.findings.find((f) => f.code === "possible_region_mismatch")!;
    expect(hint.message).toMatch(/US workspace's credentials fail on track-eu/);
  });

  it("flags the undocumented Track GET customer endpoint", async () => {
    const r = await diagnose({ status: 404, url: "https://track.customer.io/api/v1/customers/user-123", method: "GET" });
    const f = r.findings.find((x) => x.code === "undocumented_endpoint")!;
    expect(f.severity).toBe("warning");
    expect(f.fix).toMatch(/GET \/v1\/customers\/\{id\}\/attributes/);
    expect(codes(r)).not.toContain("write_request");
    const accounts = await diagnose({ status: 404, url: "https://track.customer.io/api/v1/accounts", method: "GET" });
    expect(accounts.findings.find((x) => x.code === "undocumented_endpoint")!.fix).toMatch(/\/api\/v1\/accounts\/region/);
  });

  it("prefers the URL over the api argument and says so", async () => {
    const r = await diagnose({ status: 401, api: "track", url: "https://api.customer.io/v1/customers?email=x" });
    expect(r.api).toBe("app");
    expect(codes(r)).toContain("api_url_mismatch");
    expect(codes(r)).toContain("possible_region_mismatch");
  });

  it("points status.customer.io at the real status host and reports a bad url", async () => {
    const r = await diagnose({ status: 404, url: "https://status.customer.io/api/v2/status.json" });
    expect(r.findings.find((f) => f.code === "status_page_host")!.fix).toContain("status.customerio.com");
    const bad = await diagnose({ status: 500, url: "not a url at all" });
    expect(codes(bad)).toContain("invalid_url");
  });

  it("warns that transactional sends are not idempotent after a server error", async () => {
    const r = await diagnose({ status: 504, url: "https://api.customer.io/v1/send/email", method: "POST" });
    expect(r.api).toBe("transactional");
    expect(codes(r)).toContain("transactional_not_idempotent");
    const misspelled = await diagnose({ status: 405, url: "https://api.customer.io/v1/send/emails", method: "POST" });
    expect(codes(misspelled)).toContain("transactional_path");
  });
});

describe("statuses without an entry", () => {
  it.each([
    [418, "I'm a Teapot", "client_error", false],
    [299, "HTTP 299", "success", false],
    [599, "HTTP 599", "server_error", true],
    [102, "Processing", "informational", false],
    [302, "Found", "redirect", false],
    [522, "Connection Timed Out (CDN)", "server_error", true],
  ] as const)("%i is answered by its class", async (status, name, category, retryable) => {
    const r = await diagnose({ status });
    expect(r.name).toBe(name);
    expect(r.category).toBe(category);
    expect(r.retryable).toBe(retryable);
    expect(r.causes.length).toBeGreaterThanOrEqual(1);
    expect(r.fixes.length).toBeGreaterThanOrEqual(1);
    expect(r.next_steps.length).toBeGreaterThanOrEqual(1);
    expect(r.findings.find((f) => f.code === `status_${status}`)).toBeDefined();
    expect(r.sources).toEqual([]);
  });

  it("adds the usual cause for 413", async () => {
    const r = await diagnose({ status: 413 });
    expect(r.causes[0]).toMatch(/32 KB/);
    expect(r.next_steps.map((s) => s.tool)).toContain("check_payload");
  });
});

describe("definition", () => {
  it("is offline, read-only and describes itself briefly", () => {
    expect(diagnoseStatusCode.name).toBe("diagnose_status_code");
    expect(diagnoseStatusCode.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(diagnoseStatusCode.description.length).toBeLessThan(2048);
    expect(diagnoseStatusCode.description.startsWith("Explains an HTTP status code")).toBe(true);
    for (const [key, schema] of Object.entries(diagnoseStatusCode.inputSchema)) expect(schema.description, key).toBeTruthy();
  });

  it("reports a 301 wrong datacenter without a url as an error to fix, not to retry", async () => {
    const r = await diagnose({ status: 301, body: '{"errors":[{"detail":"wrong datacenter","status":"301"}]}' });
    expect(r.findings.find((f) => f.code === "wrong_datacenter")?.severity).toBe("error");
    expect(r.retryable).toBe(false);
    expect(r.summary).toMatch(/api-eu\.customer\.io/);
  });
});

describe("input limits (handler)", () => {
  it("rejects a multi-byte body over 64 KiB and a non-method", async () => {
    const body = "é".repeat(40_000); // 40,000 characters, 80,000 bytes
    await expect(diagnoseStatusCode.handler({ status: 400, body }, ctx)).rejects.toThrow(/64 KiB/);
    await expect(diagnoseStatusCode.handler({ status: 400, method: "GET /x" }, ctx)).rejects.toThrow(/HTTP method/);
  });
});

describe("over MCP (in-memory client)", () => {
  let client: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const conn = await connectInMemory({
      CUSTOMERIO_TRACK_URL_US: "http://127.0.0.1:9",
      CUSTOMERIO_TRACK_URL_EU: "http://127.0.0.1:9",
      CUSTOMERIO_APP_URL_US: "http://127.0.0.1:9",
      CUSTOMERIO_APP_URL_EU: "http://127.0.0.1:9",
      CUSTOMERIO_STATUS_URL: "http://127.0.0.1:9",
    });
    client = conn.client;
    close = conn.close;
  });

  afterAll(async () => {
    await close?.();
  });

  const call = (args: Record<string, unknown>) => client.callTool({ name: "diagnose_status_code", arguments: args });
  const text = (r: Awaited<ReturnType<typeof call>>) => (r.content as Array<{ text: string }>)[0]!.text;

  it.each([
    ["status 700", { status: 700 }, /100 to 599/],
    ["status \"abc\"", { status: "abc" }, /100 to 599/],
    ["status 1.5", { status: 1.5 }, /whole number/],
    ["a 70 KiB body", { status: 400, body: "x".repeat(70 * 1024) }, /larger than 64 KiB/],
    ["an unknown api", { status: 400, api: "graphql" }, /api/],
  ])("refuses %s with a clear message", async (_label, args, message) => {
    const r = await call(args);
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(message);
    expect(text(r).length).toBeLessThan(1000);
  });

  it("keeps answering valid calls afterwards", async () => {
    await call({ status: 700 });
    const r = await call({ status: 429, retry_after: "30", body: '{"meta":{"error":"Rate limit exceeded"}}' });
    expect(r.isError).toBeFalsy();
    const sc = r.structuredContent as { retryable: boolean; retry_after_seconds: number; matched_errors: Array<{ id: string }> };
    expect(sc.retryable).toBe(true);
    expect(sc.retry_after_seconds).toBe(30);
    expect(sc.matched_errors.map((m) => m.id)).toEqual(["reported_rate_limit_exceeded"]);
    expect(text(r)).toContain("## 429 Too Many Requests");
  });

  it("serves the resources and the troubleshoot prompt", async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const uri of ["cio://status-codes", "cio://errors", "cio://pitfalls", "cio://checklists", "cio://pitfalls/1", "cio://pitfalls/12"]) {
      expect(uris).toContain(uri);
    }
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain("cio://pitfalls/{number}");
    const errors = JSON.parse(((await client.readResource({ uri: "cio://errors" })).contents[0] as { text: string }).text) as Array<{
      id: string;
      pattern: string;
    }>;
    expect(errors.find((e) => e.id === "wrong_datacenter")!.pattern).toBe("wrong\\s+data\\s*-?\\s*cent(?:er|re)");
    const p11 = (await client.readResource({ uri: "cio://pitfalls/11" })).contents[0] as { text: string; mimeType: string };
    expect(p11.mimeType).toBe("text/markdown");
    expect(p11.text).toMatch(/^# Pitfall 11:/);
    await expect(client.readResource({ uri: "cio://pitfalls/13" })).rejects.toThrow(/valid: 1, 2/);
    const done = await client.complete({ ref: { type: "ref/resource", uri: "cio://pitfalls/{number}" }, argument: { name: "number", value: "1" } });
    expect(done.completion.values).toEqual(["1", "10", "11", "12"]);
    const prompt = await client.getPrompt({ name: "troubleshoot", arguments: { symptom: "event signed_up not triggering campaign", customer: "a@b.co" } });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    const order = ["run_diagnostics", "diagnose_status_code", "lookup_customer", "explain_pitfall", "check_payload", "audit_code"].map((t) =>
      body.indexOf(t),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(body).toContain('lookup_customer with email "a@b.co" and event_name');
    expect(body).toContain("72 hours");
  });
});
