/**
 * Deadlines that garbage collection cannot take away: the built server runs
 * under `node --expose-gc` with a preload that forces a full collection
 * every 25 ms, against a sandbox whose every answer is slow. Each call must
 * still end with a normal result (timeout findings, not the generic isError)
 * within the contract's bound of 2 × CUSTOMERIO_TIMEOUT_MS + 1 s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { loadConfig } from "../src/config.js";
import { createRuntime, runToolHandler, toolDeadlineMs } from "../src/server.js";
import { defineTool, OFFLINE_READ_ONLY } from "../src/tools/define.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { malformation } from "./helpers/mcp.js";

const BUNDLE = resolve(__dirname, "../dist/customerio-doctor.js");
const PRELOAD = resolve(__dirname, "fixtures/gc-preload.mjs");
const TIMEOUT_MS = 1000;
const BOUND_MS = 2 * TIMEOUT_MS + 1000;

let sandbox: Sandbox;
let client: Client;
let stderr = "";

beforeAll(async () => {
  sandbox = await startSandbox();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--expose-gc", "--import", PRELOAD, BUNDLE],
    env: { ...sandbox.env(sandbox.credentials("us")), CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS), CUSTOMERIO_REGION: "us", GC_PRELOAD_REPORT: "1" },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (c: Buffer) => (stderr += String(c)));
  client = new Client({ name: "deadline-test", version: "1.0.0" });
  await client.connect(transport);
  await client.listTools();
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

async function timedCall(name: string, args: Record<string, unknown>) {
  const started = performance.now();
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 30_000 });
  return { result, ms: performance.now() - started };
}

describe("runToolHandler's deadline under forced garbage collection (node --expose-gc)", () => {
  it("a handler that holds only ctx.signal is still aborted at the deadline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cio-gc-"));
    try {
      const out = join(dir, "script.mjs");
      await build({ entryPoints: [resolve(__dirname, "fixtures/gc-deadline-script.ts")], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "error" });
      const timeout = 300;
      const run = spawnSync(process.execPath, ["--expose-gc", out], { env: { CUSTOMERIO_TIMEOUT_MS: String(timeout) }, encoding: "utf8", timeout: 20_000 });
      expect(run.status, run.stderr).toBe(0);
      const line = JSON.parse(run.stdout.trim()) as { ended: boolean; ms: number; summary?: string };
      expect(line.ended).toBe(true);
      expect(line.summary).toBe("aborted: TimeoutError");
      expect(line.ms).toBeLessThan(2 * timeout + 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe("the built server's calls under forced garbage collection", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ["lookup_customer", { id: "deadline-person-1", event_name: "signed_up" }],
    ["lookup_customer", { email: "nobody@example.com" }],
    ["test_track_auth", { region: "auto" }],
    ["test_app_auth", { region: "auto" }],
    ["check_status_page", {}],
    ["run_diagnostics", { id: "deadline-person-1" }],
    // Sequential rounds: person, target, trigger, audience, deliveries, each a request.
    ["trace_delivery", { id: "tr-delivered", campaign_id: 11 }],
    ["run_diagnostics", { id: "tr-delivered", campaign_id: 11 }],
  ];

  for (const fault of [
    { label: "every answer 0.9 × the timeout late", fault: { kind: "delay", ms: Math.round(TIMEOUT_MS * 0.9) } as const },
    { label: "no answer at all", fault: { kind: "hang" } as const },
  ]) {
    for (const [name, args] of cases) {
      it(`${name} ${JSON.stringify(args)} with ${fault.label}`, async () => {
        sandbox.reset();
        sandbox.setFault("*", fault.fault);
        const { result, ms } = await timedCall(name, args);
        expect(malformation(result), JSON.stringify(result).slice(0, 600)).toBeUndefined();
        expect(result.isError, JSON.stringify(result.content).slice(0, 400)).toBeFalsy();
        expect(ms).toBeLessThan(BOUND_MS);
        timings.push(`${name} ${fault.label}: ${Math.round(ms)} ms`);
        const sc = result.structuredContent as { findings?: Array<{ code: string }>; checks?: Array<{ findings: Array<{ code: string }> }> };
        const codes = [...(sc.findings ?? []), ...(sc.checks ?? []).flatMap((c) => c.findings)].map((f) => f.code);
        if (fault.fault.kind === "hang") expect(codes.some((c) => /timeout|unreachable/.test(c)), codes.join(",")).toBe(true);
      }, 30_000);
    }
  }

  const timings: string[] = [];
  it("really collected garbage during the calls", async () => {
    console.log(timings.join("\n"));
    sandbox.reset();
    await client.close();
    await new Promise((r) => setTimeout(r, 300));
    const runs = Number(/gc-preload: (\d+) forced collections/.exec(stderr)?.[1] ?? 0);
    expect(runs).toBeGreaterThan(20);
  });
});

describe("CallDeadline (in process)", () => {
  const waits = defineTool({
    name: "waits",
    title: "Waits",
    description: "Test tool: resolves when its signal aborts.",
    inputSchema: {},
    outputSchema: {},
    annotations: OFFLINE_READ_ONLY,
    async handler(_args, ctx) {
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
      return { summary: String((ctx.signal.reason as { name?: string })?.name) } as never;
    },
    render: () => "",
  });
  const offline = defineTool({ ...waits, name: "offline", async handler() {
    return { summary: "done" } as never;
  } });

  it("forwards the client's cancellation into the call's signal", async () => {
    const runtime = createRuntime(loadConfig({ CUSTOMERIO_TIMEOUT_MS: "5000" }));
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(new DOMException("client cancelled", "AbortError")), 30);
    const result = await runToolHandler(waits, {}, runtime, { signal: cancel.signal });
    expect(result.summary).toBe("AbortError");
  });

  it("aborts with a TimeoutError at 2 × CUSTOMERIO_TIMEOUT_MS + 0.8 s, and leaves no timer behind", async () => {
    const runtime = createRuntime(loadConfig({ CUSTOMERIO_TIMEOUT_MS: "100" }));
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const started = performance.now();
    const result = await runToolHandler(waits, {}, runtime, { signal: new AbortController().signal });
    const ms = performance.now() - started;
    expect(result.summary).toBe("TimeoutError");
    expect(ms).toBeGreaterThanOrEqual(toolDeadlineMs(runtime.config) - 5);
    expect(ms).toBeLessThan(2 * 100 + 1000);
    await runToolHandler(offline, {}, runtime);
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBeLessThanOrEqual(timersBefore);
  });

  it("a call that never reads its signal creates no timer", async () => {
    const runtime = createRuntime(loadConfig({}));
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const pending = runToolHandler(defineTool({ ...offline, name: "slow_offline", async handler() {
      await new Promise((r) => setImmediate(r));
      return { summary: String(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length) } as never;
    } }), {}, runtime);
    expect(Number((await pending).summary)).toBeLessThanOrEqual(before);
  });
});
