/**
 * Contract tests: every answer the sandbox gives to a request a tool makes —
 * successes and errors — is validated against Customer.io's own schema of
 * that operation, read from `../shared/reference/openapi/` (never copied into
 * the project). When that folder is absent the suite reports itself skipped
 * with the reason.
 *
 * HOW TO ADD AN ENDPOINT (one row in ROWS below):
 *   {
 *     spec: "app",                                       // "app": key in customerio-app-api-operations.json
 *     operation: "GET /v1/campaigns/{campaign_id}",      // "track": "METHOD /path" as in the Track doc's `paths`
 *     calls: [                                           // requests to send to the sandbox, with the status each must get
 *       { label: "running campaign", host: "app-us", path: "/v1/campaigns/3", auth: "app-us", status: 200 },
 *       { label: "unknown campaign", host: "app-us", path: "/v1/campaigns/999", auth: "app-us", status: 404 },
 *     ],
 *   }
 * Give calls for every fixture the tools read (build them from the fixture table, as
 * `perPerson` does), at least one error per documented error status, and a 429 with
 * `fault: RATE_LIMITED` (the sandbox then serves the spec's example 429 body).
 * A call's body is validated against the spec response for its status:
 *   - a documented JSON schema → the body must be JSON and valid against it;
 *   - a documented status without a body (e.g. 404 "The customer_id does not exist") → an
 *     App body must be empty or the spec's App error object; a Track body must be empty;
 *   - an undocumented status is accepted only if listed in UNDOCUMENTED below (with the reason),
 *     and an App body must then be the spec's App error object.
 * The closing test prints "operations × responses validated".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READS as APP_READS } from "../src/cio/app.js";
import {
  ERROR_READS,
  errorTextFromBody,
  parseActivities,
  parseCustomerMatches,
  parseCustomerProfile,
  parseMessages,
  parseSegments,
  READS as CUSTOMER_READS,
} from "../src/cio/customers.js";
import { parseWorkspaces } from "../src/cio/app.js";
import { READS as TRACK_READS } from "../src/cio/track.js";
import { DAILY_QUOTA_ENDPOINTS } from "../src/cio/http.js";
import { READS as PERSON_READS } from "../src/cio/person-reads.js";
import { READS as DELIVERY_READS } from "../src/cio/delivery-reads.js";
import { JOURNEY_ROWS } from "./sandbox/journeys-contract.js";
import { SANDBOX_CUSTOMERS as C } from "./sandbox/customers.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { Specs, specsMissingReason, type SpecName } from "./sandbox/spec.js";
import { SANDBOX, type SandboxFault, type SandboxHost } from "./sandbox/types.js";

type AuthAs = "app-us" | "app-eu" | "track-us" | "track-eu" | "bad-bearer" | "bad-basic" | "none";

interface ContractCall {
  label: string;
  host: SandboxHost;
  /** Path with query string, e.g. `/v1/customers/healthy-1/attributes?id_type=id`. */
  path: string;
  auth: AuthAs;
  /** Fault applied to `host` for this call only. */
  fault?: SandboxFault;
  status: number;
}

interface ContractRow {
  spec: SpecName;
  operation: string;
  calls: ContractCall[];
}

const RATE_LIMITED: SandboxFault = { kind: "rate_limit", retryAfter: "1", times: 1 };
const DAILY_QUOTA: SandboxFault = { kind: "rate_limit", times: 1, daily: true };

/** Statuses the sandbox may send although the operation does not list them, and why. */
const UNDOCUMENTED: Record<number, string> = {
  401: "every App operation needs a Bearer key (securitySchemes); the spec lists 401 for only some",
  301: 'the US host\'s "wrong datacenter" answer to EU keys (customerio-node issue #134, a real body)',
};

const enc = encodeURIComponent;
const ATTRIBUTES = "GET /v1/customers/{customer_id}/attributes";
const SEGMENTS = "GET /v1/customers/{customer_id}/segments";
const ACTIVITIES = "GET /v1/customers/{customer_id}/activities";
const MESSAGES = "GET /v1/customers/{customer_id}/messages";

