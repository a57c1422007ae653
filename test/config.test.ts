import { describe, expect, it } from "vitest";
import { DEFAULT_ENDPOINTS, DEFAULT_TIMEOUT_MS, configSecrets, credentialProblem, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("never throws and uses the documented defaults", () => {
    const c = loadConfig({});
    expect(c.siteId.value).toBeUndefined();
    expect(c.trackApiKey.variable).toBe("CUSTOMERIO_TRACK_API_KEY");
    expect(c.region).toBeUndefined();
    expect(c.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(c.endpoints).toEqual(DEFAULT_ENDPOINTS);
    expect(c.endpoints.status).toBe("https://status.customerio.com");
  });

  it("accepts CUSTOMERIO_API_KEY as the older alias of the Track key", () => {
    const c = loadConfig({ CUSTOMERIO_API_KEY: "abcdef0123456789" });
    expect(c.trackApiKey.value).toBe("abcdef0123456789");
    expect(c.trackApiKey.variable).toBe("CUSTOMERIO_API_KEY");
    const both = loadConfig({ CUSTOMERIO_API_KEY: "old", CUSTOMERIO_TRACK_API_KEY: "new-key-value" });
    expect(both.trackApiKey.value).toBe("new-key-value");
  });

  it("records malformed values, cleans them, and names the problem", () => {
    const c = loadConfig({
      CUSTOMERIO_SITE_ID: " site123 ",
      CUSTOMERIO_TRACK_API_KEY: '"abc123def456"',
      CUSTOMERIO_APP_API_KEY: "app-key-value\n",
    });
    expect(c.siteId.value).toBe("site123");
    expect(c.siteId.problem).toMatch(/whitespace/);
    expect(c.trackApiKey.value).toBe("abc123def456");
    expect(c.trackApiKey.problem).toMatch(/quotes/);
    expect(c.appApiKey.value).toBe("app-key-value");
    expect(c.appApiKey.problem).toMatch(/line break/);
  });

  it("validates region and timeout without failing", () => {
    expect(loadConfig({ CUSTOMERIO_REGION: "EU" }).region).toBe("eu");
    expect(loadConfig({ CUSTOMERIO_REGION: "auto" }).region).toBeUndefined();
    const bad = loadConfig({ CUSTOMERIO_REGION: "mars", CUSTOMERIO_TIMEOUT_MS: "soon" });
    expect(bad.region).toBeUndefined();
    expect(bad.regionProblem).toMatch(/us.*eu/);
    expect(bad.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(bad.timeoutProblem).toMatch(/whole number/);
    const clamped = loadConfig({ CUSTOMERIO_TIMEOUT_MS: "5" });
    expect(clamped.timeoutMs).toBe(100);
    expect(loadConfig({ CUSTOMERIO_TIMEOUT_MS: "2500" }).timeoutMs).toBe(2500);
  });

  it("takes URL overrides, rejects unusable ones", () => {
    const c = loadConfig({
      CUSTOMERIO_TRACK_URL_US: "http://127.0.0.1:8080/",
      CUSTOMERIO_APP_URL_EU: "ftp://example.com",
      CUSTOMERIO_STATUS_URL: "https://user:pw@status.example.com",
      CUSTOMERIO_APP_URL_US: "not a url",
    });
    expect(c.endpoints.track.us).toBe("http://127.0.0.1:8080");
    expect(c.endpoints.app.eu).toBe(DEFAULT_ENDPOINTS.app.eu);
    expect(c.endpoints.status).toBe(DEFAULT_ENDPOINTS.status);
    expect(c.endpoints.app.us).toBe(DEFAULT_ENDPOINTS.app.us);
    expect(c.endpointProblems).toHaveLength(3);
    expect(c.endpointProblems.join(" ")).not.toContain("pw");
  });

  it("lists the secrets to redact, raw and cleaned", () => {
    const c = loadConfig({ CUSTOMERIO_TRACK_API_KEY: " tk_0123456789 ", CUSTOMERIO_APP_API_KEY: "ak_9876543210" });
    expect(configSecrets(c).sort()).toEqual([" tk_0123456789 ", "ak_9876543210", "tk_0123456789"].sort());
  });

  it("treats an unexpanded ${VAR} placeholder as unset", () => {
    const c = loadConfig({ CUSTOMERIO_APP_API_KEY: "${CUSTOMERIO_APP_API_KEY}", CUSTOMERIO_SITE_ID: "${user_config.site_id}" });
    expect(c.appApiKey.value).toBeUndefined();
    expect(c.siteId.value).toBeUndefined();
  });

  it("describes credential problems", () => {
    expect(credentialProblem("abc")).toBeUndefined();
    expect(credentialProblem("a b")).toMatch(/whitespace/);
    expect(credentialProblem("'abc'")).toMatch(/quotes/);
    expect(credentialProblem("abc\r\n")).toMatch(/line break/);
  });
});
