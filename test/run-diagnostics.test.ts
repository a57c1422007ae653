/**
 * run_diagnostics against the local sandbox: through a real MCP Client
 * (progress notifications included), concurrency under injected latency,
 * the verdict's ranking, and a check that throws.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../src/config.js";
import { createRuntime, createServer, runToolHandler } from "../src/server.js";
import type { Finding } from "../src/findings.js";
import { rankFindings, runDiagnostics, verdict, type DiagnosticCheck, type DiagnosticsResult } from "../src/tools/run-diagnostics.js";
import { checkStatusPage } from "../src/tools/check-status-page.js";
import { testTrackAuth } from "../src/tools/test-track-auth.js";
import { testAppAuth } from "../src/tools/test-app-auth.js";
import { startSandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";
import { journeyScenario, type WebhookScenario } from "./sandbox/journeys.js";
import { webhookFindings } from "../src/diagnosis/webhooks.js";
import { repeatedSentences } from "./helpers/sentences.js";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => {
  sandbox.reset();
  vi.restoreAllMocks();
});

const CREDENTIAL_VARS = ["CUSTOMERIO_SITE_ID", "CUSTOMERIO_TRACK_API_KEY", "CUSTOMERIO_API_KEY", "CUSTOMERIO_APP_API_KEY", "CUSTOMERIO_REGION"];

/** The sandbox's URLs with exactly the credentials given (nothing from the machine). */
function sandboxEnv(vars: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...(sandbox.env() as Record<string, string>) };
  for (const name of CREDENTIAL_VARS) delete env[name];
  return { CUSTOMERIO_TIMEOUT_MS: "3000", ...env, ...vars };
}

const US = {
  CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
  CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey,
  CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey,
};
const EU = {
  CUSTOMERIO_SITE_ID: SANDBOX.eu.siteId,
  CUSTOMERIO_TRACK_API_KEY: SANDBOX.eu.trackApiKey,
  CUSTOMERIO_APP_API_KEY: SANDBOX.eu.appApiKey,
};

async function connect(env: Record<string, string>) {
  const { server, runtime } = createServer(loadConfig(env));
  const client = new Client({ name: "run-diagnostics-test", version: "1.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
      await runtime.close();
    },
  };
}

/** Runs one tool through the same path as the server, outside MCP. */
async function runDirect<T>(tool: Parameters<typeof runToolHandler>[0], env: Record<string, string>, args = {}) {
  const runtime = createRuntime(loadConfig(env));
  try {
    return (await runToolHandler(tool, args, runtime)) as T;
  } finally {
    await runtime.close();
  }
}

