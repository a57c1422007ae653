import { describe, expect, it } from "vitest";
import {
  eventNameShape,
  findDynamicEventNames,
  findMillisecondTimestamps,
  findingsForProfile,
  inconsistentEventNames,
  maskEventName,
  normalizeEventName,
  piiInEventName,
  recentEvents,
  selectAttributes,
  type ProfileEvidence,
} from "../src/diagnosis/profile.js";
import type { CustomerActivity, CustomerMessage, CustomerProfile } from "../src/cio/customers.js";
import {
  parseActivities,
  parseCustomerMatches,
  parseCustomerProfile,
  parseMessages,
  parseSegments,
  errorTextFromBody,
} from "../src/cio/customers.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const DAY = 86_400;

function profile(over: Partial<CustomerProfile> = {}): CustomerProfile {
  return {
    id: "user-1",
    email: "user@example.com",
    cio_id: "a1",
    attributes: { id: "user-1", email: "user@example.com", created_at: String(T - 30 * DAY) },
    unsubscribed: false,
    unsubscribedAt: null,
    devices: 0,
    deviceList: [],
    ...over,
  };
}

let seq = 0;
function event(name: string, ago = DAY): CustomerActivity {
  seq++;
  return { id: `e${seq}`, type: "event", name, timestamp: T - ago, deliveryId: null, deliveryType: null, reason: null };
}
function activity(type: string, over: Partial<CustomerActivity> = {}): CustomerActivity {
  seq++;
  return { id: `a${seq}`, type, name: null, timestamp: T - DAY, deliveryId: null, deliveryType: null, reason: null, ...over };
}
function message(id: string, metrics: Record<string, number>, over: Partial<CustomerMessage> = {}): CustomerMessage {
  return { id, type: "email", subject: "Hello", campaignId: 3, metrics, failureMessage: null, created: T - 2 * DAY, ...over };
}

function codes(evidence: Partial<ProfileEvidence>, eventName?: string): string[] {
  const full: ProfileEvidence = { lookup: { by: "id", value: "user-1" }, profile: profile(), ...evidence };
  return findingsForProfile(full, { now: NOW, ...(eventName ? { eventName } : {}) }).map((f) => f.code);
}

function find(evidence: Partial<ProfileEvidence>, code: string, eventName?: string) {
  const full: ProfileEvidence = { lookup: { by: "id", value: "user-1" }, profile: profile(), ...evidence };
  return findingsForProfile(full, { now: NOW, ...(eventName ? { eventName } : {}) }).find((f) => f.code === code);
}

