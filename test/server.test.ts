/**
 * Server-level tests through the SDK's InMemoryTransport with a real Client:
 * what the model sees (tools/list snapshot and policy), resources, prompts,
 * logging, and that the server keeps answering after bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SERVER_INSTRUCTIONS } from "../src/instructions.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootDirectory } from "../src/server.js";
import { connectInMemory } from "./helpers/mcp.js";

const CONTRACT_TOOLS = [
  "audit_code",
  "check_payload",
  "check_status_page",
  "diagnose_status_code",
  "explain_pitfall",
  "lookup_customer",
  "run_diagnostics",
  "test_app_auth",
  "test_track_auth",
  "trace_delivery",
];

let client: Client;
let close: () => Promise<void>;

beforeAll(async () => {
  // No credentials and a closed port everywhere: nothing can reach the internet.
  const conn = await connectInMemory({
    CUSTOMERIO_TRACK_URL_US: "http://127.0.0.1:9",
    CUSTOMERIO_TRACK_URL_EU: "http://127.0.0.1:9",
    CUSTOMERIO_APP_URL_US: "http://127.0.0.1:9",
    CUSTOMERIO_APP_URL_EU: "http://127.0.0.1:9",
    CUSTOMERIO_STATUS_URL: "http://127.0.0.1:9",
    CUSTOMERIO_TIMEOUT_MS: "500",
  });
  client = conn.client;
  close = conn.close;
});

afterAll(async () => {
  await close?.();
});

describe("initialize", () => {
  it("declares logging, tools, resources and prompts, and short instructions", () => {
    const caps = client.getServerCapabilities();
    expect(caps?.logging).toBeDefined();
    expect(caps?.tools).toBeDefined();
    expect(caps?.resources).toBeDefined();
    expect(caps?.prompts).toBeDefined();
    const instructions = client.getInstructions() ?? "";
    expect(instructions).toBe(SERVER_INSTRUCTIONS);
    expect(Buffer.byteLength(instructions)).toBeLessThan(2048);
    for (const name of CONTRACT_TOOLS) expect(instructions).toContain(name);
    expect(client.getServerVersion()?.name).toBe("customerio-doctor");
  });
});

describe("tools/list", () => {
  it("lists exactly the contract's tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(CONTRACT_TOOLS);
  });

  it("matches the committed snapshot of names, descriptions, schemas and annotations", async () => {
    const { tools } = await client.listTools();
    const snap = tools
      .map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        annotations: t.annotations,
        inputSchema: t.inputSchema,
        outputSchema: t.outputSchema,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    await expect(`${JSON.stringify(snap, null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/tools-list.json");
  });

  it("follows the tool policy: short descriptions, all four hints, object-rooted schemas", async () => {
    const { tools } = await client.listTools();
    for (const t of tools) {
      expect(t.title, t.name).toBeTruthy();
      expect(Buffer.byteLength(t.description ?? ""), t.name).toBeLessThan(2048);
      expect((t.description ?? "").length, t.name).toBeGreaterThan(40);
      const a = t.annotations ?? {};
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof a[hint], `${t.name}.${hint}`).toBe("boolean");
      }
      // Every tool here is read-only; none may claim to destroy anything.
      expect(a.readOnlyHint, t.name).toBe(true);
      expect(a.destructiveHint, t.name).toBe(false);
      expect(t.inputSchema.type, t.name).toBe("object");
      for (const combinator of ["anyOf", "oneOf", "allOf"]) {
        expect(t.inputSchema, `${t.name} root ${combinator}`).not.toHaveProperty(combinator);
      }
      expect(t.outputSchema?.type, t.name).toBe("object");
      expect(Object.keys(t.outputSchema?.properties ?? {}), t.name).toContain("summary");
      expect(t.name).toMatch(/^[a-z0-9_]{1,64}$/);
    }
    const network = tools.filter((t) => t.annotations?.openWorldHint).map((t) => t.name).sort();
    expect(network).toEqual(["check_status_page", "lookup_customer", "run_diagnostics", "test_app_auth", "test_track_auth", "trace_delivery"]);
  });

  it("keeps the whole tools/list small enough for the model's context", async () => {
    const { tools } = await client.listTools();
    expect(JSON.stringify(tools).length).toBeLessThan(60_000);
  });
});

describe("tools/call", () => {
  it("answers the 429 done-criterion through the protocol", async () => {
    const res = await client.callTool({
      name: "diagnose_status_code",
      arguments: { status: 429, retry_after: "30" },
    });
    expect(res.isError).toBeFalsy();
    const sc = res.structuredContent as Record<string, unknown>;
    expect(sc.retryable).toBe(true);
    expect(sc.retry_after_seconds).toBe(30);
    expect(String(sc.summary).length).toBeGreaterThan(10);
    const text = (res.content as Array<{ type: string; text: string }>)[0]!.text;
    expect(text.toLowerCase()).toMatch(/backoff|back off|retry-after/);
  });

  it("turns invalid arguments into isError and keeps answering", async () => {
    const bad = [
      { name: "diagnose_status_code", arguments: { status: 700 } },
      { name: "diagnose_status_code", arguments: { status: "abc" } },
      { name: "explain_pitfall", arguments: { id: 13 } },
      { name: "check_payload", arguments: { call: "delete_everything", payload: {} } },
      { name: "lookup_customer", arguments: {} },
      { name: "no_such_tool", arguments: {} },
    ];
    for (const call of bad) {
      const res = await client.callTool(call);
      expect(res.isError, JSON.stringify(call)).toBe(true);
      const text = (res.content as Array<{ text: string }>)[0]!.text;
      expect(text.length, JSON.stringify(call)).toBeGreaterThan(5);
    }
    const ok = await client.callTool({ name: "explain_pitfall", arguments: { id: 2 } });
    expect(ok.isError).toBeFalsy();
    const sc = ok.structuredContent as { pitfalls: Array<{ number: number; id: string }> };
    expect(sc.pitfalls[0]?.number).toBe(2);
  });

  it("refuses an argument the tool does not know, naming it, as the CLI's call does", async () => {
    const res = await client.callTool({ name: "diagnose_status_code", arguments: { status: 429, retryAfter: "30" } });
    expect(res.isError).toBe(true);
    expect((res.content as Array<{ text: string }>)[0]!.text).toContain("retryAfter");
    const unknown = await client.callTool({ name: "lookup_customer", arguments: { customer_id: "42" } });
    expect(unknown.isError).toBe(true);
    expect((unknown.content as Array<{ text: string }>)[0]!.text).toContain("customer_id");
  });

  it("reports an unreachable Customer.io as findings, not as an error", async () => {
    const res = await client.callTool({ name: "check_status_page", arguments: {} });
    expect(res.isError).toBeFalsy();
    const sc = res.structuredContent as { ok: boolean; findings: Array<{ code: string }> };
    expect(sc.ok).toBe(false);
    expect(sc.findings.map((f) => f.code)).toContain("status_page_unreachable");
  });

  it("says which variable is missing instead of failing to start", async () => {
    const res = await client.callTool({ name: "test_track_auth", arguments: {} });
    expect(res.isError).toBeFalsy();
    const sc = res.structuredContent as { ok: boolean; findings: Array<{ code: string; message: string }> };
    expect(sc.ok).toBe(false);
    const missing = sc.findings.find((f) => f.code === "missing_credentials");
    expect(missing?.message).toMatch(/CUSTOMERIO_(SITE_ID|TRACK_API_KEY)/);
  });
});

describe("resources and prompts", () => {
  it("lists and reads the knowledge base", async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain("cio://status-codes");
    expect(uris).toContain("cio://errors");
    const read = await client.readResource({ uri: "cio://status-codes" });
    const body = (read.contents[0] as { text: string }).text;
    expect(body).toContain("429");
    const pitfall = await client.readResource({ uri: "cio://pitfalls/2" });
    expect((pitfall.contents[0] as { text: string }).text.toLowerCase()).toContain("millisecond");
  });

  it("offers the troubleshoot prompt", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain("troubleshoot");
    const got = await client.getPrompt({ name: "troubleshoot", arguments: { symptom: "emails stopped sending" } });
    const text = JSON.stringify(got.messages);
    expect(text).toContain("emails stopped sending");
    expect(text).toContain("run_diagnostics");
  });

  it("accepts logging/setLevel", async () => {
    await expect(client.setLoggingLevel("debug")).resolves.toBeDefined();
  });
});

describe("one redaction choke point: everything the client receives", () => {
  const KEY = "sk_track_choke_point_7f3e9a1b2c4d";
  const APP = "sk_app_choke_point_5e6f7a8b9c0d1e2f";
  const needles: string[] = [];
  for (const k of [KEY, APP, Buffer.from(`site9:${KEY}`).toString("base64")]) {
    needles.push(k);
    for (let i = 0; i + 8 <= k.length; i++) needles.push(k.slice(i, i + 8));
  }
  const leaks = (messages: unknown[]) => {
    const text = JSON.stringify(messages);
    return needles.filter((n) => text.includes(n));
  };

  it("masks keys in results (values and object keys), prompts, progress, logs and errors", async () => {
    const conn = await connectInMemory({
      CUSTOMERIO_SITE_ID: "site9",
      CUSTOMERIO_TRACK_API_KEY: KEY,
      CUSTOMERIO_APP_API_KEY: APP,
      CUSTOMERIO_TRACK_URL_US: "http://127.0.0.1:9",
      CUSTOMERIO_TRACK_URL_EU: "http://127.0.0.1:9",
      CUSTOMERIO_APP_URL_US: "http://127.0.0.1:9",
      CUSTOMERIO_APP_URL_EU: "http://127.0.0.1:9",
      CUSTOMERIO_STATUS_URL: "http://127.0.0.1:9",
      CUSTOMERIO_TIMEOUT_MS: "300",
    });
    try {
      await conn.client.setLoggingLevel("debug");
      await conn.client.getPrompt({ name: "troubleshoot", arguments: { symptom: `401 with key ${KEY}`, customer: KEY } });
      await conn.client.callTool({ name: "diagnose_status_code", arguments: { status: 401, body: `{"errors":[{"detail":"bad key ${KEY}"}]}`, url: `https://site9:${KEY}@track.customer.io/api/v1/customers/${APP}` } });
      await conn.client.callTool({
        name: "check_payload",
        arguments: { call: "identify", customer_id: KEY, payload: { [KEY]: APP, email: `${APP}@example.com`, [`x_${APP}`]: 1 } },
      });
      await conn.client.callTool({ name: "explain_pitfall", arguments: { query: `Authorization: Bearer ${APP}` } });
      const progress: string[] = [];
      await conn.client.callTool({ name: "run_diagnostics", arguments: { id: KEY } }, undefined, {
        onprogress: (p) => void progress.push(String(p.message)),
      });
      await conn.client.callTool({ name: "lookup_customer", arguments: { id: APP, event_name: KEY } });
      conn.logger.error(`late line with ${KEY}`);
      await new Promise((r) => setTimeout(r, 20));
      const kinds = new Set(conn.received.map((m) => ("method" in m ? m.method : "result" in m ? "result" : "error")));
      expect(kinds).toContain("notifications/progress");
      expect(kinds).toContain("notifications/message");
      expect(progress.length).toBeGreaterThan(0);
      expect(leaks(conn.received)).toEqual([]);
      // The prompt and the progress lines still say what happened, with the key masked.
      expect(JSON.stringify(conn.received)).toContain("[redacted]");
    } finally {
      await conn.close();
    }
  });
});

describe("client roots", () => {
  it("accepts only local file: URIs, without encoded separators", () => {
    expect(rootDirectory("file:///home/me/app")).toBe("/home/me/app");
    expect(rootDirectory("file://localhost/home/me/app")).toBe("/home/me/app");
    expect(rootDirectory("file:///home/me/my%20app")).toBe("/home/me/my app");
    for (const bad of [
      "file://evil.example.com/home/me",
      "file://192.168.0.1/share",
      "file:///home/me%2F..%2F..%2Fetc",
      "file:///home/me%2fx",
      "file:///C:%5CWindows",
      "file:///home/%00me",
      "file:///home/me?x=1",
      "file:///home/me#frag",
      "file://user@localhost/home",
      "http://localhost/home/me",
      "/home/me",
      "file:///home/%E0%A4%A",
      "x".repeat(5000),
    ]) {
      expect(rootDirectory(bad), bad).toBeUndefined();
    }
  });

  it("audit_code reads inside a client root and refuses a root with another host", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cio-roots-"));
    writeFileSync(join(dir, "a.js"), "const x = 1;\n");
    const conn = await connectInMemory({}, { cwd: "/nonexistent-cwd" }, { roots: [`file://localhost${dir}`, `file://evil.example.com${dir}/../`] });
    try {
      const ok = await conn.client.callTool({ name: "audit_code", arguments: { path: dir } });
      expect(ok.isError).toBeFalsy();
      expect((ok.structuredContent as { files_scanned: number }).files_scanned).toBe(1);
      const refused = await conn.client.callTool({ name: "audit_code", arguments: { path: tmpdir() } });
      expect(refused.isError).toBe(true);
    } finally {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the troubleshoot prompt", () => {
  it("sends a message or trigger problem for one person through trace_delivery first", async () => {
    const got = await client.getPrompt({ name: "troubleshoot", arguments: { symptom: "user not receiving the welcome email", customer: "jane@example.com" } });
    const text = (got.messages[0]!.content as { text: string }).text;
    expect(text).toContain('trace_delivery with email "jane@example.com"');
    expect(text.indexOf("trace_delivery")).toBeLessThan(text.indexOf("lookup_customer"));
    const plain = await client.getPrompt({ name: "troubleshoot", arguments: { symptom: "401 on identify" } });
    expect((plain.messages[0]!.content as { text: string }).text).not.toContain("trace_delivery");
  });
});

describe("public APIs only", () => {
  it("no source reaches into the SDK's private fields or changes V8 flags at run time", () => {
    const root = join(__dirname, "..");
    const files = [join(root, "scripts/build.mjs")];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|mjs|js)$/.test(entry.name)) files.push(path);
      }
    };
    walk(join(root, "src"));
    const banned = [/\._requestHandlers\b/, /\._notificationHandlers\b/, /\bsendToolListChanged\s*=/, /\bsetFlagsFromString\b/, /\._registeredTools\b/];
    const hits: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const re of banned) if (re.test(text)) hits.push(`${file.slice(root.length + 1)}: ${re.source}`);
    }
    expect(hits).toEqual([]);
  });
});

describe("describeToolError", () => {
  it("says what happened for our own errors, a cancellation and a timeout, and nothing of other errors' text", async () => {
    const { describeToolError, UserInputError, ConfigurationError } = await import("../src/errors.js");
    expect(describeToolError(new UserInputError("id is empty"))).toBe("Invalid input: id is empty");
    expect(describeToolError(new ConfigurationError("CUSTOMERIO_REGION is 'mars'"))).toMatch(/^Configuration problem: /);
    expect(describeToolError(new DOMException("x", "AbortError"))).toMatch(/cancelled/);
    expect(describeToolError(new DOMException("x", "TimeoutError"))).toMatch(/time bound/);
    expect(describeToolError(new Error("secret sk_live_123 in a message"))).toBe("The tool failed unexpectedly; details were logged to stderr.");
  });
});
