import { describe, expect, it } from "vitest";
import { z } from "zod";
import fc from "fast-check";
import { checkPayload } from "../src/tools/check-payload.js";
import { checkPayloadBody, dynamicPartOfEventName, eventNameStyle, splitAddressList } from "../src/diagnosis/payload.js";
import { loadConfig } from "../src/config.js";
import { Redactor } from "../src/redact.js";
import { createLogger } from "../src/log.js";
import { UserInputError } from "../src/errors.js";
import { LIMITS } from "../src/knowledge/limits.js";
import type { Finding } from "../src/findings.js";
import type { ToolContext } from "../src/tools/define.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const NOW_S = Math.floor(NOW.getTime() / 1000);
const HOUR = 3600;

function makeCtx(now: Date = NOW): ToolContext {
  const redactor = new Redactor();
  return {
    config: loadConfig({}),
    redactor,
    log: createLogger(redactor, { CUSTOMERIO_DOCTOR_LOG_LEVEL: "error" }),
    http: async () => {
      throw new Error("check_payload must not use the network");
    },
    signal: new AbortController().signal,
    progress: () => {},
    roots: async () => [process.cwd()],
    now: () => now,
  };
}

type Result = Awaited<ReturnType<typeof checkPayload.handler>>;
const seen = new Set<string>();

async function run(args: Record<string, unknown>, now?: Date): Promise<Result> {
  const result = await checkPayload.handler(args as never, makeCtx(now));
  for (const f of result.findings) seen.add(f.code);
  // The result must satisfy the declared output schema, as the SDK checks it.
  expect(z.object(checkPayload.outputSchema).safeParse(result).success).toBe(true);
  return result;
}

function codes(r: Result): string[] {
  return r.findings.map((f) => f.code);
}

function only(r: Result, code: string): Finding {
  const hits = r.findings.filter((f) => f.code === code);
  expect(hits, `${code} in ${JSON.stringify(codes(r))}`).toHaveLength(1);
  return hits[0]!;
}

const CLEAN_SUMMARY = "Ready to send: no problems found.";

describe("check_payload: identify", () => {
  it("accepts a clean identify with second timestamps in every form", async () => {
    const seconds = Math.floor(Date.now() / 1000);
    const r = await run({
      call: "identify",
      customer_id: "usr_42",
      payload: {
        email: "jane@example.com",
        created_at: seconds,
        updated_at: String(seconds),
        trial_ends_at: seconds + 14 * 24 * HOUR,
        signupAt: seconds,
        _timestamp: seconds,
        birthday: "1990-05-01",
        plan: "pro",
      },
    });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary).toBe(CLEAN_SUMMARY);
    expect(r.checked).toMatchObject({ customer_id_checked: true, attributes: 6 });
    expect(r.limits.map((l) => l.id)).toContain("identifier_bytes");
    expect(r.limits.every((l) => l.source.includes("https://"))).toBe(true);
  });

  it("flags millisecond timestamps, numeric strings and nested ones, as pitfall 2", async () => {
    const r = await run({
      call: "identify",
      customer_id: "usr_42",
      payload: { email: "jane@example.com", created_at: 1704067200000, last_seen_at: "1704067200000", profile: { verified_at: 1704067200123 } },
    });
    const ms = r.findings.filter((f) => f.code === "millisecond_timestamp");
    expect(ms.map((f) => f.evidence?.split(" =")[0])).toEqual(["created_at", "last_seen_at", "profile.verified_at"]);
    for (const f of ms) {
      expect(f.severity).toBe("error");
      expect(f.pitfall).toBe(2);
    }
    expect(ms[0]!.evidence).toContain("year 55,9");
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/^3 problems \(3 errors\) — fix first: created_at looks like milliseconds/);
  });

  it("reports an empty or whitespace customer_id", async () => {
    const r = await run({ call: "identify", customer_id: "   ", payload: { email: "jane@example.com" } });
    const f = only(r, "empty_identifier");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("customer_id");
  });

  it("counts identifier length in UTF-8 bytes: 150 is fine, 151 is not", async () => {
    const ok150 = await run({ call: "identify", customer_id: "a".repeat(150), payload: { email: "jane@example.com" } });
    expect(ok150.findings).toEqual([]);
    const bad151 = await run({ call: "identify", customer_id: "a".repeat(151), payload: { email: "jane@example.com" } });
    const f = only(bad151, "identifier_too_long");
    expect(f.severity).toBe("error");
    expect(f.evidence).toContain("151 bytes");
    expect(f.evidence).toContain("identifier_bytes");

    // 75 × "é" is 150 bytes; 76 is 152 bytes although only 76 characters.
    expect((await run({ call: "identify", customer_id: "é".repeat(75), payload: { email: "jane@example.com" } })).findings).toEqual([]);
    const multi = await run({ call: "identify", customer_id: "é".repeat(76), payload: { email: "jane@example.com" } });
    expect(only(multi, "identifier_too_long").message).toContain("152 bytes");
  });

  it("warns about an email used as the id, and does not ask for an email attribute then", async () => {
    const r = await run({ call: "identify", customer_id: "jane@example.com", payload: { plan: "pro" } });
    const f = only(r, "email_as_id");
    expect(f).toMatchObject({ severity: "warning", pitfall: 4 });
    expect(f.fix).toContain("immutable database id");
    expect(codes(r)).toEqual(["email_as_id"]);
    expect(r.ok).toBe(true);
  });

  it("warns when the email attribute is missing (info for _update calls)", async () => {
    const r = await run({ call: "identify", customer_id: "usr_42", payload: { first_name: "Jane" } });
    expect(only(r, "missing_email")).toMatchObject({ severity: "warning", pitfall: 5 });
    expect(r.summary).toMatch(/^1 problem \(0 errors\) — fix first: The identify body has no email/);
    const upd = await run({ call: "identify", customer_id: "usr_42", payload: { _update: true, plan: "pro" } });
    expect(only(upd, "missing_email").severity).toBe("info");
    expect(upd.summary).toBe(`${CLEAN_SUMMARY} 1 note below.`);
  });

  it("rejects an invalid email", async () => {
    const r = await run({ call: "identify", customer_id: "usr_42", payload: { email: "jane at example" } });
    expect(only(r, "invalid_email")).toMatchObject({ severity: "error" });
  });

  it("checks attribute name and value sizes at the boundary", async () => {
    const edge = await run({
      call: "identify",
      customer_id: "usr_42",
      payload: { email: "jane@example.com", ["n".repeat(150)]: "v", bio: "x".repeat(1000) },
    });
    expect(edge.findings).toEqual([]);
    const over = await run({
      call: "identify",
      customer_id: "usr_42",
      payload: { email: "jane@example.com", ["n".repeat(151)]: "v", bio: "x".repeat(1001), prefs: { list: "y".repeat(1200) } },
    });
    expect(only(over, "attribute_name_too_long").severity).toBe("error");
    const values = over.findings.filter((f) => f.code === "attribute_value_too_long");
    expect(values.map((f) => [f.severity, f.evidence?.split(" =")[0]])).toEqual([
      ["error", "bio"],
      ["warning", "prefs"],
    ]);
    expect(values[0]!.evidence).toContain("1001 bytes");
  });

  it("allows 300 custom attributes plus special keys, not 301", async () => {
    const attrs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`attr_${i}`, i]));
    const at = await run({
      call: "identify",
      customer_id: "usr_42",
      payload: { ...attrs(300), email: "jane@example.com", id: "usr_42", _update: false, unsubscribed: false },
    });
    expect(at.findings).toEqual([]);
    expect(at.checked.attributes).toBe(300);
    const over = await run({ call: "identify", customer_id: "usr_42", payload: { ...attrs(301), email: "jane@example.com" } });
    expect(only(over, "too_many_attributes")).toMatchObject({ severity: "error" });
  });

  it("notes a body id that differs from the path id", async () => {
    const r = await run({ call: "identify", customer_id: "usr_42", payload: { id: "usr_43", email: "jane@example.com" } });
    expect(only(r, "identifier_mismatch").severity).toBe("warning");
  });

  it("says when customer_id was not given", async () => {
    const r = await run({ call: "identify", payload: { email: "jane@example.com" } });
    expect(r.checked.customer_id_checked).toBe(false);
    expect(r.summary).toBe(`${CLEAN_SUMMARY} customer_id was not given, so the identifier in the URL path was not checked.`);
  });
});