describe("findingsForProfile", () => {
  it("reports nothing for a healthy profile with consistent snake_case events", () => {
    expect(codes({ activities: [event("signed_up"), event("order_completed"), event("signed_up", 2 * DAY)], messages: [message("m1", { sent: T, delivered: T })] }, "signed_up")).toEqual([]);
  });

  it("not_found for a 404 id and for an empty email search, and nothing else", () => {
    expect(codes({ profile: null })).toEqual(["not_found"]);
    const byEmail = find({ lookup: { by: "email", value: "x@example.com" }, matches: [], profile: null, region: "eu" }, "not_found");
    expect(byEmail?.severity).toBe("error");
    expect(byEmail?.message).toContain("x@example.com");
    expect(byEmail?.message).toContain("EU");
  });

  it("does not claim not_found when the profile could not be read", () => {
    expect(codes({ profile: undefined })).toEqual([]);
  });

  it("duplicate_profiles when an email matches several profiles", () => {
    const f = find(
      {
        lookup: { by: "email", value: "dupe@example.com" },
        matches: [
          { id: "a", email: "dupe@example.com", cio_id: "c1" },
          { id: "b", email: "dupe@example.com", cio_id: "c2" },
        ],
      },
      "duplicate_profiles",
    );
    expect(f?.severity).toBe("warning");
    expect(f?.evidence).toContain("id a / cio_id c1");
    expect(f?.evidence).toContain("id b / cio_id c2");
    expect(codes({ lookup: { by: "email", value: "u@example.com" }, matches: [{ id: "a", email: "u@example.com", cio_id: "c" }] })).toEqual([]);
  });

  it("email_as_id (pitfall 4)", () => {
    const f = find({ profile: profile({ id: "jane@example.com" }) }, "email_as_id");
    expect(f).toMatchObject({ severity: "warning", pitfall: 4 });
    expect(f?.evidence).toContain("jane@example.com");
    expect(codes({ profile: profile({ id: "usr_abc123" }) })).not.toContain("email_as_id");
  });

  it("missing_email (pitfall 5), also for an email attribute that is not an address", () => {
    expect(find({ profile: profile({ email: null, attributes: { id: "user-1" } }) }, "missing_email")).toMatchObject({ pitfall: 5 });
    expect(codes({ profile: profile({ email: null, attributes: { email: "n/a" } }) })).toContain("missing_email");
    expect(codes({ profile: profile({ email: null, attributes: { email: "ok@example.com" } }) })).not.toContain("missing_email");
  });

  it("millisecond_timestamp (pitfall 2) for *_at strings above 1e11, not for seconds", () => {
    const attrs = { created_at: "1704067200000", lastSeenAt: "1717171717171", trial_ends_at: "1767225600", order_count: "123456789012" };
    expect(findMillisecondTimestamps(attrs).map((h) => h.name)).toEqual(["created_at", "lastSeenAt"]);
    const f = find({ profile: profile({ attributes: attrs }) }, "millisecond_timestamp");
    expect(f).toMatchObject({ severity: "error", pitfall: 2 });
    expect(f?.evidence).toContain("created_at=\"1704067200000\"");
    expect(f?.evidence).toContain("year 55,969");
    expect(f?.evidence).toContain("2024-01-01T00:00:00Z");
    expect(codes({ profile: profile({ attributes: { created_at: "1704067200", updated_at: "2024-01-01T00:00:00Z" } }) })).toEqual([]);
  });

  it("unsubscribed from the top-level flag or the attribute", () => {
    const f = find({ profile: profile({ unsubscribed: true, unsubscribedAt: T - 10 * DAY }) }, "unsubscribed");
    expect(f?.severity).toBe("warning");
    expect(f?.evidence).toContain("2026-02-19");
    expect(codes({ profile: profile({ attributes: { email: "u@example.com", unsubscribed: "true" } }) })).toContain("unsubscribed");
    expect(codes({ profile: profile({ attributes: { email: "u@example.com", unsubscribed: "false" } }) })).toEqual([]);
  });

  it("bounced, spam_complaint, undeliverable and failed_message from message metrics", () => {
    const messages = [
      message("m1", { sent: T - 5 * DAY, bounced: T - 5 * DAY }, { failureMessage: "550 no such user" }),
      message("m2", { sent: T, delivered: T, spammed: T }),
      message("m3", { undeliverable: T }),
      message("m4", { failed: T }),
      message("m5", { dropped: T }),
      message("m6", { sent: T }, { failureMessage: "Liquid error" }),
      message("m7", { sent: T, delivered: T, opened: T }),
    ];
    const found = codes({ messages });
    expect(found).toEqual(["bounced", "spam_complaint", "undeliverable", "failed_message"]);
    const bounced = find({ messages }, "bounced");
    expect(bounced?.evidence).toContain("550 no such user");
    expect(bounced?.evidence).toContain("5 days ago");
    expect(find({ messages }, "failed_message")?.message).toMatch(/^3 messages/);
  });

  it("delivery problems from activities are merged with the same delivery's message", () => {
    const messages = [message("d1", { sent: T, bounced: T })];
    const activities = [activity("bounced_email", { deliveryId: "d1" }), activity("spammed_email", { deliveryId: "d2" })];
    expect(codes({ messages, activities })).toEqual(["bounced", "spam_complaint"]);
    expect(find({ messages, activities }, "bounced")?.message).toMatch(/^1 email /);
  });

  it("failed_activity for failed_* activity types", () => {
    const activities = [activity("failed_event", { name: "purchase", reason: "boom" }), activity("failed_attribute_change", { name: "email" }), event("signed_up")];
    const f = find({ activities }, "failed_activity");
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("failed_event, failed_attribute_change");
    expect(f?.evidence).toContain("\"purchase\"");
    // App API GET /v1/customers/{customer_id}/activities, responses/200/…/activities/items/properties/data:
    // its shapes are "Message delivery" {delivered, delivery_id, opened} and "Attribute change" {from, to}.
    // There is no data.reason, so none is quoted.
    expect(f?.evidence).not.toContain("boom");
    expect(codes({ activities: [activity("attribute_change"), activity("sent_email")] })).toEqual([]);
  });

  it("event_not_found (pitfall 3) when the expected event did not arrive", () => {
    const f = find({ activities: [event("order_completed")], expectedEvents: [] }, "event_not_found", "signed_up");
    expect(f).toMatchObject({ severity: "error", pitfall: 3 });
    expect(f?.message).toContain("\"signed_up\"");
    // Found in the name-filtered answer only: no finding.
    expect(codes({ activities: [event("order_completed")], expectedEvents: [event("signed_up", 40 * DAY)] }, "signed_up")).toEqual([]);
    // Only one truncated page and no filtered answer: a warning, not an error.
    expect(find({ activities: [event("x")], activitiesTruncated: true }, "event_not_found", "signed_up")?.severity).toBe("warning");
    // Nothing read: nothing claimed.
    expect(codes({}, "signed_up")).toEqual([]);
  });

  it("event_name_mismatch (pitfall 10) for case and separator variants of the expected name", () => {
    for (const arrived of ["SignedUp", "signed-up", "signed up", "Signed_Up", "SIGNED_UP"]) {
      const ev = { activities: [event(arrived)], expectedEvents: [] };
      expect(codes(ev, "signed_up")).toEqual(["event_not_found", "event_name_mismatch"]);
      const f = find(ev, "event_name_mismatch", "signed_up");
      expect(f).toMatchObject({ severity: "error", pitfall: 10 });
      expect(f?.message).toContain(JSON.stringify(arrived));
    }
    // The expected spelling also arrives: a warning about the other spelling.
    const both = { activities: [event("signed_up"), event("SignedUp")], expectedEvents: [] };
    expect(codes(both, "signed_up")).toEqual(["event_name_mismatch"]);
    expect(find(both, "event_name_mismatch", "signed_up")?.severity).toBe("warning");
  });

  it("event_name_mismatch without event_name when one event has several spellings", () => {
    expect(codes({ activities: [event("user_signed_up"), event("UserSignedUp"), event("order_completed")] })).toEqual(["event_name_mismatch"]);
    expect(inconsistentEventNames(["signed_up", "order_completed", "signup"])).toEqual([]);
  });

  it("dynamic_event_names (pitfall 6) for many names with variable suffixes", () => {
    const names = ["viewed_SKU-10482", "viewed_SKU-20931", "viewed_SKU-33310", "viewed_SKU-47125"];
    const f = find({ activities: names.map((n) => event(n)) }, "dynamic_event_names");
    expect(f).toMatchObject({ severity: "warning", pitfall: 6 });
    expect(f?.message).toContain("\"viewed_SKU-{id}\"");
    expect(findDynamicEventNames(names)).toEqual([{ pattern: "viewed_SKU-{id}", names }]);
    // A single name carrying a UUID is dynamic on its own.
    expect(findDynamicEventNames(["order_3f2a9c1e-7b2d-4a60-9d8c-7b6a5f4e3d2c_paid"])).toHaveLength(1);
    // Normal names, and two versions, are not.
    expect(findDynamicEventNames(["signed_up", "order_completed", "checkout_v2", "page_viewed", "step_1", "step_2"])).toEqual([]);
  });

  it("pii_in_event_name (pitfall 12) for emails, phone numbers and IPs, masked in evidence", () => {
    expect(piiInEventName("downloaded_ebook_jane@example.com")).toEqual(["email"]);
    expect(piiInEventName("called_+14155552671")).toEqual(["phone"]);
    expect(piiInEventName("call_415-555-2671")).toEqual(["phone"]);
    expect(piiInEventName("login_from_192.168.10.4")).toEqual(["ip_address"]);
    expect(piiInEventName("viewed_SKU-10482")).toEqual([]);
    expect(piiInEventName("release_2024.01.15")).toEqual([]);
    const f = find({ activities: [event("downloaded_ebook_jane@example.com"), event("signed_up")] }, "pii_in_event_name");
    expect(f).toMatchObject({ severity: "warning", pitfall: 12 });
    expect(f?.evidence).toBe("\"downloaded_ebook_[email]\"");
    expect(maskEventName("sms_to_+14155552671")).toBe("sms_to_[phone]");
  });
});

