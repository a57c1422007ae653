import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { testTrackAuth } from "../src/tools/test-track-auth.js";
import { credentialFindings, sameKeyInBothVariables } from "../src/diagnosis/credentials.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { sandboxToolRunner } from "./helpers/run-tool.js";
import { SANDBOX } from "./sandbox/types.js";

// Generous: these tests check answers, not time bounds (the fault matrix does that).
const TIMEOUT = "3000";
const BAD_KEY = "bad_track_key_0123456789abcdef";

let sandbox: Sandbox;
const seen: string[] = []; // every output and log line, for the secret scan

const run = sandboxToolRunner(testTrackAuth, () => sandbox, { CUSTOMERIO_TIMEOUT_MS: TIMEOUT }, seen);

const us = () => ({ CUSTOMERIO_SITE_ID: SANDBOX.us.siteId, CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey });
const eu = () => ({ CUSTOMERIO_SITE_ID: SANDBOX.eu.siteId, CUSTOMERIO_TRACK_API_KEY: SANDBOX.eu.trackApiKey });
const calls = () => sandbox.requests().map((r) => `${r.method} ${r.host} ${r.path}`);

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

describe("test_track_auth against the sandbox", () => {
  it("confirms US credentials with one GET on the region endpoint", async () => {
    const { result, text } = await run(us());
    expect(result).toMatchObject({
      ok: true,
      region: "us",
      environment_id: 101,
      http_status: 200,
      endpoint: `${sandbox.urls.trackUs}/api/v1/accounts/region`,
      credentials: { site_id: SANDBOX.us.siteId, api_key: "…4a60" },
      findings: [],
    });
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
    expect(calls()).toEqual(["GET track-us /api/v1/accounts/region"]);
    expect(sandbox.requests()[0]!.auth).toBe("basic");
    expect(text).toContain("Track API credentials: OK");
  });

  it("detects an EU workspace through the US host when no region is set", async () => {
    const { result } = await run(eu());
    expect(result).toMatchObject({ ok: true, region: "eu", environment_id: 202, findings: [] });
    expect(result.summary).toContain("CUSTOMERIO_REGION=eu");
    expect(calls()).toEqual(["GET track-us /api/v1/accounts/region"]);
  });

  it("asks the EU host when the eu region is requested", async () => {
    const { result } = await run(eu(), { region: "eu" });
    expect(result).toMatchObject({ ok: true, region: "eu", endpoint: `${sandbox.urls.trackEu}/api/v1/accounts/region` });
  });

  it("reports region_mismatch when CUSTOMERIO_REGION=us but the workspace is in the EU", async () => {
    const { result, codes } = await run({ ...eu(), CUSTOMERIO_REGION: "us" });
    expect(result.ok).toBe(false);
    expect(result.region).toBe("eu");
    expect(codes).toEqual(["region_mismatch"]);
    const f = result.findings[0]!;
    expect(f.message).toContain("EU workspace");
    expect(f.message).toContain("CUSTOMERIO_REGION is us");
    expect(f.fix).toContain("CUSTOMERIO_REGION=eu");
  });

  // Track spec paths./api/v1/accounts/region.get: "You can perform this operation against either of the
  // track API regional URLs; it returns your region in either case." So the EU host answers 200 with
  // region "us" for US credentials (it used to be asserted as a 401 followed by a second request).
  it("reports region_mismatch when CUSTOMERIO_REGION=eu but the workspace is in the US, from one request to the EU host", async () => {
    const { result, codes } = await run({ ...us(), CUSTOMERIO_REGION: "eu" });
    expect(codes).toEqual(["region_mismatch"]);
    expect(result).toMatchObject({ ok: false, region: "us", environment_id: 101, http_status: 200, endpoint: `${sandbox.urls.trackEu}/api/v1/accounts/region` });
    expect(result.findings[0]!.fix).toContain("CUSTOMERIO_REGION=us");
    expect(result.findings[0]!.evidence).toBe(`${sandbox.urls.trackEu}/api/v1/accounts/region → 200 region "us"`);
    expect(calls()).toEqual(["GET track-eu /api/v1/accounts/region"]);
  });

  it("says region_mismatch for a requested region too", async () => {
    const { result, codes } = await run(us(), { region: "eu" });
    expect(codes).toEqual(["region_mismatch"]);
    expect(result.findings[0]!.message).toContain("the eu region was requested");
  });

  // One host is enough: getRegion "returns your region in either case" (Track spec, paths./api/v1/accounts/region.get),
  // so a 401 there is not a region problem and the other host is not asked (it used to be).
  it("reports invalid_credentials from one host's 401, without asking the other host", async () => {
    const { result, codes } = await run({ ...us(), CUSTOMERIO_TRACK_API_KEY: BAD_KEY, CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey });
    expect(codes).toEqual(["invalid_credentials"]);
    expect(result).toMatchObject({ ok: false, region: null, environment_id: null, http_status: 401 });
    expect(result.findings[0]!.message).toContain("401 on the US host");
    expect(result.findings[0]!.message).toContain("either region");
    // With an App key configured, no Bearer probe is made.
    expect(calls()).toEqual(["GET track-us /api/v1/accounts/region"]);
  });

  it("reports wrong_key_type when an App key sits in the Track variable", async () => {
    const { result, codes } = await run({ CUSTOMERIO_SITE_ID: SANDBOX.us.siteId, CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.appApiKey });
    expect(codes).toEqual(["wrong_key_type", "invalid_credentials"]);
    expect(result.findings[0]).toMatchObject({ severity: "error", pitfall: 1 });
    expect(result.findings[0]!.message).toContain("App API key");
    expect(result.summary).toContain("Likely cause");
    expect(calls()).toEqual(["GET track-us /api/v1/accounts/region", "GET app-us /v1/workspaces"]);
  });

  it("recognises an EU App key in the Track variable by the US host's wrong-datacenter answer", async () => {
    const { codes } = await run({ CUSTOMERIO_SITE_ID: SANDBOX.eu.siteId, CUSTOMERIO_TRACK_API_KEY: SANDBOX.eu.appApiKey });
    expect(codes).toEqual(["wrong_key_type", "invalid_credentials"]);
  });

  it("reports wrong_key_type without any extra request when both key variables hold the same value", async () => {
    const { result, codes } = await run({ ...us(), CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey });
    expect(codes).toEqual(["wrong_key_type", "invalid_credentials"]);
    expect(result.findings[0]!.message).toContain("hold the same value");
    expect(calls()).toHaveLength(1);
  });

  it("keeps ok when the Track key works but the App variable holds the same key (a warning for the App side)", async () => {
    const { result, codes } = await run({ ...us(), CUSTOMERIO_APP_API_KEY: SANDBOX.us.trackApiKey });
    expect(codes).toEqual(["wrong_key_type"]);
    expect(result.findings[0]).toMatchObject({ severity: "warning", pitfall: 1 });
    expect(result.findings[0]!.message).toContain("CUSTOMERIO_APP_API_KEY holds the same value");
    expect(result.ok).toBe(true);
  });

  it("mentions an invalid CUSTOMERIO_REGION in the summary and detects the region instead", async () => {
    const { result } = await run({ ...eu(), CUSTOMERIO_REGION: "mars" });
    expect(result).toMatchObject({ ok: true, region: "eu" });
    expect(result.summary).toContain('CUSTOMERIO_REGION must be "us" or "eu"');
  });

  it("reports missing_credentials naming the variables, without any request", async () => {
    const { result, codes } = await run({});
    expect(codes).toEqual(["missing_credentials"]);
    expect(result.ok).toBe(false);
    expect(result.findings[0]!.message).toContain("CUSTOMERIO_SITE_ID and CUSTOMERIO_TRACK_API_KEY");
    expect(result.credentials).toEqual({ site_id: null, api_key: null });
    expect(calls()).toEqual([]);
  });

  it("accepts the older CUSTOMERIO_API_KEY alias", async () => {
    const { result } = await run({ CUSTOMERIO_SITE_ID: SANDBOX.us.siteId, CUSTOMERIO_API_KEY: SANDBOX.us.trackApiKey });
    expect(result.ok).toBe(true);
  });

  it("warns about malformed_credentials and still tests the cleaned value", async () => {
    const { result, codes } = await run({ ...us(), CUSTOMERIO_TRACK_API_KEY: `"${SANDBOX.us.trackApiKey}"\n` });
    expect(codes).toEqual(["malformed_credentials"]);
    expect(result.findings[0]).toMatchObject({ severity: "warning" });
    expect(result.findings[0]!.message).toContain("CUSTOMERIO_TRACK_API_KEY");
    expect(result).toMatchObject({ ok: true, region: "us" });
  });

  it("reports forbidden on 403 (IP allow-list)", async () => {
    sandbox.setFault("track-us", { kind: "status", status: 403 });
    const { result, codes } = await run(us());
    expect(codes).toEqual(["forbidden"]);
    expect(result.findings[0]!.fix).toContain("API Credentials");
    expect(result.http_status).toBe(403);
  });

  it("reports rate_limited with the Retry-After value", async () => {
    sandbox.setFault("*", { kind: "rate_limit", retryAfter: "30", times: 10 });
    const { result, codes } = await run(us());
    expect(codes).toEqual(["rate_limited"]);
    expect(result.findings[0]!.evidence).toContain("Retry-After: 30");
  });

  it("never depends on the other host: a hanging EU host changes nothing for a US check, and a timeout on the asked host is reported", async () => {
    sandbox.setFault("track-eu", { kind: "hang" });
    const rejected = await run({ ...us(), CUSTOMERIO_TRACK_API_KEY: BAD_KEY, CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_TIMEOUT_MS: "400" });
    expect(rejected.codes).toEqual(["invalid_credentials"]);
    const hung = await run({ ...us(), CUSTOMERIO_TIMEOUT_MS: "400" }, { region: "eu" });
    expect(hung.codes).toEqual(["timeout"]);
    expect(hung.result).toMatchObject({ ok: false, region: null, http_status: null, endpoint: `${sandbox.urls.trackEu}/api/v1/accounts/region` });
    expect(calls()).toEqual(["GET track-us /api/v1/accounts/region", "GET track-eu /api/v1/accounts/region"]);
  });

  it("sent only GET requests to the Track API, and no key leaked", async () => {
    // Runs last in this file: the scan covers everything collected above.
    const keys = [SANDBOX.us.trackApiKey, SANDBOX.us.appApiKey, SANDBOX.eu.trackApiKey, SANDBOX.eu.appApiKey, BAD_KEY];
    const all = seen.join("\n");
    expect(all.length).toBeGreaterThan(1000);
    for (const key of keys) {
      for (let i = 0; i + 8 <= key.length; i++) expect(all).not.toContain(key.slice(i, i + 8));
    }
  });
});