describe("check_payload: track", () => {
  it("accepts a snake_case event with a fresh seconds timestamp", async () => {
    const now = new Date();
    const r = await run(
      {
        call: "track",
        customer_id: "usr_42",
        payload: { name: "order_completed", timestamp: Math.floor(now.getTime() / 1000), data: { order_id: "A-1001", shipped_at: Math.floor(now.getTime() / 1000) } },
      },
      now,
    );
    expect(r.findings).toEqual([]);
    expect(r.summary).toBe(CLEAN_SUMMARY);
  });

  it.each([
    ["UserSignedUp", "is PascalCase", "user_signed_up"],
    ["userSignedUp", "is camelCase", "user_signed_up"],
    ["user-signed-up", "is kebab-case", "user_signed_up"],
    ["user signed up", "contains spaces", "user_signed_up"],
  ])("flags %s as inconsistent naming (pitfall 10)", async (name, style, suggestion) => {
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name } });
    const f = only(r, "event_name_inconsistent");
    expect(f).toMatchObject({ severity: "warning", pitfall: 10 });
    expect(f.message).toContain(style);
    expect(f.message).toContain("case-sensitive");
    expect(f.fix).toContain(`"${suggestion}"`);
  });

  it.each([
    ["viewed_SKU-12345", "a number"],
    ["order_3f2504e0-4f89-11d3-9a0c-0305e82c3301_paid", "a UUID"],
    ["report_2024-01-15", "a date"],
    ["purchase_undefined", '"undefined"'],
    ["clicked_${button}", "template"],
  ])("flags %s as a dynamic event name (pitfall 6)", async (name, kind) => {
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name } });
    const f = only(r, "dynamic_event_name");
    expect(f).toMatchObject({ severity: "warning", pitfall: 6 });
    expect(f.message).toContain(kind);
    expect(codes(r)).not.toContain("event_name_inconsistent");
  });

  it("keeps static names with small numbers clean", () => {
    for (const name of ["checkout_step_2", "purchase_v2", "null_pointer_error", "oauth2_connected"]) {
      expect(dynamicPartOfEventName(name), name).toBeUndefined();
      expect(eventNameStyle(name), name).toBeUndefined();
    }
  });

  it("reports PII in an event name as an error without echoing it", async () => {
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name: "invited_jane.doe@example.com" } });
    const f = only(r, "pii_in_event_name");
    expect(f).toMatchObject({ severity: "error", pitfall: 12 });
    expect(f.message).toContain("an email address");
    expect(JSON.stringify(f)).not.toContain("jane.doe@example.com");
    expect(codes(r)).toEqual(["pii_in_event_name"]);
    const phone = await run({ call: "track", customer_id: "usr_42", payload: { name: "called_+1 415 555 0100" } });
    expect(only(phone, "pii_in_event_name").message).toContain("a phone number");
  });

  it("checks the name length in bytes at the boundary", async () => {
    expect((await run({ call: "track", customer_id: "usr_42", payload: { name: "e".repeat(100) } })).findings).toEqual([]);
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name: "e".repeat(101) } });
    expect(only(r, "event_name_too_long")).toMatchObject({ severity: "error" });
    // 50 × "é" = 100 bytes is fine; "ü" pushes it to 102 bytes.
    expect((await run({ call: "track", customer_id: "usr_42", payload: { name: "é".repeat(50), type: "screen" } })).findings).toEqual([]);
    const multi = await run({ call: "track", customer_id: "usr_42", payload: { name: `${"é".repeat(50)}ü`, type: "screen" } });
    expect(only(multi, "event_name_too_long").message).toContain("102 bytes");
  });

  it("warns about surrounding whitespace in the name", async () => {
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name: " purchase " } });
    expect(only(r, "event_name_whitespace")).toMatchObject({ severity: "warning" });
    expect(codes(r)).toEqual(["event_name_whitespace"]);
  });

  it("reports a missing name", async () => {
    const r = await run({ call: "track", customer_id: "usr_42", payload: { data: {} } });
    expect(only(r, "missing_event_name").severity).toBe("error");
  });

  it("warns when the event is older than the 72-hour trigger window", async () => {
    const fresh = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", timestamp: NOW_S - 71 * HOUR } });
    expect(fresh.findings).toEqual([]);
    const old = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", timestamp: NOW_S - 73 * HOUR } });
    const f = only(old, "event_too_old_to_trigger");
    expect(f.severity).toBe("warning");
    expect(f.evidence).toContain("event_trigger_window_seconds");
    expect(old.ok).toBe(true);
  });

  it("flags a millisecond event timestamp and millisecond data fields", async () => {
    const r = await run({
      call: "track",
      customer_id: "usr_42",
      payload: { name: "purchase", timestamp: NOW.getTime(), data: { order: { paid_at: NOW.getTime() } } },
    });
    expect(r.findings.filter((f) => f.code === "millisecond_timestamp").map((f) => [f.severity, f.pitfall, f.evidence?.split(" =")[0]])).toEqual([
      ["error", 2, "timestamp"],
      ["error", 2, "data.order.paid_at"],
    ]);
    expect(codes(r)).not.toContain("event_too_old_to_trigger");
  });

  it("limits event data to 100,000 bytes", async () => {
    const limit = LIMITS.eventDataBytes.value;
    const filler = (bytes: number) => ({ blob: "x".repeat(bytes - '{"blob":""}'.length) });
    expect((await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", data: filler(limit) } })).findings).toEqual([]);
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", data: filler(limit + 1) } });
    const f = only(r, "payload_too_large");
    expect(f.severity).toBe("error");
    expect(f.evidence).toContain(`${limit + 1} bytes`);
  });

  it("warns about timestamps that are not whole Unix seconds, and wrongly typed data", async () => {
    const iso = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", timestamp: "2026-03-01T10:00:00Z" } });
    expect(only(iso, "invalid_timestamp").severity).toBe("warning");
    expect(only(iso, "invalid_timestamp").message).toContain("an ISO-8601 string; the Track API documents it as whole Unix seconds");
    expect(only(iso, "invalid_timestamp").fix).toContain('Math.floor(Date.parse("2026-03-01T10:00:00Z") / 1000)');
    const fraction = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", timestamp: NOW_S - 0.5 } });
    expect(only(fraction, "invalid_timestamp").message).toContain("fraction");
    const data = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", data: "order 42" } });
    expect(only(data, "invalid_field_type")).toMatchObject({ severity: "error" });
  });

  it("track_anonymous: notes a missing anonymous_id and checks its value", async () => {
    const none = await run({ call: "track_anonymous", payload: { name: "page_viewed" } });
    expect(only(none, "missing_anonymous_id").severity).toBe("info");
    expect(none.ok).toBe(true);
    const empty = await run({ call: "track_anonymous", payload: { name: "page_viewed", anonymous_id: "" } });
    expect(only(empty, "empty_identifier").message).toContain("anonymous_id");
    const good = await run({ call: "track_anonymous", payload: { name: "page_viewed", anonymous_id: "anon_7f3" } });
    expect(good.findings).toEqual([]);
  });
});