describe("event name helpers", () => {
  it("normalizes case and separators only", () => {
    expect(new Set(["SignedUp", "signed_up", "signed-up", "signed up", "Signed.Up"].map(normalizeEventName))).toEqual(new Set(["signedup"]));
    expect(normalizeEventName("signup")).not.toBe(normalizeEventName("signed_up"));
  });

  it("shapes variable parts as {id}", () => {
    expect(eventNameShape("viewed_SKU-10482")).toBe("viewed_SKU-{id}");
    expect(eventNameShape("invited_bob@example.com")).toBe("invited_{id}");
    expect(eventNameShape("signed_up")).toBe("signed_up");
  });
});

describe("output shaping", () => {
  it("keeps at most 40 attributes, identifying and diagnostic ones first, values capped", () => {
    const attrs: Record<string, string> = {};
    for (let i = 0; i < 296; i++) attrs[`field_${i}`] = "x".repeat(10);
    attrs.bio = "b".repeat(900);
    Object.assign(attrs, { email: "w@example.com", id: "w", created_at: "1704067200000", renewal_at: "1767225600" });
    const { attributes, omitted } = selectAttributes(attrs);
    const names = Object.keys(attributes);
    expect(names).toHaveLength(40);
    expect(omitted).toBe(261);
    expect(names.slice(0, 4)).toEqual(["id", "email", "created_at", "renewal_at"]);
    const small = selectAttributes({ a: "1", bio: "b".repeat(900) });
    expect(small.omitted).toBe(0);
    expect(small.attributes.bio).toHaveLength(200);
    expect(small.attributes.bio!.endsWith("…")).toBe(true);
  });

  it("lists recent events newest first, capped", () => {
    const acts = Array.from({ length: 30 }, (_, i) => event(`e_${i}`, (i + 1) * 60));
    acts.push(activity("sent_email"));
    const { events, omitted } = recentEvents(acts, 25);
    expect(events).toHaveLength(25);
    expect(omitted).toBe(5);
    expect(events[0]).toEqual({ name: "e_0", timestamp: new Date((T - 60) * 1000).toISOString().replace(".000Z", "Z") });
  });
});

