import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APP_CHECK, MAX_WORKSPACES_LISTED, testAppAuth } from "../src/tools/test-app-auth.js";
import { loadConfig } from "../src/config.js";
import { CioRequestError, type CioResponse, type ProbeOutcome } from "../src/cio/types.js";
import { diagnoseCredentials } from "../src/diagnosis/credentials.js";
import { credentialSummary } from "../src/tools/credential-check.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { sandboxToolRunner } from "./helpers/run-tool.js";
import { SANDBOX } from "./sandbox/types.js";

// Generous: these tests check answers, not time bounds (the fault matrix does that).
const TIMEOUT = "3000";
const BAD_KEY = "bad_app_key_fedcba9876543210";

let sandbox: Sandbox;
let offList: { server: Server; url: string; received: IncomingMessage["headers"][] };
const seen: string[] = [];

const run = sandboxToolRunner(testAppAuth, () => sandbox, { CUSTOMERIO_TIMEOUT_MS: TIMEOUT }, seen);

const appKey = (region: "us" | "eu") => ({ CUSTOMERIO_APP_API_KEY: SANDBOX[region].appApiKey });
const calls = () => sandbox.requests().map((r) => `${r.method} ${r.host} ${r.path}`);

beforeAll(async () => {
  sandbox = await startSandbox();
  const received: IncomingMessage["headers"][] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  offList = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => {
    offList.server.close(() => resolve());
    offList.server.closeAllConnections();
  });
});
beforeEach(() => sandbox.reset());

describe("test_app_auth against the sandbox", () => {
  it("lists the workspaces of a US key", async () => {
    const { result, text } = await run(appKey("us"));
    expect(result).toEqual({
      ok: true,
      region: "us",
      http_status: 200,
      latency_ms: result.latency_ms,
      endpoint: `${sandbox.urls.appUs}/v1/workspaces`,
      credentials: { api_key: "…1b0a" },
      workspaces: [{ id: "101", name: "Sandbox US Production" }],
      summary: result.summary,
      findings: [],
    });
    expect(result.summary).toMatch(/^The App API key works in the US region/);
    expect(sandbox.requests()).toEqual([{ method: "GET", host: "app-us", path: "/v1/workspaces", auth: "bearer" }]);
    expect(text).toContain("Sandbox US Production");
  });

  it("finds an EU key through the US host's wrong-datacenter answer when no region is set", async () => {
    const { result, codes } = await run(appKey("eu"));
    expect(codes).toEqual([]);
    expect(result).toMatchObject({ ok: true, region: "eu", endpoint: `${sandbox.urls.appEu}/v1/workspaces`, workspaces: [{ id: "202", name: "Sandbox EU Production" }] });
    expect(result.summary).toContain("CUSTOMERIO_REGION=eu");
    expect(calls()).toEqual(["GET app-us /v1/workspaces", "GET app-eu /v1/workspaces"]);
  });

  it("reports region_mismatch with the fix when CUSTOMERIO_REGION=us holds an EU key", async () => {
    const { result, codes } = await run({ ...appKey("eu"), CUSTOMERIO_REGION: "us" });
    expect(codes).toEqual(["region_mismatch"]);
    expect(result.ok).toBe(false);
    expect(result.region).toBe("eu");
    expect(result.findings[0]!.fix).toContain("CUSTOMERIO_REGION=eu");
    expect(result.findings[0]!.evidence).toContain('301 "wrong datacenter"');
  });

  it("reports region_mismatch when CUSTOMERIO_REGION=eu holds a US key (EU 401, US 200)", async () => {
    const { result, codes } = await run({ ...appKey("us"), CUSTOMERIO_REGION: "eu" });
    expect(codes).toEqual(["region_mismatch"]);
    expect(result.region).toBe("us");
    expect(result.findings[0]!.fix).toContain("CUSTOMERIO_REGION=us");
    expect(calls()).toEqual(["GET app-eu /v1/workspaces", "GET app-us /v1/workspaces"]);
  });

  it("reports invalid_credentials when both hosts answer 401", async () => {
    const { result, codes } = await run({ CUSTOMERIO_APP_API_KEY: BAD_KEY });
    expect(codes).toEqual(["invalid_credentials"]);
    expect(result).toMatchObject({ ok: false, region: null, http_status: 401 });
    expect(result.workspaces).toBeUndefined();
    // No Site ID: no Track probe.
    expect(calls()).toEqual(["GET app-us /v1/workspaces", "GET app-eu /v1/workspaces"]);
  });

  it("reports wrong_key_type when the App variable holds the Track key (it works as Basic with the Site ID)", async () => {
    const { result, codes } = await run({ CUSTOMERIO_SITE_ID: SANDBOX.us.siteId, CUSTOMERIO_APP_API_KEY: SANDBOX.us.trackApiKey });
    expect(codes).toEqual(["wrong_key_type", "invalid_credentials"]);
    expect(result.findings[0]).toMatchObject({ pitfall: 1 });
    expect(result.findings[0]!.message).toContain("holds a Track API key");
    expect(calls()).toEqual(["GET app-us /v1/workspaces", "GET app-eu /v1/workspaces", "GET track-us /api/v1/accounts/region"]);
  });

  it("reports wrong_key_type when both key variables hold the same value", async () => {
    const { codes } = await run({ ...sandbox.credentials("us"), CUSTOMERIO_APP_API_KEY: SANDBOX.us.trackApiKey });
    expect(codes).toEqual(["wrong_key_type", "invalid_credentials"]);
  });

  it("reports missing_credentials without any request", async () => {
    const { result, codes } = await run({});
    expect(codes).toEqual(["missing_credentials"]);
    expect(result.findings[0]!.message).toContain("CUSTOMERIO_APP_API_KEY");
    expect(result.credentials.api_key).toBeNull();
    expect(calls()).toEqual([]);
  });

  it("warns about malformed_credentials and still tests the cleaned value", async () => {
    const { result, codes } = await run({ CUSTOMERIO_APP_API_KEY: ` ${SANDBOX.us.appApiKey} ` });
    expect(codes).toEqual(["malformed_credentials"]);
    expect(result.ok).toBe(true);
  });

  it("reports forbidden on 403", async () => {
    sandbox.setFault("app-us", { kind: "status", status: 403 });
    const { result, codes } = await run(appKey("us"));
    expect(codes).toEqual(["forbidden"]);
    expect(result.http_status).toBe(403);
  });

  it(`lists at most ${MAX_WORKSPACES_LISTED} workspaces and says how many were left out`, async () => {
    sandbox.state.extraWorkspaces = 60;
    const { result } = await run(appKey("us"));
    expect(result.workspaces).toHaveLength(MAX_WORKSPACES_LISTED);
    expect(result.summary).toContain("61 workspaces");
    expect(result.summary).toContain("11 more not listed");
  });

  it("never follows a redirect to a host that is not configured, nor sends it the key", async () => {
    sandbox.setFault("app-us", { kind: "status", status: 302, headers: { location: `${offList.url}/v1/workspaces` } });
    const { result, codes } = await run(appKey("us"));
    expect(codes).toEqual(["upstream_error"]);
    expect(result.findings[0]!.message).toContain("not a configured Customer.io host");
    expect(offList.received).toHaveLength(0);
  });

  it("never sends the key to the wrong-datacenter target either", async () => {
    // The US host's 301 points at beta-api-eu.customer.io, which is not configured: nothing is sent there.
    await run({ ...appKey("eu"), CUSTOMERIO_REGION: "us" });
    expect(sandbox.requests().every((r) => r.host === "app-us" || r.host === "app-eu")).toBe(true);
  });

  it("leaks no key into outputs or logs", () => {
    const keys = [SANDBOX.us.trackApiKey, SANDBOX.us.appApiKey, SANDBOX.eu.trackApiKey, SANDBOX.eu.appApiKey, BAD_KEY];
    const all = seen.join("\n");
    expect(all.length).toBeGreaterThan(1000);
    for (const key of keys) {
      for (let i = 0; i + 8 <= key.length; i++) expect(all).not.toContain(key.slice(i, i + 8));
    }
  });
});