describe("check_payload: batch", () => {
  const person = (id: string, extra: Record<string, unknown> = {}) => ({
    type: "person",
    identifiers: { id },
    action: "identify",
    attributes: { email: `${id}@example.com`, created_at: NOW_S },
    ...extra,
  });

  it("accepts a valid mixed batch", async () => {
    const r = await run({
      call: "batch",
      payload: {
        batch: [
          person("u1"),
          { type: "person", identifiers: { email: "u2@example.com" }, action: "event", name: "order_completed", timestamp: NOW_S - HOUR, attributes: { total: 10 } },
          { type: "object", identifiers: { object_type_id: "1", object_id: "acme" }, action: "identify", attributes: { name: "Acme" } },
        ],
      },
    });
    expect(r.findings).toEqual([]);
    expect(r.checked).toMatchObject({ batch_items: 3, batch_items_checked: 3 });
  });

  it("reports per-item problems with their index", async () => {
    const r = await run({
      call: "batch",
      payload: {
        batch: [
          person("u1"),
          { type: "person", identifiers: { id: "u2", email: "u2@example.com" }, action: "identify", attributes: { email: "u2@example.com" } },
          { type: "person", identifiers: { id: "u3" }, action: "event", name: "ViewedProduct", timestamp: NOW_S * 1000 },
          { type: "person", identifiers: { id: "u4" }, action: "fly" },
        ],
      },
    });
    expect(only(r, "identifiers_not_exactly_one").message).toContain("batch[1].identifiers");
    expect(only(r, "event_name_inconsistent").message).toContain("batch[2].name");
    expect(only(r, "millisecond_timestamp").evidence).toContain("batch[2].timestamp");
    expect(only(r, "invalid_batch_item").message).toContain("batch[3]");
  });

  it("limits each item to 32 KB and the body to under 500 KB", async () => {
    const big = person("u2", { attributes: { email: "u2@example.com", notes: Array.from({ length: 40 }, () => "z".repeat(900)) } });
    const r = await run({ call: "batch", payload: { batch: [person("u1"), big] } });
    const f = only(r, "batch_item_too_large");
    expect(f.severity).toBe("error");
    expect(f.message).toMatch(/^batch\[1\] is 3\d,\d{3} bytes/);
    expect(f.evidence).toContain("v2_entity_bytes");

    const items = Array.from({ length: 60 }, (_, i) => person(`u${i}`, { attributes: { email: `u${i}@example.com`, notes: Array.from({ length: 10 }, () => "z".repeat(900)) } }));
    const large = await run({ call: "batch", payload: { batch: items } });
    expect(large.checked.body_bytes).toBeGreaterThanOrEqual(LIMITS.v2BatchBytes.value);
    expect(only(large, "payload_too_large").evidence).toContain("v2_batch_bytes");
  });

  it("caps the findings at 100 and says how many were left out", async () => {
    const items = Array.from({ length: 150 }, () => ({ type: "person", identifiers: { id: "" }, action: "identify", attributes: { email: "a@example.com" } }));
    const r = await run({ call: "batch", payload: { batch: items } });
    expect(r.findings).toHaveLength(100);
    expect(r.counts.error).toBe(150);
    expect(r.findings_omitted).toBe(50);
    expect(r.findings.every((f) => f.code === "empty_identifier")).toBe(true);
    expect(r.summary).toContain("150 problems (150 errors)");
    expect(r.summary).toContain("50 more findings are not listed.");
  });

  it("reports a body without a batch array", async () => {
    const r = await run({ call: "batch", payload: { items: [] } });
    expect(only(r, "invalid_batch").severity).toBe("error");
    await expect(run({ call: "batch", payload: "[]" })).rejects.toThrow(/Wrap the items as \{"batch"/);
  });
});

describe("check_payload: send_email", () => {
  const valid = {
    transactional_message_id: 12,
    identifiers: { id: "usr_42" },
    to: '"Doe, Jane" <jane@example.com>, bob@example.com',
    from: "Support <support@example.com>",
    message_data: { order_id: "A-1", shipped_at: Math.floor(Date.now() / 1000) },
    send_at: Math.floor(Date.now() / 1000),
  };

  it("accepts a valid send, display names and comma lists included", async () => {
    const r = await run({ call: "send_email", payload: valid });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary).toBe(CLEAN_SUMMARY);
    expect(splitAddressList(valid.to)).toEqual(['"Doe, Jane" <jane@example.com>', "bob@example.com"]);
  });

  it("needs a transactional_message_id unless body, subject and from are given", async () => {
    const { transactional_message_id: _omit, ...rest } = valid;
    const r = await run({ call: "send_email", payload: rest });
    expect(only(r, "missing_transactional_message_id").severity).toBe("error");
    const inline = await run({ call: "send_email", payload: { ...rest, subject: "Hi", body: "<p>Hi</p>" } });
    expect(inline.findings).toEqual([]);
  });

  it("needs exactly one identifier", async () => {
    const two = await run({ call: "send_email", payload: { ...valid, identifiers: { id: "usr_42", email: "jane@example.com" } } });
    expect(only(two, "identifiers_not_exactly_one").evidence).toBe("identifiers keys: id, email");
    const none = await run({ call: "send_email", payload: { ...valid, identifiers: { user_id: "42" } } });
    expect(only(none, "identifiers_not_exactly_one").evidence).toContain("other keys: user_id");
    const { identifiers: _omit, ...rest } = valid;
    expect(only(await run({ call: "send_email", payload: rest }), "identifiers_not_exactly_one").message).toContain("missing");
  });

  it("rejects an invalid or missing recipient", async () => {
    const bad = await run({ call: "send_email", payload: { ...valid, to: "jane@example.com, not-an-address" } });
    const f = only(bad, "invalid_recipient");
    expect(f.severity).toBe("error");
    expect(f.evidence).toContain("not-an-address");
    const { to: _omit, ...rest } = valid;
    expect(only(await run({ call: "send_email", payload: rest }), "invalid_recipient").message).toContain("missing");
  });

  it("warns about millisecond timestamps in message_data", async () => {
    const r = await run({ call: "send_email", payload: { ...valid, message_data: { shipped_at: Date.now() } } });
    expect(only(r, "millisecond_timestamp")).toMatchObject({ severity: "warning", pitfall: 2 });
    expect(r.ok).toBe(true);
  });

  it("rejects bodies over 2048 KB", async () => {
    const r = await run({ call: "send_email", payload: { ...valid, message_data: { html: "h".repeat(2048 * 1024) } } });
    const f = only(r, "payload_too_large");
    expect(f.severity).toBe("error");
    expect(f.evidence).toContain("transactional_bytes");
  });
});