describe("run_diagnostics over MCP", () => {
  it("reports all four checks healthy, with one progress notification per finished check", async () => {
    const mcp = await connect(sandboxEnv(US));
    try {
      const progress: Progress[] = [];
      const result = await mcp.client.callTool({ name: "run_diagnostics", arguments: {} }, undefined, {
        onprogress: (p) => progress.push(p),
      });
      expect(result.isError).toBeFalsy();
      const out = result.structuredContent as unknown as DiagnosticsResult;
      expect(out.ok).toBe(true);
      expect(out.checks.map((c) => c.tool)).toEqual(["check_status_page", "test_track_auth", "test_app_auth", "reporting_webhooks"]);
      expect(out.checks.every((c) => c.ok)).toBe(true);
      expect(out.findings.filter((f) => f.severity === "error")).toEqual([]);
      expect(out.summary).toMatch(/^All checks passed/);
      expect(out.elapsed_ms).toBeGreaterThanOrEqual(0);

      expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4]);
      expect(progress.every((p) => p.total === 4)).toBe(true);
      const finished = progress.map((p) => /^(\w+) finished: ./.exec(p.message ?? "")?.[1]).sort();
      expect(finished).toEqual(["check_status_page", "reporting_webhooks", "test_app_auth", "test_track_auth"]);

      // The markdown rendering carries the same verdict.
      const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
      expect(text).toContain(out.summary);
      expect(text).toContain("✔ **test_track_auth**");
    } finally {
      await mcp.close();
    }
  });

  it("adds lookup_customer as a fifth check when a customer is named", async () => {
    const mcp = await connect(sandboxEnv(US));
    try {
      const progress: Progress[] = [];
      const result = await mcp.client.callTool(
        { name: "run_diagnostics", arguments: { email: "nobody-at-all@example.com" } },
        undefined,
        { onprogress: (p) => progress.push(p) },
      );
      expect(result.isError).toBeFalsy();
      const out = result.structuredContent as unknown as DiagnosticsResult;
      expect(out.checks.map((c) => c.tool)).toEqual([
        "check_status_page",
        "test_track_auth",
        "test_app_auth",
        "reporting_webhooks",
        "lookup_customer",
      ]);
      expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4, 5]);
      expect(progress.every((p) => p.total === 5)).toBe(true);
      // An unknown customer fails that check only, and the verdict says so first.
      const lookup = out.checks[4]!;
      expect(lookup.ok).toBe(false);
      expect(lookup.findings.map((f) => f.code)).toContain("not_found");
      expect(out.ok).toBe(false);
      expect(out.checks.slice(0, 4).every((c) => c.ok)).toBe(true);
      expect(out.summary).toContain("(not_found)");
    } finally {
      await mcp.close();
    }
  });

  it("refuses id and email together as invalid input", async () => {
    const mcp = await connect(sandboxEnv(US));
    try {
      const result = await mcp.client.callTool({ name: "run_diagnostics", arguments: { id: "42", email: "a@example.com" } });
      expect(result.isError).toBe(true);
      const text = (result.content as Array<{ text: string }>)[0]!.text;
      expect(text).toMatch(/^Invalid input: .*not both/);
      expect(sandbox.requests()).toEqual([]);
    } finally {
      await mcp.close();
    }
  });
});