describe("App API body parsers", () => {
  it("parse the documented shapes and tolerate alternates", () => {
    expect(parseCustomerMatches({ results: [{ email: "hugh.mann@example.com", id: 2, cio_id: "a3000001" }] })).toEqual([
      { email: "hugh.mann@example.com", id: "2", cio_id: "a3000001" },
    ]);
    expect(parseCustomerMatches({ nope: [] })).toBeUndefined();
    const p = parseCustomerProfile({
      customer: {
        id: "1",
        identifiers: { id: "1", email: "test@example.com", cio_id: "03000001" },
        attributes: { id: "1", created_at: "1489014595", n: 5 },
        timestamps: { unsubscribed: 0 },
        unsubscribed: false,
        devices: [{ id: "d" }],
      },
    });
    expect(p).toMatchObject({ id: "1", email: "test@example.com", cio_id: "03000001", unsubscribed: false, unsubscribedAt: null, devices: 1 });
    expect(p?.attributes.n).toBe("5");
    // App spec GET /v1/customers/{customer_id}/segments responses/200: items are {id, name, description}.
    expect(parseSegments({ segments: [{ id: 7, name: "VIP" }] })).toEqual([{ id: 7, name: "VIP", description: null, type: null }]);
    expect(parseSegments([{ id: 8, name: "Array" }])).toHaveLength(1);
    expect(parseActivities({ activities: [{ type: "event", name: "x", timestamp: 5 }], next: "" })).toEqual({
      // No `reason`: the App spec's activity item has none (GET /v1/customers/{customer_id}/activities responses/200).
      items: [{ id: null, type: "event", name: "x", timestamp: 5, deliveryId: null, deliveryType: null }],
      next: null,
    });
    // The list is `messages` (App spec GET /v1/customers/{customer_id}/messages responses/200); `deliveries` is not read.
    expect(parseMessages({ deliveries: [{ id: "m" }] })).toBeUndefined();
    const msgs = parseMessages({ messages: [{ id: "m", metrics: { sent: 5, opened: 0 }, campaign_id: 3 }], next: "abc" });
    expect(msgs?.items[0]?.metrics).toEqual({ sent: 5 });
    expect(msgs?.next).toBe("abc");
    expect(errorTextFromBody({ kind: "json", value: { errors: [{ detail: "wrong datacenter", status: "301" }] }, text: "" })).toBe("wrong datacenter");
    expect(errorTextFromBody({ kind: "json", value: { meta: { error: "bad" } }, text: "" })).toBe("bad");
  });
});