describe("check_payload: input handling and hostile input", () => {
  it("parses a JSON string payload", async () => {
    const r = await run({ call: "identify", customer_id: "usr_42", payload: JSON.stringify({ email: "jane@example.com", created_at: 1704067200000 }) });
    expect(codes(r)).toEqual(["millisecond_timestamp"]);
  });

  it("throws UserInputError for invalid JSON, non-objects and unknown calls", async () => {
    await expect(run({ call: "identify", payload: "{not json" })).rejects.toBeInstanceOf(UserInputError);
    await expect(run({ call: "identify", payload: "42" })).rejects.toThrow(/must be a JSON object/);
    await expect(run({ call: "identify", payload: "" })).rejects.toBeInstanceOf(UserInputError);
    await expect(run({ call: "delete", payload: {} })).rejects.toBeInstanceOf(UserInputError);
    const input = z.object(checkPayload.inputSchema);
    expect(input.safeParse({ call: "delete", payload: {} }).success).toBe(false);
    expect(input.safeParse({ call: "identify", payload: [1] }).success).toBe(false);
    expect(input.safeParse({ call: "identify", payload: "{}" }).success).toBe(true);
  });

  it("renders a JSON schema with an object root and an object-or-string payload", () => {
    const schema = z.toJSONSchema(z.object(checkPayload.inputSchema)) as {
      type: string;
      properties: Record<string, { anyOf?: Array<{ type: string }>; enum?: string[] }>;
      required: string[];
    };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["call", "payload"]);
    expect(schema.properties.payload!.anyOf!.map((s) => s.type)).toEqual(["object", "string"]);
    // The contract adds the Pipelines calls to the Track and transactional ones.
    expect(schema.properties.call!.enum).toEqual(["identify", "track", "track_anonymous", "batch", "send_email", "pipelines_identify", "pipelines_track", "pipelines_page", "pipelines_screen", "pipelines_group", "pipelines_alias", "pipelines_batch"]);
  });

  it("treats __proto__ and constructor as plain keys and pollutes nothing", async () => {
    const text = '{"__proto__":{"email":"x@example.com","polluted":true},"constructor":{"prototype":{"polluted":true}},"name":"signup"}';
    const r = await run({ call: "identify", customer_id: "usr_42", payload: text });
    expect(codes(r)).toEqual(["missing_email"]);
    expect(r.checked.attributes).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const t = await run({ call: "track", customer_id: "usr_42", payload: JSON.parse('{"__proto__":{"name":"x"}}') });
    expect(codes(t)).toEqual(["missing_event_name"]);
  });

  it("answers 200-deep nesting with a partial-check note", async () => {
    let deep: Record<string, unknown> = { created_at: 1704067200000 };
    for (let i = 0; i < 200; i++) deep = { level: deep };
    const r = await run({ call: "track", customer_id: "usr_42", payload: { name: "purchase", data: deep } });
    expect(only(r, "payload_partially_checked").severity).toBe("info");
    expect(r.ok).toBe(true);
  });

  it("refuses nesting too deep to serialize, with a clear error", async () => {
    const text = `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`;
    await expect(run({ call: "identify", payload: text })).rejects.toBeInstanceOf(UserInputError);
  });

  it("handles a 5 MB string value without echoing it", async () => {
    const huge = "x".repeat(5 * 1024 * 1024);
    const r = await run({ call: "identify", customer_id: "usr_42", payload: { email: "jane@example.com", notes: huge } });
    const f = only(r, "attribute_value_too_long");
    expect(f.evidence!.length).toBeLessThan(300);
    expect(JSON.stringify(r).length).toBeLessThan(10_000);
    const name = await run({ call: "track", customer_id: "usr_42", payload: { name: huge } });
    expect(only(name, "event_name_too_long").evidence!.length).toBeLessThan(300);
    const to = await run({ call: "send_email", payload: { transactional_message_id: 1, identifiers: { id: "1" }, to: huge } });
    expect(codes(to).sort()).toEqual(["invalid_recipient", "payload_too_large"]);
    await expect(run({ call: "identify", payload: huge })).rejects.toBeInstanceOf(UserInputError);
  });

  it("refuses payloads over 8 MiB", async () => {
    await expect(run({ call: "identify", payload: { notes: "x".repeat(9 * 1024 * 1024) } })).rejects.toThrow(/8 MiB/);
  });

  it("never throws on arbitrary JSON objects and always returns a bounded, schema-valid result", async () => {
    const calls = ["identify", "track", "track_anonymous", "batch", "send_email"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...calls),
        fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
        fc.dictionary(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 20 }),
        async (call, customer_id, payload) => {
          const r = await run({ call, customer_id, payload });
          expect(r.findings.length).toBeLessThanOrEqual(100);
          expect(r.ok).toBe(r.counts.error === 0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("renders short markdown", async () => {
    const r = await run({ call: "identify", customer_id: "jane@example.com", payload: {} });
    const md = checkPayload.render(r);
    expect(md).toContain("## Payload check: identify");
    expect(md).toContain("**email_as_id** (pitfall 4)");
  });

  it("the pure checker bounds findings as asked", () => {
    const body = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}_at`, 1704067200000]));
    const report = checkPayloadBody({ call: "identify", customerId: "u", body: { email: "a@example.com", ...body }, bodyBytes: 10, nowSeconds: NOW_S, maxFindings: 5 });
    expect(report.findings).toHaveLength(5);
    expect(report.omitted).toBe(15);
  });

  it("has produced every contract finding code in this suite", () => {
    const contract = [
      "millisecond_timestamp", "empty_identifier", "identifier_too_long", "email_as_id", "missing_email", "invalid_email",
      "attribute_name_too_long", "attribute_value_too_long", "too_many_attributes", "event_name_inconsistent",
      "dynamic_event_name", "pii_in_event_name", "event_name_too_long", "event_name_whitespace", "event_too_old_to_trigger",
      "missing_transactional_message_id", "identifiers_not_exactly_one", "invalid_recipient", "payload_too_large",
      "batch_item_too_large",
    ];
    expect(contract.filter((c) => !seen.has(c))).toEqual([]);
  });
});

// The Pipelines API as its own spec describes it (../shared/reference/openapi/customerio-pipelines-api.openapi.json).
describe("check_payload: Pipelines API calls", () => {
  const iso = "2026-03-01T11:00:00.000Z";

  it("accepts clean calls of every kind", async () => {
    const clean: Array<[string, Record<string, unknown>]> = [
      ["pipelines_identify", { userId: "42", traits: { email: "jane@example.com", createdAt: iso }, timestamp: iso }],
      ["pipelines_track", { userId: "42", event: "order_completed", properties: { total: 9 }, timestamp: iso }],
      ["pipelines_track", { anonymousId: "c0e5cae6-6f04-46e4-97a8-25076e8bdc0b", event: "Order Completed" }],
      ["pipelines_track", { userId: "42", event: "Device Created or Updated", context: { device: { token: "t" } } }],
      ["pipelines_page", { userId: "42", name: "home", properties: { url: "https://example.com/" } }],
      ["pipelines_screen", { anonymousId: "a1", name: "feed" }],
      ["pipelines_group", { userId: "42", groupId: "acme", traits: { name: "Acme" } }],
      ["pipelines_alias", { previousId: "anon-1", userId: "42" }],
      ["pipelines_batch", { batch: [{ type: "identify", userId: "42", traits: {} }, { type: "track", userId: "42", event: "signed_up" }] }],
    ];
    for (const [call, payload] of clean) {
      const r = await run({ call, payload });
      expect(codes(r), `${call} ${JSON.stringify(payload)}`).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.endpoint).toContain("Pipelines API");
    }
  });

  it("missing_user_or_anonymous_id when neither names the person", async () => {
    // #/components/schemas/track oneOf "Known User" requires userId, "Anonymous User" requires anonymousId.
    const r = await run({ call: "pipelines_track", payload: { event: "order_completed" } });
    expect(only(r, "missing_user_or_anonymous_id")).toMatchObject({ severity: "error" });
    expect(r.ok).toBe(false);
    // #/paths/~1identify/post/description: with Customer.io as the destination, the email trait may identify the person.
    const byEmail = await run({ call: "pipelines_identify", payload: { traits: { email: "jane@example.com" } } });
    expect(only(byEmail, "missing_user_or_anonymous_id").severity).toBe("warning");
    // #/components/schemas/alias requires previousId and userId.
    const alias = await run({ call: "pipelines_alias", payload: { previousId: "anon-1" } });
    expect(only(alias, "missing_user_or_anonymous_id").message).toContain("alias");
    expect(codes(await run({ call: "pipelines_alias", payload: { userId: "42" } }))).toEqual(["missing_previous_id"]);
    expect(codes(await run({ call: "pipelines_group", payload: { userId: "42" } }))).toEqual(["missing_group_id"]);
    expect(only(await run({ call: "pipelines_page", payload: { userId: "" } }), "empty_identifier").message).toContain("userId");
    expect(only(await run({ call: "pipelines_identify", payload: { userId: "jane@example.com" } }), "email_as_id").pitfall).toBe(4);
  });

  it("invalid_timestamp unless timestamp is an ISO-8601 date-time with a zone", async () => {
    // #/components/schemas/common_fields/properties/timestamp: {"type": "string", "format": "date-time"}, "The ISO-8601 timestamp".
    const ms = await run({ call: "pipelines_track", payload: { userId: "42", event: "x_y", timestamp: Date.now() } });
    const f = only(ms, "invalid_timestamp");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("milliseconds");
    expect(f.evidence).toContain("common_fields/properties/timestamp");
    expect(only(await run({ call: "pipelines_page", payload: { userId: "42", timestamp: 1_767_225_600 } }), "invalid_timestamp").message).toContain("Unix seconds");
    expect(only(await run({ call: "pipelines_track", payload: { userId: "42", event: "x_y", timestamp: "yesterday" } }), "invalid_timestamp").severity).toBe("error");
    const local = only(await run({ call: "pipelines_track", payload: { userId: "42", event: "x_y", sentAt: "2026-03-01T11:00:00" } }), "invalid_timestamp");
    expect(local).toMatchObject({ severity: "warning" });
    expect(local.message).toContain("timezone");
    expect(codes(await run({ call: "pipelines_track", payload: { userId: "42", event: "x_y", timestamp: "2026-03-01T12:00:00+01:00" } }))).toEqual([]);
  });

  it("millisecond numbers in traits and properties, and invalid trait emails", async () => {
    const r = await run({ call: "pipelines_identify", payload: { userId: "42", traits: { email: "not-an-email", signupDate: Date.now() } } });
    expect(codes(r).sort()).toEqual(["invalid_email", "millisecond_timestamp"]);
    expect(only(r, "millisecond_timestamp").evidence).toContain("traits.signupDate");
    const p = await run({ call: "pipelines_track", payload: { userId: "42", event: "x_y", properties: { last_seen_on: String(Date.now()) } } });
    expect(only(p, "millisecond_timestamp").severity).toBe("warning");
  });

  it("pipelines_request_too_large over 32 KB, pipelines_batch_too_large over 500 KB", async () => {
    // #/info/description: "A request is limited to 32KB. A batch request is limited to 500KB total and 32KB per call in the request.
    // If a request exceeds these limits, you will receive a 200 response, but the request will not go through."
    const big = await run({ call: "pipelines_track", payload: { userId: "42", event: "x_y", properties: { blob: "b".repeat(32 * 1024) } } });
    const f = only(big, "pipelines_request_too_large");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("200");
    expect(f.evidence).toContain("pipelines_request_bytes");
    const item = { type: "track", userId: "42", event: "x_y", properties: { blob: "b".repeat(30 * 1024) } };
    const batch = await run({ call: "pipelines_batch", payload: { batch: Array.from({ length: 17 }, () => item) } });
    expect(only(batch, "pipelines_batch_too_large").evidence).toContain("pipelines_batch_bytes");
    expect(codes(batch)).not.toContain("pipelines_request_too_large");
    const oneBig = await run({ call: "pipelines_batch", payload: { batch: [{ ...item, properties: { blob: "b".repeat(33 * 1024) } }] } });
    expect(only(oneBig, "pipelines_request_too_large").message).toMatch(/^batch\[0\] is /);
    expect(oneBig.limits.map((l) => l.id)).toEqual(["pipelines_batch_bytes", "pipelines_request_bytes"]);
  });

  it("batch items: type required, each checked like its call, spellings compared across the batch", async () => {
    // #/components/schemas/batch/properties/batch/items anyOf: Identify, Track, Page, Screen, Group.
    const r = await run({
      call: "pipelines_batch",
      payload: {
        batch: [
          { type: "track", userId: "42", event: "order_completed" },
          { type: "track", userId: "42", event: "orderCompleted" },
          { type: "alias", userId: "42", previousId: "a" },
          { userId: "42", event: "x" },
          { type: "track", event: "viewed_product_12345", userId: "42" },
        ],
      },
    });
    expect(codes(r).filter((c) => c === "invalid_batch_item")).toHaveLength(2);
    expect(only(r, "event_name_inconsistent").message).toContain("orderCompleted");
    expect(only(r, "dynamic_event_name").message).toContain("batch[4].event");
    expect(r.checked.batch_items).toBe(5);
    expect(only(await run({ call: "pipelines_batch", payload: { calls: [] } }), "invalid_batch").severity).toBe("error");
  });

  it("event names: personal data and dynamic parts, but no style verdict on Title Case sources", async () => {
    const ssn = await run({ call: "pipelines_track", payload: { userId: "42", event: "ssn 123-45-6789 entered" } });
    expect(only(ssn, "pii_in_event_name").message).toContain("social security number");
    expect(JSON.stringify(ssn)).not.toContain("123-45-6789");
    expect(codes(await run({ call: "pipelines_track", payload: { userId: "42", event: "Order Completed" } }))).toEqual([]);
    expect(only(await run({ call: "pipelines_track", payload: { userId: "42" } }), "missing_event_name").severity).toBe("error");
  });
});

// App API POST /v1/send/email, requestBody …/properties/to|cc|bcc/description: "up to 15 total recipients across `to`, `cc`, and `bcc`".
describe("check_payload: transactional limits from the App API", () => {
  const base = { transactional_message_id: 12, identifiers: { id: "42" } };
  const list = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@example.com`).join(", ");

  it("too_many_recipients over 15 across to, cc and bcc", async () => {
    expect(codes(await run({ call: "send_email", payload: { ...base, to: list(5, "t"), cc: list(5, "c"), bcc: list(5, "b") } }))).toEqual([]);
    const r = await run({ call: "send_email", payload: { ...base, to: list(6, "t"), cc: list(5, "c"), bcc: list(5, "b") } });
    const f = only(r, "too_many_recipients");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("16 recipients");
    expect(f.evidence).toContain("to 6, cc 5, bcc 5");
    expect(f.evidence).toContain("transactional_recipients");
    expect(r.checked.recipients).toBe(16);
    expect(only(await run({ call: "send_email", payload: { ...base, to: "a@example.com", cc: "not-an-address" } }), "invalid_recipient").message).toContain("cc");
  });

  it("1 MB without attachments, 2 MB with attachments; 2048 KB only as a superseded source", async () => {
    const oneMb = 1024 * 1024;
    const plain = await run({ call: "send_email", payload: { ...base, to: "a@example.com", message_data: { html: "h".repeat(oneMb) } } });
    const f = only(plain, "payload_too_large");
    expect(f.message).toContain("1 MB without attachments");
    expect(f.evidence).toContain("transactional_bytes");
    expect(f.evidence).toContain("2048 KB figure is superseded");
    const withFile = { ...base, to: "a@example.com", attachments: { "a.txt": "aGVsbG8=" }, message_data: { html: "h".repeat(oneMb) } };
    expect(codes(await run({ call: "send_email", payload: withFile }))).toEqual([]);
    const huge = await run({ call: "send_email", payload: { ...withFile, message_data: { html: "h".repeat(2 * oneMb) } } });
    expect(only(huge, "payload_too_large").evidence).toContain("transactional_with_attachments_bytes");
    const old = plain.limits.find((l) => l.id === "transactional_bytes");
    expect(old?.value).toBe(oneMb);
    expect(old?.source).toMatch(/superseded: .*2048 KB/);
  });
});

describe("check_payload: 1 MiB hostile strings in every field", () => {
  const MiB = 1 << 20;
  const HOSTILE: Record<string, string> = {
    at_runs: "a@".repeat(MiB / 2),
    local_then_at: `${"a".repeat(MiB - 1)}@`,
    digit_groups: "123-".repeat(MiB / 4),
    plus_phone: "+1 ".repeat(Math.floor(MiB / 3)),
    dotted: "1.".repeat(MiB / 2),
    camel: "aB".repeat(MiB / 2),
  };
  const bodies = (h: string): Array<[string, Record<string, unknown>, string?]> => [
    ["identify", { email: h, [h.slice(0, 4096)]: h, created_at: h }, h],
    ["track", { name: h, data: { recipient: h, last_seen_on: h } }, h],
    ["track_anonymous", { anonymous_id: h, name: h }],
    ["batch", { batch: [{ type: "person", identifiers: { email: h }, action: "event", name: h }] }],
    ["send_email", { transactional_message_id: h, identifiers: { email: h }, to: h, cc: h, bcc: h, from: h }],
    ["pipelines_identify", { userId: h, traits: { email: h, createdAt: h }, timestamp: h }],
    ["pipelines_track", { anonymousId: h, event: h, sentAt: h, properties: { [h.slice(0, 4096)]: h } }],
    ["pipelines_alias", { userId: h, previousId: h }],
    ["pipelines_batch", { batch: [{ type: "track", userId: h, event: h }, { type: h }] }],
  ];

  it("answers each call in linear time and never echoes the string", async () => {
    const timings: string[] = [];
    for (const [label, h] of Object.entries(HOSTILE)) {
      let worst = 0;
      for (const [call, payload, customer_id] of bodies(h)) {
        const t0 = performance.now();
        const r = await run({ call, payload, ...(customer_id ? { customer_id: customer_id.slice(0, 100_000) } : {}) });
        const ms = performance.now() - t0;
        worst = Math.max(worst, ms);
        // A backtracking pattern takes seconds to minutes on these; a linear scan well under one.
        expect(ms, `${call} on ${label}`).toBeLessThan(5000);
        expect(JSON.stringify(r).length, `${call} on ${label}`).toBeLessThan(40_000);
      }
      timings.push(`${label}: worst ${worst.toFixed(0)} ms`);
    }
    console.log(`check_payload, 1 MiB hostile strings: ${timings.join("; ")}`);
  }, 120_000);
});

describe("check_payload: the added contract codes", () => {
  it("never throws on arbitrary Pipelines bodies and stays bounded", async () => {
    const calls = ["pipelines_identify", "pipelines_track", "pipelines_page", "pipelines_screen", "pipelines_group", "pipelines_alias", "pipelines_batch"] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls), fc.dictionary(fc.constantFrom("userId", "anonymousId", "event", "name", "traits", "properties", "timestamp", "batch", "groupId", "previousId", "x"), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }), async (call, payload) => {
        const r = await run({ call, payload });
        expect(r.findings.length).toBeLessThanOrEqual(100);
        expect(r.ok).toBe(r.counts.error === 0);
      }),
      { numRuns: 150 },
    );
  });

  it("has produced every added contract finding code in this suite", () => {
    const added = ["too_many_recipients", "pipelines_request_too_large", "pipelines_batch_too_large", "missing_user_or_anonymous_id", "invalid_timestamp"];
    expect(added.filter((c) => !seen.has(c))).toEqual([]);
  });
});