describe("credential findings from the configuration alone", () => {
  it("names missing variables and finds the same key in both variables", () => {
    const config = loadConfig({ CUSTOMERIO_TRACK_API_KEY: "same_value_1234567890", CUSTOMERIO_APP_API_KEY: "same_value_1234567890" });
    expect(sameKeyInBothVariables(config)).toBe(true);
    const track = credentialFindings(config, "track");
    expect(track.map((f) => f.code)).toEqual(["missing_credentials", "wrong_key_type"]);
    expect(track[0]!.message).toContain("CUSTOMERIO_SITE_ID is not set");
    expect(credentialFindings(config, "app").map((f) => f.code)).toEqual(["wrong_key_type"]);
    expect(credentialFindings(loadConfig({}), "app")[0]!.message).toContain("CUSTOMERIO_APP_API_KEY");
  });

  it("names the variable with stray whitespace", () => {
    const config = loadConfig({ CUSTOMERIO_SITE_ID: " site ", CUSTOMERIO_TRACK_API_KEY: "abcdefghijklmnop" });
    const findings = credentialFindings(config, "track");
    expect(findings.map((f) => f.code)).toEqual(["malformed_credentials"]);
    expect(findings[0]!.evidence).toBe("CUSTOMERIO_SITE_ID: has leading or trailing whitespace");
  });
});