// Track spec components/schemas/activityTypes lists, per channel, `failed_<channel>` message failures
// beside data failures (failed_attribute_change, failed_event, failed_batch_update, …), and
// bounced_/dropped_/undeliverable_/suppressed_/spammed_ types for every channel (twilio = SMS).
const SPEC_ACTIVITY_TYPES = ["bounced_email", "bounced_push", "bounced_twilio", "bounced_whatsapp", "bounced_action", "dropped_email", "dropped_push", "dropped_twilio", "dropped_webhook", "dropped_whatasapp", "dropped_action", "failed_email", "failed_push", "failed_webhook", "failed_twilio", "failed_whatsapp", "failed_slack", "failed_in_app", "failed_action", "spammed_email", "suppressed_twilio", "suppressed_whatsapp", "undeliverable_email", "undeliverable_push", "undeliverable_twilio", "undeliverable_whatsapp", "undeliverable_slack", "undeliverable_webhook", "undeliverable_in_app", "undeliverable_action"];

describe("activity types as the Track spec defines them", () => {
  it("splits data failures (failed_activity) from message failures per channel (failed_message)", () => {
    // components/schemas/activityTypes: failed_attribute_change, failed_batch_update, failed_event and the
    // object/relationship failed_attribute_change types are about data; failed_email … failed_action are messages.
    for (const type of ["failed_attribute_change", "failed_batch_update", "failed_event", "relationship_failed_attribute_change", "_o:1:failed_attribute_change", "_r:1:failed_attribute_change"]) {
      expect(codes({ activities: [activity(type)] }), type).toEqual(["failed_activity"]);
    }
    for (const type of ["failed_email", "failed_push", "failed_webhook", "failed_twilio", "failed_whatsapp", "failed_slack", "failed_in_app", "failed_action"]) {
      expect(codes({ activities: [activity(type, { deliveryId: `d-${type}` })] }), type).toEqual(["failed_message"]);
    }
  });

  it("maps every channel's bounced, dropped, undeliverable, suppressed and spammed activity", () => {
    const expected: Record<string, string> = { bounced: "bounced", dropped: "failed_message", failed: "failed_message", spammed: "spam_complaint", suppressed: "failed_message", undeliverable: "undeliverable" };
    for (const type of SPEC_ACTIVITY_TYPES) {
      const metric = type.slice(0, type.indexOf("_"));
      expect(codes({ activities: [activity(type, { deliveryId: "d1" })] }), type).toEqual([expected[metric]]);
    }
    const f = find({ activities: [activity("bounced_push", { deliveryId: "p1" }), activity("bounced_twilio", { deliveryId: "s1" })] }, "bounced");
    expect(f?.message).toMatch(/^2 messages to this person bounced/);
    expect(f?.evidence).toContain("bounced_push for delivery p1");
  });

  it("undeliverable means a message limit, a cancelled newsletter or delivery disabled, not a bad address", () => {
    // Reporting webhooks #/components/schemas/email_undeliverable/allOf/1/properties/metric/description:
    // "messages that have either hit a message limit, come from a newsletter that was cancelled or deleted,
    // or an environment that has delivery disabled".
    const f = find({ activities: [activity("undeliverable_email", { deliveryId: "u1" })] }, "undeliverable");
    expect(f?.message).toContain("message limit");
    expect(f?.message).toContain("newsletter that was cancelled or deleted");
    expect(f?.message).toContain("delivery disabled");
    expect(f?.message).not.toMatch(/invalid|missing/);
  });

  it("dropped means the person was suppressed; failed means the message could not be handed to the provider", () => {
    // Reporting webhooks #/components/schemas/email_dropped/allOf/1/properties/metric/description:
    // "did not send an email because it was addressed to a person who was suppressed";
    // #/components/schemas/email_failed/allOf/1/properties/metric/description: "An email couldn't be sent to the delivery provider";
    // #/components/schemas/push_dropped/allOf/1/properties/metric/description: "at least one device token previously bounced".
    const dropped = find({ activities: [activity("dropped_email", { deliveryId: "x1" })] }, "failed_message");
    expect(dropped?.message).toContain("1 dropped (not sent because the person was suppressed");
    expect(dropped?.message).toContain("device token bounced before");
    expect(dropped?.message).not.toContain("failed (");
    const failed = find({ activities: [activity("failed_push", { deliveryId: "x2" })] }, "failed_message");
    expect(failed?.message).toContain("1 failed (Customer.io could not hand it to the delivery provider)");
    expect(failed?.message).toContain("(push)");
  });

  it("never reads activity data.reason (not in the App API activities schema)", () => {
    // App API GET /v1/customers/{customer_id}/activities responses/200/…/items/properties/data: no `reason`.
    const f = find({ activities: [activity("failed_email", { deliveryId: "r1", reason: "SECRET-REASON" })] }, "failed_message");
    expect(JSON.stringify(f)).not.toContain("SECRET-REASON");
  });
});

