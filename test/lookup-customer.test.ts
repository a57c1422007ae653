/**
 * lookup_customer end to end: the real HTTP client against the local
 * sandbox's App API people routes, one fixture person per finding, plus
 * input validation, output caps, faults and request concurrency.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../src/config.js";
import { UserInputError } from "../src/errors.js";
import { createRuntime, runToolHandler } from "../src/server.js";
import { lookupCustomer, PERSON_CHECKS } from "../src/tools/lookup-customer.js";
import { SANDBOX_CUSTOMERS as C } from "./sandbox/customers.js";
import { startSandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";

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
});

const CREDENTIAL_VARS = ["CUSTOMERIO_SITE_ID", "CUSTOMERIO_TRACK_API_KEY", "CUSTOMERIO_API_KEY", "CUSTOMERIO_APP_API_KEY", "CUSTOMERIO_REGION"];
const outputSchema = z.object(lookupCustomer.outputSchema);

type Result = z.infer<typeof outputSchema>;

function env(vars: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = { ...(sandbox.env() as Record<string, string>) };
  for (const name of CREDENTIAL_VARS) delete out[name];
  const merged: Record<string, string | undefined> = { CUSTOMERIO_TIMEOUT_MS: "3000", CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, ...out, ...vars };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

async function lookup(args: Record<string, unknown>, vars: Record<string, string | undefined> = {}): Promise<Result> {
  const runtime = createRuntime(loadConfig(env(vars)));
  try {
    const result = await runToolHandler(lookupCustomer, args, runtime);
    // What the MCP SDK would check against the declared outputSchema.
    return outputSchema.parse(result);
  } finally {
    await runtime.close();
  }
}

const codes = (r: Result) => r.findings.map((f) => f.code).sort();

describe("lookup_customer against the sandbox", () => {
  const byId: Array<[string, { id: string; codes: readonly string[]; eventName?: string }]> = [
    ["healthy", C.healthy],
    ["ms timestamps", C.msTimestamps],
    ["email as id", C.emailAsId],
    ["no email", C.noEmail],
    ["unsubscribed", C.unsubscribed],
    ["delivery failures", C.deliveryFailures],
    ["failed activities", C.failedActivity],
    ["event name variant", C.eventCase],
    ["dynamic event names", C.dynamicEvents],
    ["PII in an event name", C.piiEvent],
    ["300 attributes", C.wide],
  ];

  it.each(byId)("%s → exactly its finding codes", async (_label, fixture) => {
    const r = await lookup({ id: fixture.id, ...(fixture.eventName ? { event_name: fixture.eventName } : {}) });
    expect(r.found).toBe(true);
    expect(r.matches).toBe(1);
    expect(r.customer?.id).toBe(fixture.id);
    expect(codes(r)).toEqual([...fixture.codes].sort());
    expect(r.ok).toBe(!r.findings.some((f) => f.severity === "error"));
    expect(r.summary.length).toBeGreaterThan(20);
  });

  it("a healthy person: ok, full customer shape, expected event seen, 8 GETs", async () => {
    const r = await lookup({ email: C.healthy.email, event_name: "signed_up" });
    expect(r).toMatchObject({ ok: true, found: true, matches: 1, region: "us", api_requests: 8, findings: [] });
    const c = r.customer!;
    expect(c).toMatchObject({ id: "healthy-1", email: "healthy@example.com", cio_id: C.healthy.cio_id, unsubscribed: false, attributes_omitted: 0 });
    expect(c.segments).toEqual([
      { id: 1, name: "All users" },
      { id: 7, name: "Signed up in the last 30 days" },
    ]);
    expect(c.recent_events.map((e) => e.name)).toEqual(["order_completed", "signed_up"]);
    expect(c.recent_events[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(c.recent_messages).toEqual([
      expect.objectContaining({ id: "dlv-healthy-1", type: "email", subject: "Welcome to Example", campaign_id: 3, metrics: ["sent", "delivered", "opened"] }),
    ]);
    expect(r.summary).toMatch(/^Found id "healthy-1" \(healthy@example\.com\) in the US workspace; the profile looks healthy\./);
    expect(r.summary).toContain('"signed_up" arrived once');
    const sent = sandbox.requests();
    expect(sent.map((q) => q.path).sort()).toEqual([
      "/v1/customers",
      `/v1/customers/${C.healthy.cio_id}/activities`,
      `/v1/customers/${C.healthy.cio_id}/activities`,
      `/v1/customers/${C.healthy.cio_id}/attributes`,
      `/v1/customers/${C.healthy.cio_id}/messages`,
      `/v1/customers/${C.healthy.cio_id}/segments`,
      `/v1/customers/${C.healthy.cio_id}/subscription_preferences`,
      `/v1/esp/search_suppression/${encodeURIComponent(C.healthy.email)}`,
    ]);
    // The person-level reads: every topic subscribed, no device, not suppressed by the provider.
    expect(c.topics?.every((t) => t.subscribed)).toBe(true);
    expect(c.devices).toEqual([]);
    expect(c.esp_suppression).toBeNull();
    expect(new Set(sent.map((q) => q.method))).toEqual(new Set(["GET"]));
    expect(new Set(sent.map((q) => q.host))).toEqual(new Set(["app-us"]));
  });

  it("a missing trigger event is event_not_found", async () => {
    const r = await lookup({ id: C.healthy.id, event_name: "purchase_completed" });
    expect(codes(r)).toEqual(["event_not_found"]);
    expect(r.findings[0]).toMatchObject({ severity: "error", pitfall: 3 });
    expect(r.ok).toBe(false);
  });

  it("the event-name variant: only the mismatch explains it, and nothing without event_name", async () => {
    const r = await lookup({ id: C.eventCase.id, event_name: "signed_up" });
    const mismatch = r.findings.find((f) => f.code === "event_name_mismatch");
    expect(mismatch).toMatchObject({ severity: "error", pitfall: 10 });
    expect(mismatch?.message).toContain('"SignedUp"');
    expect(codes(await lookup({ id: C.eventCase.id }))).toEqual([]);
  });

  it("millisecond timestamps name the attributes", async () => {
    const r = await lookup({ id: C.msTimestamps.id });
    const f = r.findings.find((x) => x.code === "millisecond_timestamp");
    expect(f).toMatchObject({ severity: "error", pitfall: 2 });
    expect(f?.message).toContain("created_at");
    expect(f?.message).toContain("last_login_at");
    expect(r.customer?.attributes.created_at).toBe("1704067200000");
  });

  it("delivery failures list the failing messages", async () => {
    const r = await lookup({ id: C.deliveryFailures.id });
    expect(r.findings.find((f) => f.code === "bounced")?.evidence).toContain("550 5.1.1");
    expect(r.findings.find((f) => f.code === "failed_message")?.evidence).toContain("Liquid error");
    const byId = Object.fromEntries(r.customer!.recent_messages.map((m) => [m.id, m]));
    expect(byId["dlv-bounce-1"]).toMatchObject({ metrics: ["sent", "bounced"], failure_message: expect.stringContaining("550") });
    expect(byId["dlv-spam-1"]?.metrics).toContain("spammed");
  });

  it("two profiles for one email: duplicate_profiles, continues with the first", async () => {
    const r = await lookup({ email: C.duplicates.email });
    expect(r).toMatchObject({ found: true, matches: 2 });
    expect(codes(r)).toEqual(["duplicate_profiles"]);
    expect(r.customer?.id).toBe("dupe-a");
    expect(r.profiles.map((p) => p.id)).toEqual(["dupe-a", "dupe-b"]);
    expect(r.summary).toContain("2 profiles share this email");
  });

  it("an unknown id is not_found (404), an unknown email is not_found after one request", async () => {
    const r = await lookup({ id: C.unknown.id });
    expect(r).toMatchObject({ ok: false, found: false, matches: 0, customer: null });
    expect(codes(r)).toEqual(["not_found"]);
    expect(r.summary).toMatch(/^No person with id "no-such-person" exists in the US workspace/);
    sandbox.reset();
    const e = await lookup({ email: C.unknown.email });
    expect(e).toMatchObject({ ok: false, found: false, matches: 0, customer: null, api_requests: 1 });
    expect(codes(e)).toEqual(["not_found"]);
    expect(sandbox.requests()).toHaveLength(1);
  });

  it("looks up by cio_id, with or without the Track API's cio_ prefix", async () => {
    for (const cio of [C.healthy.cio_id, `cio_${C.healthy.cio_id}`]) {
      const r = await lookup({ cio_id: cio });
      expect(r).toMatchObject({ found: true, matches: 1, lookup: { by: "cio_id", value: C.healthy.cio_id } });
      expect(r.customer?.id).toBe("healthy-1");
    }
  });

  it("percent-encodes an email with '+' (unencoded it would match nobody)", async () => {
    const r = await lookup({ email: `  ${C.plusEmail.email} ` });
    expect(r).toMatchObject({ ok: true, found: true, matches: 1 });
    expect(r.customer?.email).toBe("plus+tag@example.com");
    expect(r.customer?.id).toBe(C.plusEmail.id);
  });

  it("brief by default: a 300-attribute profile is cut to the brief limits, and says how to get more", async () => {
    const r = await lookup({ id: C.wide.id });
    const c = r.customer!;
    expect(Object.keys(c.attributes)).toHaveLength(15);
    expect(c.attributes_omitted).toBe(285);
    expect([c.segments.length, c.recent_events.length, c.recent_messages.length]).toEqual([10, 10, 8]);
    expect(r.omitted).toEqual(["285 of 300 attributes", "20 segments", "30 older events", "16 older messages"]);
    expect(r.summary).toContain('(detail "full" shows more)');
    expect(JSON.stringify(r).length).toBeLessThan(6_000);
  });

  it("detail full: caps a 300-attribute profile at the full limits and says what was left out", async () => {
    const r = await lookup({ id: C.wide.id, detail: "full" });
    const c = r.customer!;
    expect(Object.keys(c.attributes)).toHaveLength(40);
    expect(c.attributes_omitted).toBe(260);
    expect(Object.keys(c.attributes).slice(0, 4)).toEqual(["id", "email", "cio_id", "created_at"]);
    expect(Math.max(...Object.values(c.attributes).map((v) => v.length))).toBeLessThanOrEqual(200);
    expect(c.segments).toHaveLength(25);
    expect(c.recent_events).toHaveLength(25);
    expect(c.recent_messages).toHaveLength(20);
    expect(r.summary).toContain("260 of 300 attributes");
    expect(r.summary).toContain("5 segments");
    expect(r.summary).toContain("15 older events");
    expect(r.summary).toContain("4 older messages");
    expect(JSON.stringify(r).length).toBeLessThan(20_000);
  });

  it("region unset: an EU key is refused on the US host, so the EU host answers", async () => {
    const detected = await lookup({ id: C.eu.id }, { CUSTOMERIO_APP_API_KEY: SANDBOX.eu.appApiKey });
    expect(detected).toMatchObject({ ok: true, found: true, region: "eu" });
    expect(detected.customer?.id).toBe("eu-1");
    expect(detected.summary).toContain("CUSTOMERIO_REGION=eu");
    const hosts = sandbox.requests().map((r) => r.host);
    expect(hosts).toContain("app-us");
    expect(hosts).toContain("app-eu");
  });

  it("an EU key with CUSTOMERIO_REGION=us is region_mismatch; with CUSTOMERIO_REGION=eu it works", async () => {
    const wrong = await lookup({ id: C.eu.id }, { CUSTOMERIO_APP_API_KEY: SANDBOX.eu.appApiKey, CUSTOMERIO_REGION: "us" });
    expect(wrong).toMatchObject({ ok: false, found: false, customer: null });
    expect(codes(wrong)).toEqual(["region_mismatch"]);
    expect(wrong.findings[0]?.fix).toContain("CUSTOMERIO_REGION=eu");
    const right = await lookup({ email: C.eu.email }, { CUSTOMERIO_APP_API_KEY: SANDBOX.eu.appApiKey, CUSTOMERIO_REGION: "eu" });
    expect(right).toMatchObject({ ok: true, found: true, region: "eu" });
    expect(right.customer?.id).toBe("eu-1");
  });
});

describe("lookup_customer credentials", () => {
  it("without CUSTOMERIO_APP_API_KEY: missing_credentials and no request", async () => {
    const r = await lookup({ id: C.healthy.id }, { CUSTOMERIO_APP_API_KEY: undefined });
    expect(r).toMatchObject({ ok: false, found: false, matches: 0, customer: null, api_requests: 0 });
    expect(codes(r)).toEqual(["missing_credentials"]);
    expect(r.findings[0]?.message).toContain("CUSTOMERIO_APP_API_KEY");
    expect(sandbox.requests()).toEqual([]);
  });

  it("a wrong key is invalid_credentials and never echoed", async () => {
    const key = "sbx_wrong_app_key_0123456789abcdef";
    const r = await lookup({ email: C.healthy.email }, { CUSTOMERIO_APP_API_KEY: key });
    expect(codes(r)).toEqual(["invalid_credentials"]);
    expect(r.findings[0]?.severity).toBe("error");
    expect(r.findings[0]?.evidence).toContain("…cdef");
    expect(JSON.stringify(r)).not.toContain(key);
    // A Track key where the App key belongs fails the same way.
    const track = await lookup({ id: C.healthy.id }, { CUSTOMERIO_APP_API_KEY: SANDBOX.us.trackApiKey });
    expect(codes(track)).toEqual(["invalid_credentials"]);
    expect(JSON.stringify(track)).not.toContain(SANDBOX.us.trackApiKey);
  });
});

describe("lookup_customer input", () => {
  const runtime = () => createRuntime(loadConfig(env()));
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ["no identifier", {}, /exactly one of id, email or cio_id \(none was given\)/],
    ["two identifiers", { id: "a", email: "a@example.com" }, /got id and email/],
    ["a blank id", { id: "   " }, /id is empty/],
    ["an email that is not one", { email: "healthy-1" }, /use id/],
    ["an over-long id", { id: "x".repeat(600) }, /longer than 512/],
    ["a non-string", { id: 42 }, /id must be a string/],
  ];
  it.each(bad)("rejects %s with a UserInputError", async (_label, args, message) => {
    const rt = runtime();
    try {
      await expect(runToolHandler(lookupCustomer, args, rt)).rejects.toSatisfy((e: unknown) => e instanceof UserInputError && message.test(e.message));
    } finally {
      await rt.close();
    }
    expect(sandbox.requests()).toEqual([]);
  });

  it("keeps the input schema an object of optional fields", () => {
    const schema = z.object(lookupCustomer.inputSchema);
    expect(schema.safeParse({}).success).toBe(true);
    expect(Object.keys(lookupCustomer.inputSchema).sort()).toEqual(["cio_id", "detail", "email", "event_name", "id", "phone"]);
  });
});

describe("lookup_customer under faults", () => {
  const TIMEOUT = 400;
  const bound = 2 * TIMEOUT + 1000;

  async function timed(args: Record<string, unknown>) {
    const started = Date.now();
    const r = await lookup(args, { CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT) });
    return { r, ms: Date.now() - started };
  }

  it("429 → rate_limited", async () => {
    sandbox.setFault("app-us", { kind: "status", status: 429 });
    const { r, ms } = await timed({ id: C.healthy.id });
    expect(r).toMatchObject({ ok: false, found: false, customer: null });
    expect(codes(r)).toEqual(["rate_limited"]);
    expect(ms).toBeLessThan(bound);
  });

  it("500 → upstream_error", async () => {
    sandbox.setFault("app-us", { kind: "status", status: 500 });
    const { r, ms } = await timed({ email: C.healthy.email });
    expect(codes(r)).toEqual(["upstream_error"]);
    expect(r.findings[0]?.severity).toBe("error");
    expect(ms).toBeLessThan(bound);
  });

  it("a hanging host → timeout within 2 × timeout + 1 s", async () => {
    sandbox.setFault("app-us", { kind: "hang" });
    for (const args of [{ id: C.healthy.id }, { email: C.healthy.email, event_name: "signed_up" }]) {
      const { r, ms } = await timed(args);
      expect(codes(r)).toEqual(["timeout"]);
      expect(r.ok).toBe(false);
      expect(ms).toBeLessThan(bound);
    }
  });

  it("an HTML page instead of JSON → upstream_error, not a crash", async () => {
    sandbox.setFault("app-us", { kind: "html", status: 200 });
    const { r } = await timed({ id: C.healthy.id });
    expect(codes(r)).toEqual(["upstream_error"]);
  });

  it("runs the per-person reads concurrently", async () => {
    const delay = 400;
    sandbox.setFault("app-us", { kind: "delay", ms: delay });
    const started = Date.now();
    const r = await lookup({ id: C.healthy.id });
    const ms = Date.now() - started;
    expect(r.found).toBe(true);
    // Four profile reads, then topic preferences and the provider's suppression (one more round).
    expect(sandbox.requests()).toHaveLength(6);
    // Six sequential reads would take at least 6 × 400 ms; two rounds take about 2 × 400.
    expect(ms).toBeLessThan(4 * delay - 200);
  });
});

describe("schemas of the live tools stay strict and small", () => {
  const tools = async () => {
    const [{ testTrackAuth }, { testAppAuth }, { checkStatusPage }] = await Promise.all([
      import("../src/tools/test-track-auth.js"),
      import("../src/tools/test-app-auth.js"),
      import("../src/tools/check-status-page.js"),
    ]);
    return [testTrackAuth, testAppAuth, checkStatusPage, lookupCustomer] as const;
  };
  function walk(node: unknown, visit: (n: Record<string, unknown>, path: string) => void, path = "#"): void {
    if (!node || typeof node !== "object") return;
    if (!Array.isArray(node)) visit(node as Record<string, unknown>, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`);
  }

  it("no JSON-Schema type arrays, no untyped additionalProperties, named input properties", async () => {
    for (const tool of await tools()) {
      for (const [which, shape] of [["input", tool.inputSchema], ["output", tool.outputSchema]] as const) {
        const schema = z.toJSONSchema(z.object(shape as z.ZodRawShape));
        walk(schema, (n, path) => {
          expect(Array.isArray(n.type), `${tool.name} ${which} ${path}: type array`).toBe(false);
          const extra = n.additionalProperties;
          if (extra && typeof extra === "object") expect(Object.keys(extra).length, `${tool.name} ${which} ${path}: untyped additionalProperties`).toBeGreaterThan(0);
        });
      }
    }
  });

  it("description + input schema: at most 700 B for the auth and status tools, 900 B for lookup_customer", async () => {
    for (const tool of await tools()) {
      const bytes = Buffer.byteLength(tool.description) + Buffer.byteLength(JSON.stringify(z.toJSONSchema(z.object(tool.inputSchema as z.ZodRawShape))));
      expect(bytes, tool.name).toBeLessThanOrEqual(tool.name === "lookup_customer" ? 900 : 700);
    }
  });
});

describe("one App API limiter for every call of the process", () => {
  it("four concurrent lookups (23 reads) never send more than 10 App requests in any second, and say they waited", async () => {
    const runtime = createRuntime(loadConfig(env({ CUSTOMERIO_TIMEOUT_MS: "5000" })));
    try {
      const people = [C.healthy, C.msTimestamps, C.noEmail, C.unsubscribed];
      const results = await Promise.all(people.map((p) => runToolHandler(lookupCustomer, { id: p.id }, runtime).then((r) => outputSchema.parse(r))));
      expect(results.map((r) => r.customer?.id)).toEqual(people.map((p) => p.id));
      // Four profile reads each, topic preferences, and the provider's suppression for those with an email.
      expect(results.map((r) => r.api_requests)).toEqual([6, 6, 5, 6]);
      const at = sandbox.state.arrivals!.filter((_, i) => sandbox.requests()[i]!.host.startsWith("app-"));
      expect(at).toHaveLength(23);
      // Sliding window over arrival times: the 11th request after any request comes at least ~1 s later.
      for (let i = 0; i + 10 < at.length; i++) expect(at[i + 10]! - at[i]!).toBeGreaterThanOrEqual(950);
      expect(results.some((r) => /waited \d+ ms in total for the App API limit of 10 requests per second/.test(r.summary))).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});

describe("person-level checks plug into lookup_customer", () => {
  it("a registered check runs after the profile reads; its findings, fields and requests are merged", async () => {
    // Alone: the checks the product registers are set aside for this test and put back after.
    const registered = PERSON_CHECKS.splice(0, PERSON_CHECKS.length);
    PERSON_CHECKS.push({
      name: "test",
      run: async (_access, person) => ({
        findings: [{ code: "no_push_device", severity: "warning", message: `No device for ${person.profile.cio_id}.` }],
        customer: { devices: [] },
        requests: 1,
      }),
    });
    try {
      const r = await lookup({ id: C.healthy.id });
      expect(codes(r)).toEqual(["no_push_device"]);
      expect(r.api_requests).toBe(5);
      // Fields a check adds must also be declared in the customer output schema (parsing drops others).
      const runtime = createRuntime(loadConfig(env()));
      try {
        const raw = (await runToolHandler(lookupCustomer, { id: C.healthy.id }, runtime)) as { customer: Record<string, unknown> };
        expect(raw.customer.devices).toEqual([]);
      } finally {
        await runtime.close();
      }
      const missing = await lookup({ id: C.unknown.id });
      expect(codes(missing)).toEqual(["not_found"]);
    } finally {
      PERSON_CHECKS.splice(0, PERSON_CHECKS.length, ...registered);
    }
  });
});