/** Every fixture person with an id, in the workspace they live in. */
function fixturePeople(): Array<{ label: string; id: string; cio_id: string; region: "us" | "eu" }> {
  const out: Array<{ label: string; id: string; cio_id: string; region: "us" | "eu" }> = [];
  for (const [label, p] of Object.entries(C)) {
    if (label === "unknown") continue;
    if ("ids" in p) p.ids.forEach((id, i) => out.push({ label: `${label} ${i + 1}`, id, cio_id: p.cio_ids[i]!, region: "us" }));
    else out.push({ label, id: p.id, cio_id: p.cio_id, region: label === "eu" ? "eu" : "us" });
  }
  return out;
}

/** The calls a per-person read makes: every fixture person (by id and by cio_id), the errors. */
function perPerson(leaf: string, query = ""): ContractCall[] {
  const q = query ? `&${query}` : "";
  const calls: ContractCall[] = [];
  for (const p of fixturePeople()) {
    const host: SandboxHost = p.region === "eu" ? "app-eu" : "app-us";
    calls.push({ label: `${p.label} by id`, host, path: `/v1/customers/${enc(p.id)}/${leaf}?id_type=id${q}`, auth: host, status: 200 });
    calls.push({ label: `${p.label} by cio_id`, host, path: `/v1/customers/${enc(p.cio_id)}/${leaf}?id_type=cio_id${q}`, auth: host, status: 200 });
  }
  const unknown = `/v1/customers/${enc(C.unknown.id)}/${leaf}?id_type=id${q}`;
  const healthy = `/v1/customers/${enc(C.healthy.id)}/${leaf}?id_type=id${q}`;
  calls.push(
    { label: "unknown person", host: "app-us", path: unknown, auth: "app-us", status: 404 },
    { label: "bad key", host: "app-us", path: healthy, auth: "bad-bearer", status: 401 },
    { label: "EU key on the US host", host: "app-us", path: `/v1/customers/${enc(C.eu.id)}/${leaf}?id_type=id${q}`, auth: "app-eu", status: 301 },
    { label: "per-second limit", host: "app-us", path: healthy, auth: "app-us", fault: RATE_LIMITED, status: 429 },
  );
  return calls;
}

const REGION = "GET /api/v1/accounts/region";

export const ROWS: ContractRow[] = [
  {
    spec: "track",
    operation: REGION,
    calls: [
      { label: "US credentials, US host", host: "track-us", path: "/api/v1/accounts/region", auth: "track-us", status: 200 },
      { label: "EU credentials, US host", host: "track-us", path: "/api/v1/accounts/region", auth: "track-eu", status: 200 },
      { label: "US credentials, EU host", host: "track-eu", path: "/api/v1/accounts/region", auth: "track-us", status: 200 },
      { label: "EU credentials, EU host", host: "track-eu", path: "/api/v1/accounts/region", auth: "track-eu", status: 200 },
      { label: "bad key", host: "track-us", path: "/api/v1/accounts/region", auth: "bad-basic", status: 401 },
      { label: "no credentials", host: "track-eu", path: "/api/v1/accounts/region", auth: "none", status: 401 },
    ],
  },
  {
    spec: "app",
    operation: "GET /v1/workspaces",
    calls: [
      { label: "US key", host: "app-us", path: "/v1/workspaces", auth: "app-us", status: 200 },
      { label: "EU key", host: "app-eu", path: "/v1/workspaces", auth: "app-eu", status: 200 },
      { label: "bad key", host: "app-us", path: "/v1/workspaces", auth: "bad-bearer", status: 401 },
      { label: "EU key on the US host", host: "app-us", path: "/v1/workspaces", auth: "app-eu", status: 301 },
    ],
  },
  {
    spec: "app",
    operation: "GET /v1/customers",
    calls: [
      ...Object.entries(C).flatMap(([label, p]): ContractCall[] =>
        p.email === null ? [] : [{ label, host: label === "eu" ? "app-eu" : "app-us", path: `/v1/customers?email=${enc(p.email)}`, auth: label === "eu" ? "app-eu" : "app-us", status: 200 }],
      ),
      { label: "bad key", host: "app-us", path: `/v1/customers?email=${enc(C.healthy.email)}`, auth: "bad-bearer", status: 401 },
      { label: "per-second limit", host: "app-us", path: `/v1/customers?email=${enc(C.healthy.email)}`, auth: "app-us", fault: RATE_LIMITED, status: 429 },
      { label: "daily quota", host: "app-us", path: `/v1/customers?email=${enc(C.healthy.email)}`, auth: "app-us", fault: DAILY_QUOTA, status: 429 },
    ],
  },
  { spec: "app", operation: ATTRIBUTES, calls: perPerson("attributes") },
  { spec: "app", operation: SEGMENTS, calls: perPerson("segments") },
  {
    spec: "app",
    operation: ACTIVITIES,
    calls: [
      ...perPerson("activities", "limit=100"),
      { label: "event filter", host: "app-us", path: `/v1/customers/${enc(C.eventCase.id)}/activities?id_type=id&type=event&name=signed_up&limit=25`, auth: "app-us", status: 200 },
    ],
  },
  { spec: "app", operation: MESSAGES, calls: perPerson("messages", "limit=50") },
  ...JOURNEY_ROWS,
];

