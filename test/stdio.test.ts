/**
 * The shipped bundle, spawned over stdio: a real Client, raw JSON-RPC to
 * check stdout purity, an empty environment, and a clean exit on stdin close.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer as createHttpServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const BUNDLE = resolve(__dirname, "../dist/customerio-doctor.js");

/** Spawns the bundle with exactly `env` and collects stdout lines and stderr. */
function spawnServer(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BUNDLE], { env, stdio: "pipe" });
  const lines: string[] = [];
  let stderr = "";
  let buffer = "";
  const waiters: Array<{ id: number; resolve: (msg: Record<string, unknown>) => void }> = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      try {
        const msg = JSON.parse(line) as Record<string, unknown>;
        const i = waiters.findIndex((w) => w.id === msg.id);
        if (i >= 0) waiters.splice(i, 1)[0]!.resolve(msg);
      } catch {
        /* purity is asserted on `lines` */
      }
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; at: number }>((res) =>
    child.on("exit", (code) => res({ code, at: Date.now() })),
  );
  const send = (msg: Record<string, unknown>) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...msg })}\n`);
  const request = (id: number, method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no answer to ${method}`)), 10_000);
      waiters.push({
        id,
        resolve: (m) => {
          clearTimeout(timer);
          res(m);
        },
      });
      send({ id, method, params });
    });
  return { child, lines, stderr: () => stderr, exited, send, request, trailing: () => buffer };
}

const INIT = {
  protocolVersion: "2025-06-18",
  capabilities: {},
  clientInfo: { name: "stdio-test", version: "1.0.0" },
};

describe("the built bundle over stdio", () => {
  it("exists (npm test builds it first)", () => {
    expect(existsSync(BUNDLE)).toBe(true);
  });

  it("starts with an empty environment, answers, keeps stdout pure and exits within 3 s of stdin closing", async () => {
    const s = spawnServer({});
    const init = await s.request(1, "initialize", INIT);
    expect((init.result as { serverInfo: { name: string } }).serverInfo.name).toBe("customerio-doctor");
    s.send({ method: "notifications/initialized" });
    const list = await s.request(2, "tools/list");
    // The contract's ten tools (the six mission tools, trace_delivery, run_diagnostics, check_payload, audit_code).
    expect((list.result as { tools: unknown[] }).tools.length).toBe(10);
    const call = await s.request(3, "tools/call", {
      name: "diagnose_status_code",
      arguments: { status: 401, url: "https://track-eu.customer.io/api/v1/customers/42/events" },
    });
    const result = call.result as { structuredContent: { status: number; retryable: boolean } };
    expect(result.structuredContent.status).toBe(401);
    expect(result.structuredContent.retryable).toBe(false);

    const closedAt = Date.now();
    s.child.stdin.end();
    const { code, at } = await s.exited;
    expect(code).toBe(0);
    expect(at - closedAt).toBeLessThan(3000);
    expect(s.trailing()).toBe("");
    for (const line of s.lines) {
      const msg = JSON.parse(line) as { jsonrpc: string };
      expect(msg.jsonrpc).toBe("2.0");
    }
    expect(s.lines.length).toBeGreaterThanOrEqual(3);
  });

  it("works with the SDK's stdio Client", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BUNDLE], env: {}, stderr: "pipe" });
    const client = new Client({ name: "stdio-client-test", version: "1.0.0" });
    await client.connect(transport);
    const res = await client.callTool({ name: "explain_pitfall", arguments: { query: "created_at is in the year 55000" } });
    const sc = res.structuredContent as { pitfalls: Array<{ number: number }> };
    expect(sc.pitfalls[0]?.number).toBe(2);
    await client.close();
  });

  it("exits on SIGTERM", async () => {
    const s = spawnServer({});
    await s.request(1, "initialize", INIT);
    s.child.kill("SIGTERM");
    const { code } = await s.exited;
    expect(code).toBe(0);
  });

  describe("with a slow status page", () => {
    let slow: Server;
    let url = "";
    beforeAll(async () => {
      slow = createHttpServer((_req, res) => {
        setTimeout(() => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: { indicator: "none", description: "All Systems Operational" }, components: [], incidents: [], scheduled_maintenances: [] }));
        }, 400);
      });
      await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
      const addr = slow.address() as { port: number };
      url = `http://127.0.0.1:${addr.port}`;
    });
    afterAll(async () => {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    });

    it("survives progress and log notifications after the client has gone", async () => {
      const dead = "http://127.0.0.1:9";
      const s = spawnServer({
        CUSTOMERIO_STATUS_URL: url,
        CUSTOMERIO_TRACK_URL_US: dead,
        CUSTOMERIO_TRACK_URL_EU: dead,
        CUSTOMERIO_APP_URL_US: dead,
        CUSTOMERIO_APP_URL_EU: dead,
        CUSTOMERIO_TIMEOUT_MS: "2000",
      });
      await s.request(1, "initialize", INIT);
      s.send({ method: "notifications/initialized" });
      await s.request(2, "logging/setLevel", { level: "debug" });
      // Start a call that reports progress, then vanish before it finishes.
      s.send({ id: 3, method: "tools/call", params: { name: "run_diagnostics", arguments: {}, _meta: { progressToken: "p1" } } });
      await new Promise((r) => setTimeout(r, 50));
      s.child.stdin.end();
      const { code } = await s.exited;
      expect(code).toBe(0);
      expect(s.stderr()).not.toMatch(/Not connected|uncaught|unhandled/i);
    });
  });
});
