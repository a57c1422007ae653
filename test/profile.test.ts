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
    expect(f?.evidence).toContain("year 55969");
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
    expect(f?.evidence).toContain("boom");
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
    expect(parseSegments({ segments: [{ id: 7, name: "VIP" }] })).toEqual([{ id: 7, name: "VIP", type: null }]);
    expect(parseSegments([{ id: 8, name: "Array" }])).toHaveLength(1);
    expect(parseActivities({ activities: [{ type: "event", name: "x", timestamp: 5 }], next: "" })).toEqual({
      items: [{ id: null, type: "event", name: "x", timestamp: 5, deliveryId: null, deliveryType: null, reason: null }],
      next: null,
    });
    const msgs = parseMessages({ deliveries: [{ id: "m", metrics: { sent: 5, opened: 0 }, campaign_id: 3 }], next: "abc" });
    expect(msgs?.items[0]?.metrics).toEqual({ sent: 5 });
    expect(msgs?.next).toBe("abc");
    expect(errorTextFromBody({ kind: "json", value: { errors: [{ detail: "wrong datacenter", status: "301" }] }, text: "" })).toBe("wrong datacenter");
    expect(errorTextFromBody({ kind: "json", value: { meta: { error: "bad" } }, text: "" })).toBe("bad");
  });
});