describe("the one credential check, decided without I/O", () => {
  const config = loadConfig({ CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_SITE_ID: SANDBOX.us.siteId });
  const response = (status: number, body: unknown, extra: Partial<CioResponse> = {}): ProbeOutcome => ({
    kind: "response",
    response: {
      status,
      headers: {},
      body: body === undefined ? { kind: "empty" } : { kind: "json", value: body, text: JSON.stringify(body) },
      truncated: false,
      latencyMs: 12,
      url: "https://api.customer.io/v1/workspaces",
      finalUrl: "https://api.customer.io/v1/workspaces",
      attempts: 1,
      ...extra,
    },
  });
  const input = (expected?: "us" | "eu") => ({ config, expected, source: "config" as const, endpointOf: (r: "us" | "eu") => `https://${r === "us" ? "api" : "api-eu"}.customer.io/v1/workspaces` });
  const workspaces = { workspaces: [{ id: 7, name: "W" }] };

  it("accepted on the second host after a 401: region from the host that answered, mismatch with its trail", () => {
    const v = diagnoseCredentials(APP_CHECK, { probes: [{ asked: "us", served: "us", outcome: response(401, undefined) }, { asked: "eu", served: "eu", outcome: response(200, workspaces) }], skipped: [] }, input("us"));
    expect(v.state).toBe("accepted");
    expect(v.findings.map((f) => f.code)).toEqual(["region_mismatch"]);
    expect(v.findings[0]!.evidence).toBe('https://api.customer.io/v1/workspaces → 401; https://api-eu.customer.io/v1/workspaces → 200 region "eu"');
    expect(v).toMatchObject({ http_status: 200, endpoint: "https://api-eu.customer.io/v1/workspaces" });
  });

  it("wrong datacenter that the other host cannot confirm: still a region problem plus the other host's failure", () => {
    const wrong = response(301, { errors: [{ detail: "wrong datacenter", status: "301" }] }, { blockedRedirect: "https://beta-api-eu.customer.io/v1/workspaces" });
    const hang: ProbeOutcome = { kind: "error", error: new CioRequestError("timeout", "no answer", "https://api-eu.customer.io/v1/workspaces", 3000) };
    const v = diagnoseCredentials(APP_CHECK, { probes: [{ asked: "us", served: "us", outcome: wrong }, { asked: "eu", served: "eu", outcome: hang }], skipped: [] }, input("us"));
    expect(v.state).toBe("wrong_datacenter");
    expect(v.findings.map((f) => f.code).sort()).toEqual(["region_mismatch", "timeout"]);
  });

  it("rounds skipped for time become a timeout warning, and the summary names codes instead of repeating sentences", () => {
    const v = diagnoseCredentials(APP_CHECK, { probes: [{ asked: "us", served: "us", outcome: response(401, undefined) }], skipped: ["other_region"] }, input());
    expect(v.state).toBe("rejected");
    expect(v.findings.map((f) => [f.code, f.severity])).toEqual([["invalid_credentials", "error"], ["timeout", "warning"]]);
    const summary = credentialSummary(APP_CHECK, v, { expected: undefined, source: "config", config });
    expect(summary).toBe("Customer.io rejected the App API key (401 on the US host). Check that it is an App API key of this account. See also: timeout.");
    for (const f of v.findings) expect(summary).not.toContain(f.message);
  });
});