describe("run_diagnostics verdicts", () => {
  it("ranks region_mismatch first when the region is set to us for an EU workspace", async () => {
    const out = await runDirect<DiagnosticsResult>(runDiagnostics, sandboxEnv({ ...EU, CUSTOMERIO_REGION: "us" }));
    expect(out.ok).toBe(false);
    expect(out.findings[0]!.code).toBe("region_mismatch");
    expect(out.findings[0]!.severity).toBe("error");
    expect(out.summary).toMatch(/^(1 problem: |\d+ problems\. Fix first: ).*\(region_mismatch\)/);
    expect(out.checks.find((c) => c.tool === "test_track_auth")!.ok).toBe(false);
  });

  it("names the missing variables first when nothing is configured, once each", async () => {
    const out = await runDirect<DiagnosticsResult>(runDiagnostics, sandboxEnv({}));
    expect(out.ok).toBe(false);
    expect(out.findings[0]!.code).toBe("missing_credentials");
    const keys = out.findings.map((f) => `${f.code}|${f.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(out.summary).toContain("(missing_credentials)");
    // No request needs credentials that are not there; the status page is still read.
    expect(out.checks.find((c) => c.tool === "check_status_page")!.ok).toBe(true);
  });

  it("turns a check that throws into a failed check and still reports the others", async () => {
    vi.spyOn(checkStatusPage, "handler").mockRejectedValueOnce(new TypeError("status parser exploded"));
    const out = await runDirect<DiagnosticsResult>(runDiagnostics, sandboxEnv(US));
    expect(out.ok).toBe(false);
    const status = out.checks.find((c) => c.tool === "check_status_page")!;
    expect(status.ok).toBe(false);
    expect(status.findings).toEqual([
      expect.objectContaining({ code: "check_failed", severity: "error" }),
    ]);
    expect(status.summary).toContain("TypeError");
    expect(status.summary).not.toContain("exploded");
    expect(out.checks.find((c) => c.tool === "test_track_auth")!.ok).toBe(true);
    expect(out.findings[0]!.code).toBe("check_failed");
    expect(out.summary).toMatch(/^1 problem: check_status_page failed unexpectedly/);
  });

  it("runs the checks concurrently: wall time near the slowest check, well under the sum", async () => {
    const delay = { kind: "delay", ms: 300 } as const;
    sandbox.setFault("track-us", delay);
    sandbox.setFault("app-us", delay);
    sandbox.setFault("status", delay);
    const env = sandboxEnv({ ...US, CUSTOMERIO_REGION: "us" });

    const alone: number[] = [];
    for (const tool of [checkStatusPage, testTrackAuth, testAppAuth]) {
      const started = performance.now();
      await runDirect(tool, env);
      alone.push(performance.now() - started);
    }
    const sum = alone.reduce((a, b) => a + b, 0);
    const slowest = Math.max(...alone);

    const out = await runDirect<DiagnosticsResult>(runDiagnostics, env);
    expect(out.ok).toBe(true);
    const ratio = out.elapsed_ms / slowest;
    process.stderr.write(
      `run_diagnostics concurrency: checks alone ${alone.map((a) => Math.round(a)).join("/")} ms (sum ${Math.round(sum)}), together ${out.elapsed_ms} ms = ${ratio.toFixed(2)} × slowest\n`,
    );
    expect(out.elapsed_ms).toBeLessThan(0.8 * sum);
  });
});

describe("finding ranking (pure)", () => {
  const missing: Finding = {
    code: "missing_credentials",
    severity: "error",
    message: "CUSTOMERIO_APP_API_KEY is not set.",
    fix: "Set CUSTOMERIO_APP_API_KEY to an App API key.",
  };
  const incident: Finding = { code: "incident", severity: "warning", message: "Customer.io reports an incident." };
  const checks: DiagnosticCheck[] = [
    { tool: "check_status_page", ok: true, summary: "One incident.", findings: [incident] },
    { tool: "test_app_auth", ok: false, summary: "No key.", findings: [missing] },
    { tool: "lookup_customer", ok: false, summary: "No key.", findings: [missing] },
  ];

  it("keeps one copy of a finding two checks report, root causes and errors first", () => {
    expect(rankFindings(checks)).toEqual([missing, incident]);
  });

  it("puts the fix first in the verdict and lists the rest", () => {
    expect(verdict(false, checks, rankFindings(checks))).toBe(
      "2 problems. Fix first: CUSTOMERIO_APP_API_KEY is not set — Set CUSTOMERIO_APP_API_KEY to an App API key (missing_credentials). Also: incident.",
    );
  });

  it("says what passed when nothing is wrong", () => {
    const healthy: DiagnosticCheck[] = [
      { tool: "check_status_page", ok: true, summary: "All systems operational. Nothing else.", findings: [] },
      { tool: "test_track_auth", ok: true, summary: "Track credentials are valid.", findings: [] },
    ];
    expect(verdict(true, healthy, [])).toBe("All checks passed: All systems operational; Track credentials are valid.");
  });
});

describe("run_diagnostics: reporting webhooks and the delivery trace", () => {
  afterEach(() => {
    journeyScenario.webhooks.us = "healthy";
  });

  const scenarios: Array<[WebhookScenario, string[]]> = [
    ["healthy", []],
    ["none", ["no_bounce_webhook"]],
    ["disabled", ["webhook_disabled", "no_bounce_webhook"]],
    ["no_bounce_events", ["no_bounce_webhook"]],
  ];
  it.each(scenarios)("webhooks %s → %j", async (scenario, codes) => {
    journeyScenario.webhooks.us = scenario;
    const out = await runDirect<DiagnosticsResult>(runDiagnostics, sandboxEnv({ ...US, CUSTOMERIO_REGION: "us" }));
    const check = out.checks.find((c) => c.tool === "reporting_webhooks")!;
    expect(check.findings.map((f) => f.code)).toEqual(codes);
    for (const code of codes) expect(out.findings.map((f) => f.code)).toContain(code);
    if (codes.includes("no_bounce_webhook")) expect(check.findings.find((f) => f.code === "no_bounce_webhook")!.pitfall).toBe(8);
    expect(sandbox.requests().filter((r) => r.path === "/v1/reporting_webhooks")).toHaveLength(1);
  });

  it("includes the trace when a customer and a target are given", async () => {
    const out = await runDirect<DiagnosticsResult>(runDiagnostics, sandboxEnv({ ...US, CUSTOMERIO_REGION: "us" }), { id: "tr-signedup-case", campaign_id: 11 });
    expect(out.checks.map((c) => c.tool)).toEqual(["check_status_page", "test_track_auth", "test_app_auth", "reporting_webhooks", "lookup_customer", "trace_delivery"]);
    const trace = out.checks.find((c) => c.tool === "trace_delivery")!;
    expect(trace.ok).toBe(false);
    expect(trace.findings.map((f) => f.code)).toContain("trigger_event_mismatch");
    expect(out.ok).toBe(false);
  });

  it("refuses a target without a customer, and two targets", async () => {
    await expect(runDirect(runDiagnostics, sandboxEnv(US), { campaign_id: 11 })).rejects.toThrow(/needs a customer/);
    await expect(runDirect(runDiagnostics, sandboxEnv(US), { id: "x", campaign_id: 11, broadcast_id: 31 })).rejects.toThrow(/at most one/);
  });

  it("decides the webhook findings from the spec's fields alone", () => {
    const hook = { id: 1, name: "a", disabled: false, events: ["email_bounced", "email_spammed"] };
    expect(webhookFindings([hook])).toEqual([]);
    expect(webhookFindings([]).map((f) => f.code)).toEqual(["no_bounce_webhook"]);
    expect(webhookFindings([{ ...hook, events: ["email_bounced"] }]).map((f) => f.code)).toEqual(["no_bounce_webhook"]);
    expect(webhookFindings([hook, { ...hook, id: 2, disabled: true }]).map((f) => f.code)).toEqual(["webhook_disabled"]);
  });
});

describe("run_diagnostics answer text", () => {
  const cases: Array<{ name: string; args: Record<string, unknown>; fault?: Parameters<Sandbox["setFault"]>[1]; codes: string[] }> = [
    { name: "the bounced person", args: { id: "bounced-1" }, codes: ["bounced", "spam_complaint", "undeliverable", "failed_message"] },
    { name: "every host timing out", args: { id: "bounced-1" }, fault: { kind: "hang" }, codes: ["timeout"] },
    { name: "every host answering 503", args: { id: "bounced-1" }, fault: { kind: "status", status: 503 }, codes: ["upstream_error"] },
    { name: "every host answering a 502 page, with a campaign", args: { id: "bounced-1", campaign_id: 12 }, fault: { kind: "html", status: 502 }, codes: ["upstream_error"] },
    { name: "an unknown customer with a campaign target", args: { id: "no-such-person", campaign_id: 12 }, codes: ["not_found"] },
  ];
  for (const c of cases) {
    it(`stays within 3 KB and says each sentence once: ${c.name}`, async () => {
      if (c.fault) sandbox.setFault("*", c.fault);
      const conn = await connect(sandboxEnv({ ...US, CUSTOMERIO_TIMEOUT_MS: "400" }));
      try {
        const result = await conn.client.callTool({ name: "run_diagnostics", arguments: c.args });
        const out = result.structuredContent as unknown as DiagnosticsResult;
        const text = (result.content as Array<{ type: string; text: string }>).map((p) => p.text).join("\n");
        expect(out.ok).toBe(false);
        for (const code of c.codes) {
          expect(out.findings.map((f) => f.code)).toContain(code);
          expect(text).toContain(`**${code}**`);
        }
        expect(text).toContain(out.summary);
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(3072);
        expect(repeatedSentences([text])).toEqual([]);
        // Every finding's message is in the text once (the first one in the verdict).
        for (const f of out.findings) expect(text).toContain(f.message.slice(0, 40));
      } finally {
        await conn.close();
      }
    });
  }
});