describe("check_payload: one event spelled two ways in a Track v2 batch", () => {
  it("event_name_inconsistent for signup next to sign_up, once", async () => {
    const item = (name: string) => ({ type: "person", identifiers: { id: "42" }, action: "event", name });
    const r = await run({ call: "batch", payload: { batch: [item("sign_up"), item("signup"), item("order_completed")] } });
    expect(only(r, "event_name_inconsistent").message).toContain('"sign_up", "signup"');
    // orderCompleted already gets its own style finding; the spelling group is not said again.
    const styled = await run({ call: "batch", payload: { batch: [item("order_completed"), item("orderCompleted")] } });
    expect(only(styled, "event_name_inconsistent").message).toContain("batch[1].name is camelCase");
  });
});

describe("check_payload: a Pipelines body sent to the wrong endpoint", () => {
  it("warns when the body's type differs from the call (#/components/schemas/common_fields/properties/type)", async () => {
    const r = await run({ call: "pipelines_track", payload: { type: "identify", userId: "42", event: "x_y" } });
    expect(only(r, "invalid_field_type")).toMatchObject({ severity: "warning" });
    expect(codes(await run({ call: "pipelines_track", payload: { type: "track", userId: "42", event: "x_y" } }))).toEqual([]);
  });
});

describe("check_payload: the summary names the first problem without repeating its finding", () => {
  it("cuts the first message at its first clause", async () => {
    const to = Array.from({ length: 16 }, (_, i) => `u${i}@example.com`).join(",");
    const r = await run({ call: "send_email", payload: { transactional_message_id: 3, identifiers: { id: "1" }, to } });
    expect(r.summary).toBe("1 problem (1 error) — fix first: The request has 16 recipients across to, cc and bcc (too_many_recipients).");
    const p = await run({ call: "pipelines_track", payload: { event: "order_completed" } });
    expect(p.summary).toBe("1 problem (1 error) — fix first: The call has neither userId nor anonymousId (missing_user_or_anonymous_id).");
    expect(p.summary).not.toContain(only(p, "missing_user_or_anonymous_id").message);
  });
});
