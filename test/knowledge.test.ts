/** The knowledge base is data: these tests keep it consistent, sourced and free of the seeds' known mistakes. */
import { describe, expect, it } from "vitest";
import {
  ALL_LIMITS,
  CHECKLISTS,
  CORRECTIONS,
  ERROR_SIGNATURES,
  PITFALLS,
  SDK_ERRORS,
  SERVER_TOOL_NAMES,
  STATUS_CODES,
  allEntries,
  isUnverified,
  knowledgeCounts,
  statusCategory,
  statusCodeEntry,
} from "../src/knowledge/catalog.js";
import { TOOLS as TOOL_REGISTRY } from "../src/tools/index.js";

const TOOLS = new Set<string>(SERVER_TOOL_NAMES);

function duplicates(values: readonly (string | number)[]): Array<string | number> {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe("identity", () => {
  it("has unique ids in every collection", () => {
    expect(duplicates(STATUS_CODES.map((e) => e.status))).toEqual([]);
    expect(duplicates(ERROR_SIGNATURES.map((e) => e.id))).toEqual([]);
    expect(duplicates(SDK_ERRORS.map((e) => e.id))).toEqual([]);
    expect(duplicates(CHECKLISTS.map((e) => e.id))).toEqual([]);
    expect(duplicates(CORRECTIONS.map((e) => e.id))).toEqual([]);
    expect(duplicates(ALL_LIMITS.map((e) => e.id))).toEqual([]);
    expect(duplicates(PITFALLS.map((e) => e.number))).toEqual([]);
  });

  it("uses snake_case ids for signatures, SDK errors, checklists and corrections", () => {
    const ids = [...ERROR_SIGNATURES, ...SDK_ERRORS, ...CHECKLISTS, ...CORRECTIONS].map((e) => e.id);
    for (const id of ids) expect(id, id).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it("has exactly the ten tool names, those of the registry", () => {
    expect([...SERVER_TOOL_NAMES].sort()).toEqual([
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
    ]);
    expect([...SERVER_TOOL_NAMES].sort()).toEqual(TOOL_REGISTRY.map((t) => t.name).sort());
  });
});

describe("sources", () => {
  it("gives every entry at least one source, with a URL unless unverified", () => {
    const entries = allEntries();
    expect(entries.length).toBeGreaterThan(50);
    for (const e of entries) {
      expect(e.sources.length, `${e.collection}/${e.id}`).toBeGreaterThanOrEqual(1);
      for (const s of e.sources) {
        expect(s.note.length, `${e.collection}/${e.id}`).toBeGreaterThan(5);
        if (s.confidence !== "unverified") expect(s.url, `${e.collection}/${e.id}`).toMatch(/^https:\/\//);
      }
    }
  });

  it("marks every made-up seed body as unverified", () => {
    const seedBodies = ["Unauthorized", "identifier is required", "timestamp must be a valid unix timestamp", "Rate limit exceeded"];
    for (const text of seedBodies) {
      const matching = ERROR_SIGNATURES.filter((s) => s.pattern.test(text));
      expect(matching.length, text).toBeGreaterThanOrEqual(1);
      for (const s of matching) expect(isUnverified(s.sources), `${s.id} matches "${text}"`).toBe(true);
    }
    const reported = ERROR_SIGNATURES.filter((s) => s.id.startsWith("reported_"));
    expect(reported.map((s) => s.id).sort()).toEqual([
      "reported_identifier_required",
      "reported_invalid_timestamp",
      "reported_rate_limit_exceeded",
      "reported_unauthorized",
    ]);
  });

  it("keeps documented messages documented", () => {
    for (const id of ["app_rate_limit", "workspace_do_not_send", "transactional_message_id_not_found", "attribute_value_too_long"]) {
      const s = ERROR_SIGNATURES.find((e) => e.id === id)!;
      expect(s.sources.some((src) => src.confidence === "documented"), id).toBe(true);
    }
  });
});

describe("known seed mistakes stay out", () => {
  const everythingButCorrections = JSON.stringify({
    STATUS_CODES,
    ERROR_SIGNATURES: ERROR_SIGNATURES.map((s) => ({ ...s, pattern: s.pattern.source })),
    SDK_ERRORS: SDK_ERRORS.map((s) => ({ ...s, pattern: s.pattern.source })),
    CHECKLISTS,
    PITFALLS,
    ALL_LIMITS,
  });

  it("never calls 'paused' a campaign state, except in the correction", () => {
    expect(everythingButCorrections).not.toMatch(/paused/i);
    const correction = CORRECTIONS.find((c) => c.id === "no_paused_campaign_state")!;
    expect(correction.correct_fact).toMatch(/running, draft or stopped/);
    expect(correction.correct_fact).toMatch(/no "paused" state/);
  });

  it("never recommends status.customer.io", () => {
    const texts = [
      ...STATUS_CODES.map((e) => JSON.stringify(e)),
      ...ERROR_SIGNATURES.map((e) => JSON.stringify(e)),
      ...SDK_ERRORS.map((e) => JSON.stringify(e)),
      ...CHECKLISTS.map((e) => JSON.stringify(e)),
      ...PITFALLS.map((e) => JSON.stringify(e)),
      ...CORRECTIONS.map((e) => e.correct_fact),
    ];
    for (const t of texts) {
      if (/status\.customer\.io/.test(t)) expect(t, t.slice(0, 120)).toContain("status.customerio.com");
    }
    expect(statusCodeEntry(503)!.fixes.join(" ")).toContain("status.customerio.com");
  });

  it("never suggests the Track GET customer endpoint or the mutating connectivity check", () => {
    const advice = JSON.stringify({ STATUS_CODES, CHECKLISTS });
    expect(advice).not.toMatch(/GET https:\/\/track\.customer\.io\/api\/v1\/customers/);
    expect(advice).not.toMatch(/customerio\.errors/);
    const ids = CORRECTIONS.map((c) => c.id);
    for (const id of [
      "no_track_customer_get",
      "connectivity_check_mutates",
      "no_paused_campaign_state",
      "python_exception_name",
      "status_page_host",
      "accounts_endpoint_undocumented",
      "ip_addresses_not_auth_test",
    ]) {
      expect(ids).toContain(id);
    }
    expect(CORRECTIONS.find((c) => c.id === "connectivity_check_mutates")!.correct_fact).toContain("GET /api/v1/accounts/region");
    expect(CORRECTIONS.find((c) => c.id === "python_exception_name")!.correct_fact).toContain("customerio.CustomerIOException");
    expect(CORRECTIONS.find((c) => c.id === "no_track_customer_get")!.correct_fact).toContain("GET /v1/customers/{id}/attributes");
  });
});

describe("references", () => {
  it("relates only pitfalls 1–12 everywhere", () => {
    const numbers = [
      ...STATUS_CODES.flatMap((e) => e.related_pitfalls),
      ...ERROR_SIGNATURES.flatMap((e) => e.related_pitfalls),
      ...CHECKLISTS.flatMap((c) => c.steps.flatMap((s) => s.related_pitfalls ?? [])),
    ];
    expect(numbers.length).toBeGreaterThan(10);
    for (const n of numbers) {
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(12);
    }
    expect(PITFALLS.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("points next steps and checklist steps only at this server's tools", () => {
    for (const e of STATUS_CODES) {
      expect(e.next_steps.length, String(e.status)).toBeGreaterThanOrEqual(1);
      for (const s of e.next_steps) {
        expect(TOOLS.has(s.tool), `${e.status} → ${s.tool}`).toBe(true);
        expect(s.reason.length).toBeGreaterThan(10);
      }
    }
    for (const c of CHECKLISTS) for (const s of c.steps) if (s.tool) expect(TOOLS.has(s.tool), `${c.id} → ${s.tool}`).toBe(true);
  });
});

describe("status codes", () => {
  it("covers both seeds' codes plus 207, 301, 405, 413 (App API sendEmail), 502 and 504", () => {
    expect(STATUS_CODES.map((e) => e.status).sort((a, b) => a - b)).toEqual([
      200, 207, 301, 400, 401, 403, 404, 405, 408, 413, 422, 429, 500, 502, 503, 504,
    ]);
  });

  it("is retryable exactly for 408, 429 and 5xx", () => {
    for (const e of STATUS_CODES) {
      const expected = e.status === 408 || e.status === 429 || e.status >= 500;
      expect(e.retryable, String(e.status)).toBe(expected);
    }
  });

  it("states the Customer.io specifics", () => {
    expect(statusCodeEntry(301)!.meaning).toMatch(/wrong datacenter/);
    expect(statusCodeEntry(207)!.meaning).toMatch(/batch_index/);
    expect(statusCodeEntry(405)!.meaning).toMatch(/misspelled URI/);
    const r401 = JSON.stringify(statusCodeEntry(401));
    expect(r401).toMatch(/Track API key used as the App API bearer token/);
    expect(r401).toMatch(/EU workspace/);
    expect(r401).toMatch(/track-eu\.customer\.io/);
    expect(r401).toMatch(/IP address the key is restricted against/);
    expect(statusCodeEntry(401)!.related_pitfalls).toEqual([1]);
    expect(JSON.stringify(statusCodeEntry(403))).toMatch(/allowlist/);
    const r429 = JSON.stringify(statusCodeEntry(429));
    expect(r429).toMatch(/10 requests\/second/);
    expect(r429).toMatch(/100\/s/);
    expect(r429).toMatch(/1 per 10 s/);
    expect(r429).toMatch(/soft/);
    expect(statusCodeEntry(429)!.related_pitfalls).toEqual([11]);
  });

  it("classes every status 100–599", () => {
    expect(statusCategory(100)).toBe("informational");
    expect(statusCategory(299)).toBe("success");
    expect(statusCategory(301)).toBe("redirect");
    expect(statusCategory(418)).toBe("client_error");
    expect(statusCategory(599)).toBe("server_error");
  });
});

describe("error signatures", () => {
  it("matches its own message with every pattern", () => {
    for (const s of ERROR_SIGNATURES) {
      expect(s.pattern.test(s.message), s.id).toBe(true);
      expect(s.statuses.length, s.id).toBeGreaterThanOrEqual(1);
      expect(s.apis.length, s.id).toBeGreaterThanOrEqual(1);
    }
  });

  it("tolerates straight and curly quotes", () => {
    const byId = (id: string) => ERROR_SIGNATURES.find((s) => s.id === id)!.pattern;
    expect(byId("transactional_message_id_not_found").test('"transactional_message_id" not found.')).toBe(true);
    expect(byId("transactional_message_id_not_found").test("“transactional_message_id” not found.")).toBe(true);
    expect(byId("from_domain_not_verified").test('"from" address domain has not been verified.')).toBe(true);
    expect(byId("workspace_do_not_send").test('Workspace is set to "Do Not Send."')).toBe(true);
    expect(byId("account_email_not_confirmed").test("Account owner's email address is not confirmed.")).toBe(true);
    expect(byId("attribute_value_too_long").test("value for attribute “plan_notes” cannot be longer than 1000 bytes")).toBe(true);
    expect(byId("attribute_value_too_long").test('value for attribute "x" cannot be longer than 150 bytes')).toBe(true);
  });

  it("keeps the v2 400 and 207 signatures apart", () => {
    const v400 = ERROR_SIGNATURES.find((s) => s.id === "track_v2_validation_error")!.pattern;
    const v207 = ERROR_SIGNATURES.find((s) => s.id === "track_v2_batch_partial_failure")!.pattern;
    const partial = '{"errors":[{"batch_index":3,"reason":"invalid","field":"name","message":"bad"}]}';
    expect(v207.test(partial)).toBe(true);
    expect(v400.test(partial)).toBe(false);
    expect(v400.test('{"errors":[{"reason":"required","field":"identifiers","message":"x"}]}')).toBe(true);
  });
});

describe("SDK errors", () => {
  const cases: Array<[string, string]> = [
    ["node_request_error", "CustomerIORequestError: 2 errors:\n  - value for attribute 'a' cannot be longer than 1000 bytes"],
    ["node_unknown_error", "CustomerIORequestError: Unknown error"],
    ["node_missing_param", "customerId is required"],
    ["node_unable_to_parse_json", "Error: Unable to parse JSON. Error: SyntaxError: Unexpected token < \nBody:\n <html>"],
    ["node_region_invalid", "Error: region must be one of Regions.US or Regions.EU"],
    ["node_fetch_failed", "TypeError: fetch failed"],
    ["network_connection_refused", "Error: connect ECONNREFUSED 127.0.0.1:443"],
    ["network_host_not_found", "Error: getaddrinfo ENOTFOUND track.customerio.com"],
    ["network_connection_reset", "Error: read ECONNRESET"],
    ["node_timeout", "TimeoutError: The operation was aborted due to timeout"],
    ["python_exception", "customerio.client_base.CustomerIOException: 401: https://track.customer.io/api/v1/customers/1 {} Unauthorized"],
    ["python_retries_exhausted", "CustomerIOException: Failed to receive valid response after 3 retries."],
    ["python_errors_module_missing", "ModuleNotFoundError: No module named 'customerio.errors'"],
    ["ruby_invalid_response", "Customerio::InvalidResponse: Customer.io API returned an invalid response: 401"],
    ["ruby_invalid_request", "Customerio::BaseClient::InvalidRequest: Invalid request method :get"],
    ["go_customerio_error", "*customerio.CustomerIOError"],
    ["go_transactional_error", "*customerio.TransactionalError"],
  ];

  it("recognises each SDK's error text", () => {
    expect(cases.map(([id]) => id).sort()).toEqual(SDK_ERRORS.map((e) => e.id).sort());
    for (const [id, text] of cases) {
      const entry = SDK_ERRORS.find((e) => e.id === id)!;
      expect(entry.pattern.test(text), id).toBe(true);
    }
  });

  it("explains the Node fallback message and the network causes", () => {
    expect(SDK_ERRORS.find((e) => e.id === "node_unknown_error")!.meaning).toMatch(/errors\[\]\.detail/);
    expect(SDK_ERRORS.find((e) => e.id === "node_fetch_failed")!.meaning).toMatch(/ECONNREFUSED, ENOTFOUND, ECONNRESET/);
    expect(SDK_ERRORS.find((e) => e.id === "node_timeout")!.meaning).toMatch(/10 s/);
  });
});

describe("checklists", () => {
  it("has the two runbooks with a check and a how per step", () => {
    expect(CHECKLISTS.map((c) => c.id)).toEqual(["user_not_receiving_email", "event_not_triggering_campaign"]);
    for (const c of CHECKLISTS) {
      expect(c.steps.length).toBeGreaterThanOrEqual(8);
      for (const s of c.steps) {
        expect(s.check.length).toBeGreaterThan(5);
        expect(s.how.length).toBeGreaterThan(10);
      }
    }
  });

  it("states the facts that decide delivery and triggering", () => {
    const email = JSON.stringify(CHECKLISTS[0]);
    expect(email).toMatch(/running, draft or stopped/);
    expect(email).toMatch(/deletes the profile/);
    expect(email).toMatch(/email attribute/);
    expect(email).toMatch(/sending domain/);
    const event = JSON.stringify(CHECKLISTS[1]);
    expect(event).toMatch(/case-sensitive/);
    expect(event).toMatch(/72 hours/);
    expect(event).toMatch(/running, draft or stopped/);
  });
});

describe("counts", () => {
  it("matches the snapshot of the knowledge base", () => {
    const counts = knowledgeCounts();
    expect(counts).toEqual({
      status_codes: 16,
      // Spec bodies: App 429 per second and per day, errors[].code, bad request, broadcast 422, attachments, channels, phone.
      error_signatures: 29,
      pitfalls: 12,
      checklists: 2,
      sdk_errors: 17,
      // Pipelines 32 KB / 500 KB / 3000 per 3 s, transactional 1 MB / 2 MB / 15 recipients, App daily quota, broadcasts.
      limits: 22,
      corrections: 16,
      apis: 4,
      entries: 118,
      sourced: 114,
      unverified: 4,
    });
    const unverifiedIds = allEntries()
      .filter((e) => isUnverified(e.sources))
      .map((e) => `${e.collection}/${e.id}`);
    expect(unverifiedIds.filter((id) => id.startsWith("error_signatures/")).sort()).toEqual([
      "error_signatures/reported_identifier_required",
      "error_signatures/reported_invalid_timestamp",
      "error_signatures/reported_rate_limit_exceeded",
      "error_signatures/reported_unauthorized",
    ]);
  });
});