function authHeader(auth: AuthAs): Record<string, string> {
  const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}` });
  switch (auth) {
    case "app-us":
    case "app-eu":
      return { authorization: `Bearer ${SANDBOX[auth === "app-us" ? "us" : "eu"].appApiKey}` };
    case "track-us":
    case "track-eu": {
      const w = SANDBOX[auth === "track-us" ? "us" : "eu"];
      return basic(w.siteId, w.trackApiKey);
    }
    case "bad-bearer":
      return { authorization: "Bearer not_a_real_key_0000" };
    case "bad-basic":
      return basic(SANDBOX.us.siteId, "not_a_real_key_0000");
    default:
      return {};
  }
}

const missing = specsMissingReason();
let sandbox: Sandbox;
let specs: Specs;
const validated = new Map<string, Set<number>>();
let bodies = 0;

function baseUrl(host: SandboxHost): string {
  const u = sandbox.urls;
  return { "track-us": u.trackUs, "track-eu": u.trackEu, "app-us": u.appUs, "app-eu": u.appEu, status: u.status }[host];
}

describe.skipIf(missing !== undefined)(`sandbox answers against Customer.io's OpenAPI specs${missing ? ` (skipped: ${missing})` : ""}`, () => {
  beforeAll(async () => {
    specs = new Specs();
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    const operations = validated.size;
    const pairs = [...validated.values()].reduce((n, s) => n + s.size, 0);
    // The figure the closing note quotes.
    console.log(`contract: ${operations} operations × responses: ${pairs} (operation, status) pairs, ${bodies} sandbox answers validated`);
  });

  it("every row names an operation the spec describes", () => {
    for (const row of ROWS) expect(specs.operation(row.spec, row.operation), `${row.spec} ${row.operation}`).toBeDefined();
  });

  describe.each(ROWS.map((r) => [`${r.spec} ${r.operation}`, r] as const))("%s", (_name, row) => {
    it.each(row.calls.map((c) => [`${c.label} → ${c.status}`, c] as const))("%s", async (_label, call) => {
      sandbox.reset();
      if (call.fault) sandbox.setFault(call.host, call.fault);
      const res = await fetch(`${baseUrl(call.host)}${call.path}`, { headers: { accept: "application/json", ...authHeader(call.auth) }, redirect: "manual" });
      const text = await res.text();
      expect(res.status, text.slice(0, 200)).toBe(call.status);
      const body: unknown = text === "" ? undefined : JSON.parse(text);

      const documented = specs.response(row.spec, row.operation, call.status);
      if (documented?.schema) {
        expect(body, `${row.operation} ${call.status}: the spec documents a JSON body`).not.toBeUndefined();
        expect(specs.errors(row.spec, documented.schemaPointer!, body), `${row.spec}.json#${documented.schemaPointer}`).toEqual([]);
      } else {
        if (!documented) expect(UNDOCUMENTED[call.status], `${row.operation} does not document ${call.status}`).toBeDefined();
        if (row.spec === "track") expect(body, "the Track spec documents no body here").toBeUndefined();
        else if (body !== undefined) expect(specs.errors("app", specs.appErrorPointer(), body), "App error object").toEqual([]);
      }
      if (call.status === 429) {
        // The documented per-second 429 carries Retry-After; the daily quota does not.
        const daily = call.fault?.kind === "rate_limit" && call.fault.daily === true;
        expect(res.headers.get("retry-after") === null).toBe(daily);
        if (row.spec === "app") expect((body as { errors: Array<{ detail: string }> }).errors[0]!.detail).toMatch(daily ? /^rate limited to 100 request\(s\) per day \(reference / : /^rate limited to 10 requests per 1s \(reference /);
      }
      const set = validated.get(`${row.spec} ${row.operation}`) ?? new Set<number>();
      set.add(call.status);
      validated.set(`${row.spec} ${row.operation}`, set);
      bodies++;
    });
  });

  // Each parser in src/cio declares the response fields it reads; each must be in the spec's schema.
  const declared = [
    ...TRACK_READS.map((r) => ({ spec: "track" as const, ...r })),
    ...APP_READS.map((r) => ({ spec: "app" as const, ...r })),
    ...CUSTOMER_READS.map((r) => ({ spec: "app" as const, ...r })),
    ...[...PERSON_READS, ...DELIVERY_READS].map((r) => ({ spec: "app" as const, ...r })),
    ...ERROR_READS,
  ].flatMap((r) => r.fields.map((field) => [`${r.spec} ${r.operation} ${r.status}: ${field}`, r.spec, r.operation, r.status, field] as const));

  it.each(declared)("parsers read only documented fields: %s", (_name, spec, operation, status, field) => {
    expect(specs.describesField(spec, operation, status, field)).toBe(true);
  });

  it("the field check rejects an undocumented field (activity data.reason, top-level message)", () => {
    expect(specs.describesField("app", ACTIVITIES, 200, "activities[].data.reason")).toBe(false);
    expect(specs.describesField("app", ACTIVITIES, 200, "activities[].reason")).toBe(false);
    expect(specs.describesField("app", ATTRIBUTES, 429, "message")).toBe(false);
    expect(specs.describesField("app", SEGMENTS, 200, "segments[].type")).toBe(false);
    expect(specs.describesField("app", ACTIVITIES, 200, "activities[].data.delivery_id")).toBe(true);
  });

  it("the parsers accept everything the spec allows: its examples, null lists, minimal items, error objects", () => {
    const valid = (op: string, body: unknown) => expect(specs.errors("app", specs.response("app", op, 200)!.schemaPointer!, body), op).toEqual([]);
    // The spec's own example of the attributes answer (devices, deprecated timestamps, string attributes).
    const example = specs.response("app", ATTRIBUTES, 200)!.schema!.example;
    valid(ATTRIBUTES, example);
    const profile = parseCustomerProfile(example)!;
    expect(profile).toMatchObject({ id: "1", email: "test@example.com", cio_id: "03000001", unsubscribed: false, devices: 2 });
    expect(profile.deviceList[0]).toEqual({ id: "my_android_device_id", platform: "android", lastUsed: 1514764800, pushEnabled: null });
    expect(profile.attributes._last_emailed).toBe("1528932553");
    // Null identifiers and a minimal customer.
    const minimal = { customer: { id: "p", identifiers: { id: "p", email: null, cio_id: "c1" }, attributes: { id: "p", email: null } } };
    valid(ATTRIBUTES, minimal);
    expect(parseCustomerProfile(minimal)).toMatchObject({ id: "p", email: null, cio_id: "c1", devices: 0 });
    // Segment items with only {id, name, description}; null lists read as empty.
    valid(SEGMENTS, { segments: [{ id: 7, name: "Trial", description: "" }] });
    expect(parseSegments({ segments: [{ id: 7, name: "Trial", description: "in trial" }] })).toEqual([{ id: 7, name: "Trial", description: "in trial", type: null }]);
    expect(parseSegments({ segments: null })).toEqual([]);
    expect(parseActivities({ activities: null })).toEqual({ items: [], next: null });
    expect(parseMessages({ messages: null })).toEqual({ items: [], next: null });
    expect(parseCustomerMatches({ results: null })).toEqual([]);
    expect(parseWorkspaces({ kind: "json", value: { workspaces: null }, text: "" })).toEqual([]);
    // A minimal activity and message, as the spec allows them (no name, data, delivery fields).
    valid(ACTIVITIES, { activities: [{ type: "event", timestamp: 1 }] });
    expect(parseActivities({ activities: [{ type: "event", timestamp: 1 }] })!.items).toEqual([{ id: null, type: "event", name: null, timestamp: 1, deliveryId: null, deliveryType: null }]);
    valid(MESSAGES, { messages: [{ id: "m1" }] });
    expect(parseMessages({ messages: [{ id: "m1" }] })!.items[0]).toMatchObject({ id: "m1", type: null, campaignId: null, metrics: {} });
    // App error objects with code and source.pointer: the code comes first.
    const error = { errors: [{ code: "invalid_credentials", detail: "bad request (reference a1b2c3)", status: "401", source: { pointer: "/data/attributes/email" } }] };
    expect(specs.errors("app", specs.appErrorPointer(), error)).toEqual([]);
    expect(errorTextFromBody({ kind: "json", value: error, text: "" })).toBe("invalid_credentials: bad request (reference a1b2c3) (at /data/attributes/email)");
    const example429 = (specs.response("app", ATTRIBUTES, 429)!.response.content as Record<string, { example: unknown }>)["application/json"]!.example;
    expect(errorTextFromBody({ kind: "json", value: example429, text: "" })).toBe("rate limited to 10 requests per 1s (reference a1b2c3)");
  });

  it("every App operation the spec gives a daily quota is refused by the HTTP client", () => {
    const daily = Object.entries(specs.app.operations)
      .filter(([, op]) => /per day/.test(JSON.stringify((op.responses as Record<string, unknown> | undefined)?.["429"] ?? "")))
      .map(([key]) => key);
    expect(daily).toContain("GET /v1/messages/{message_id}/archived_message");
    expect(DAILY_QUOTA_ENDPOINTS.map((q) => q.operation).sort()).toEqual(daily.filter((k) => k.startsWith("GET ")).sort());
  });

  it("the validators reject what the spec forbids (the checks above can fail)", () => {
    const schema = (op: string) => specs.response("app", op, 200)!.schemaPointer!;
    expect(specs.errors("app", schema("GET /v1/workspaces"), { workspaces: [{ id: "101", name: "x" }] }).join()).toContain("integer");
    expect(specs.errors("app", schema(ACTIVITIES), { activities: [{ type: "event", delivery_type: "", timestamp: 1 }] }).join()).toContain("allowed values");
    expect(specs.errors("app", schema(ACTIVITIES), { activities: [{ type: "not_a_type", timestamp: 1 }] })).not.toEqual([]);
    expect(specs.errors("app", schema(MESSAGES), { messages: [{ id: "m", campaign_id: null }] })).not.toEqual([]);
    expect(specs.errors("app", schema("GET /v1/customers"), { results: [{ cio_id: "a", id: "b" }] }).join()).toContain("email");
    expect(specs.errors("app", specs.appErrorPointer(), { errors: [{ detail: "x" }] }).join()).toContain("status");
    expect(specs.errors("track", specs.response("track", REGION, 200)!.schemaPointer!, { region: "mars" })).not.toEqual([]);
  });

  it("the region endpoint answers with the spec's own example shape", async () => {
    sandbox.reset();
    const res = await fetch(`${sandbox.urls.trackEu}/api/v1/accounts/region`, { headers: authHeader("track-us") });
    // Track spec paths./api/v1/accounts/region.get: "it returns your region in either case".
    expect(await res.json()).toEqual({ url: "https://track.customer.io", region: "us", environment_id: SANDBOX.us.environmentId });
  });
});

if (missing !== undefined) {
  describe("contract tests", () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
}