describe("linear time on hostile event names", () => {
  it("a 60,000-character and a 1 MiB event name are analysed in linear time", () => {
    const hostile = ["a".repeat(60_000) + "@", "a@".repeat(30_000), "1-".repeat(1 << 19), `${"a.".repeat(1 << 19)}@x`, "+1 ".repeat(349_525)];
    const timings: string[] = [];
    for (const name of hostile) {
      const t0 = performance.now();
      const found = codes({ activities: [event(name), event(`${name}x`)] }, name.slice(0, 40));
      const ms = performance.now() - t0;
      timings.push(`${name.length} chars: ${ms.toFixed(1)} ms`);
      expect(found).toContain("event_not_found");
      // A backtracking pattern takes seconds to minutes here; a linear scan well under one.
      expect(ms).toBeLessThan(3000);
    }
    console.log(`lookup_customer diagnosis on hostile event names: ${timings.join("; ")}`);
  });
});

describe("near-miss spellings of the expected event", () => {
  it("event_name_mismatch when the event arrives one letter off (order_complete for order_completed)", () => {
    const ev = { activities: [event("order_complete"), event("cart_viewed")], expectedEvents: [] };
    expect(codes(ev, "order_completed")).toEqual(["event_not_found", "event_name_mismatch"]);
    const f = find(ev, "event_name_mismatch", "order_completed");
    expect(f?.message).toContain('"order_complete"');
    expect(f?.message).toContain("one exact name");
    // Different events are not near misses.
    expect(codes({ activities: [event("order_shipped")], expectedEvents: [] }, "order_completed")).toEqual(["event_not_found"]);
  });
});
