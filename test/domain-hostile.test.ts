/**
 * lookup_customer end to end on hostile names from the App API: a
 * 60,000-character event name (which once took 13.5 s against a 3 s bound)
 * and 1 MiB-class names and attributes, served by a spec-shaped fake on
 * 127.0.0.1. The domain rules are linear, so each lookup ends well inside
 * the contract's bound (2 × CUSTOMERIO_TIMEOUT_MS + 1 s) with its findings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { Logger } from "../src/log.js";
import { createRuntime, runToolHandler } from "../src/server.js";
import { lookupCustomer } from "../src/tools/lookup-customer.js";
import { startProfileServer, type ProfileServer } from "./helpers/profile-server.js";

const KEY = "hostile0app0key0f00dcafe5678";
const TIMEOUT_MS = 3000;
const BOUND_MS = 2 * TIMEOUT_MS + 1000;
const silent: Logger = { debug: () => {}, info: () => {}, warning: () => {}, error: () => {}, attach: () => {} };

// The answer body is read up to 1 MiB in all, so the names stay a little under that.
const BIG = 900_000;
const NAMES: Record<string, string> = {
  "60,000 × a then @": `${"a".repeat(60_000)}@`,
  "a@ runs": "a@".repeat(BIG / 2),
  "digit groups": "123-".repeat(BIG / 4),
  "dotted digits": "1.".repeat(BIG / 2),
  "plus phones": "+1 ".repeat(BIG / 3),
  "camel humps": "aB".repeat(BIG / 2),
};

let server: ProfileServer;
beforeAll(async () => {
  server = await startProfileServer(KEY);
});
afterAll(async () => {
  await server?.close();
});

describe("lookup_customer on hostile names from the App API", () => {
  const timings: string[] = [];
  for (const [label, name] of Object.entries(NAMES)) {
    it(`${label} (${name.length.toLocaleString("en-US")} characters) as an event name and an attribute`, async () => {
      server.setPeople([{ id: "hostile", email: "jane@example.com", attributes: { signup_at: String(Date.now()), [`${name.slice(0, 2000)}_at`]: name.slice(0, 100_000) }, events: [name, "signed_up"] }]);
      const runtime = createRuntime(
        loadConfig({ CUSTOMERIO_APP_API_KEY: KEY, CUSTOMERIO_REGION: "us", CUSTOMERIO_APP_URL_US: server.url, CUSTOMERIO_APP_URL_EU: server.url, CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS) }),
        { logger: silent },
      );
      try {
        const t0 = performance.now();
        const result = (await runToolHandler(lookupCustomer as never, { id: "hostile", event_name: "signed_up" }, runtime)) as {
          found: boolean;
          summary: string;
          findings: Array<{ code: string; evidence?: string }>;
        };
        const ms = performance.now() - t0;
        timings.push(`${label}: ${ms.toFixed(0)} ms`);
        expect(ms).toBeLessThan(BOUND_MS);
        expect(result.found).toBe(true);
        const codes = result.findings.map((f) => f.code);
        expect(codes).toContain("millisecond_timestamp");
        expect(codes).not.toContain("event_not_found");
        // Nothing hostile is echoed whole.
        expect(JSON.stringify(result).length).toBeLessThan(60_000);
      } finally {
        await runtime.close();
      }
    });
  }
  it("reports the timings", () => {
    console.log(`lookup_customer, hostile names (bound ${BOUND_MS} ms): ${timings.join("; ")}`);
    expect(timings).toHaveLength(Object.keys(NAMES).length);
  });
});
