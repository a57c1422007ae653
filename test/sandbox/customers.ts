/**
 * Sandbox App API people routes (app-us / app-eu): search by email,
 * attributes, segments, activities and messages, with one fixture person per
 * finding lookup_customer can make. Every body is valid against the App spec's
 * schema of its operation (test/contract.test.ts checks); errors use the spec's
 * error object `{"errors":[{detail, status}]}`.
 */
import { appError, appKeyCheck } from "./app.js";
import type { RouteHandler } from "./types.js";

type Region = "us" | "eu";

/** Fixture people, with the findings `lookup_customer` should report for each. */
export const SANDBOX_CUSTOMERS = {
  healthy: { id: "healthy-1", email: "healthy@example.com", cio_id: "a1000001", eventName: "signed_up", codes: [] },
  msTimestamps: { id: "ms-timestamps", email: "ms@example.com", cio_id: "a1000002", codes: ["millisecond_timestamp"] },
  emailAsId: { id: "jane.doe@example.com", email: "jane.doe@example.com", cio_id: "a1000003", codes: ["email_as_id"] },
  noEmail: { id: "no-email", email: null, cio_id: "a1000004", codes: ["missing_email"] },
  unsubscribed: { id: "unsubscribed-1", email: "unsubscribed@example.com", cio_id: "a1000005", codes: ["unsubscribed"] },
  deliveryFailures: {
    id: "bounced-1",
    email: "bounced@example.com",
    cio_id: "a1000006",
    codes: ["bounced", "spam_complaint", "undeliverable", "failed_message"],
  },
  failedActivity: { id: "failed-activity", email: "failed-activity@example.com", cio_id: "a1000007", codes: ["failed_activity"] },
  /** With event_name "signed_up": the events arrive as "SignedUp". */
  eventCase: {
    id: "event-case",
    email: "event-case@example.com",
    cio_id: "a1000008",
    eventName: "signed_up",
    codes: ["event_not_found", "event_name_mismatch"],
  },
  dynamicEvents: { id: "dynamic-events", email: "dynamic-events@example.com", cio_id: "a1000009", codes: ["dynamic_event_names"] },
  piiEvent: { id: "pii-event", email: "pii-event@example.com", cio_id: "a1000010", codes: ["pii_in_event_name"] },
  /** Two profiles share this email. */
  duplicates: { email: "dupe@example.com", ids: ["dupe-a", "dupe-b"], cio_ids: ["a1000011", "a1000012"], codes: ["duplicate_profiles"] },
  /** 300 attributes, 30 segments, 40 events, 24 messages: exercises the output caps. */
  wide: { id: "wide-300", email: "wide@example.com", cio_id: "a1000013", attributes: 300, codes: [] },
  /** An email with a `+`: found only when the query is percent-encoded. */
  plusEmail: { id: "plus-tag", email: "plus+tag@example.com", cio_id: "a1000014", codes: [] },
  /** Nobody has this id or email: 404 / empty search. */
  unknown: { id: "no-such-person", email: "nobody@example.com", cio_id: "ffffffff", codes: ["not_found"] },
  /** The only person in the EU workspace. */
  eu: { id: "eu-1", email: "eu.person@example.com", cio_id: "e2000001", codes: [] },
} as const;

const C = SANDBOX_CUSTOMERS;
const HOUR = 3600;
const DAY = 86_400;

interface ActivitySeed {
  type: string;
  name?: string;
  ago: number;
  delivery_id?: string;
  delivery_type?: string;
  data?: Record<string, unknown>;
}

interface MessageSeed {
  id: string;
  type: string;
  subject?: string;
  campaign_id?: number;
  /** Metric name → seconds ago. */
  metrics: Record<string, number>;
  failure_message?: string;
  ago: number;
}

interface PersonSeed {
  id: string | null;
  email: string | null;
  cio_id: string;
  createdAgo: number;
  attributes?: Record<string, string>;
  unsubscribedAgo?: number;
  segments?: Array<{ id: number; name: string }>;
  activities?: ActivitySeed[];
  messages?: MessageSeed[];
}

const BASE_SEGMENTS = [
  { id: 1, name: "All users" },
  { id: 7, name: "Signed up in the last 30 days" },
];

function delivered(id: string, subject: string, ago: number, campaign = 3): MessageSeed {
  return { id, type: "email", subject, campaign_id: campaign, metrics: { sent: ago, delivered: ago - 5, opened: ago - 600 }, ago };
}

function person(seed: Omit<PersonSeed, "createdAgo"> & { createdAgo?: number }): PersonSeed {
  return { createdAgo: 90 * DAY, ...seed };
}

function widePerson(): PersonSeed {
  const attributes: Record<string, string> = { first_name: "Wade", plan: "enterprise" };
  // id, email, cio_id and created_at are added for every person: 296 more make 300.
  for (let i = 1; i <= 293; i++) attributes[`custom_field_${String(i).padStart(3, "0")}`] = `value ${i} `.repeat(6).trim();
  attributes.bio = "Long biography text. ".repeat(45).trim();
  return person({
    id: C.wide.id,
    email: C.wide.email,
    cio_id: C.wide.cio_id,
    attributes,
    segments: Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, name: `Interest group ${i + 1}` })),
    activities: Array.from({ length: 40 }, (_, i) => ({ type: "event", name: "feature_used", ago: (i + 1) * HOUR, data: { feature: `f${i}` } })),
    messages: Array.from({ length: 24 }, (_, i) => delivered(`dlv-wide-${i + 1}`, `Weekly digest #${24 - i}`, (i + 1) * DAY)),
  });
}

/** The workspaces' people. Built on each request so "ago" stays relative to now. */
function people(region: Region): PersonSeed[] {
  if (region === "eu") {
    return [
      person({
        id: C.eu.id,
        email: C.eu.email,
        cio_id: C.eu.cio_id,
        segments: BASE_SEGMENTS,
        activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }],
      }),
    ];
  }
  return [
    person({
      id: C.healthy.id,
      email: C.healthy.email,
      cio_id: C.healthy.cio_id,
      attributes: { first_name: "Hana", plan: "pro", trial_ends_at: "1767225600" },
      segments: BASE_SEGMENTS,
      activities: [
        { type: "event", name: "signed_up", ago: 2 * DAY, data: { source: "web" } },
        { type: "attribute_change", name: "plan", ago: 2 * DAY - 60 },
        { type: "sent_email", ago: 2 * DAY - 120, delivery_id: "dlv-healthy-1", delivery_type: "email" },
        { type: "delivered_email", ago: 2 * DAY - 110, delivery_id: "dlv-healthy-1", delivery_type: "email" },
        { type: "event", name: "order_completed", ago: 1 * DAY, data: { total: 42 } },
      ],
      messages: [delivered("dlv-healthy-1", "Welcome to Example", 2 * DAY - 120)],
    }),
    person({
      id: C.msTimestamps.id,
      email: C.msTimestamps.email,
      cio_id: C.msTimestamps.cio_id,
      attributes: { created_at: "1704067200000", last_login_at: "1717171717171", trial_ends_at: "1767225600" },
      segments: BASE_SEGMENTS,
      activities: [{ type: "event", name: "signed_up", ago: 5 * DAY }],
    }),
    person({
      id: C.emailAsId.id,
      email: C.emailAsId.email,
      cio_id: C.emailAsId.cio_id,
      attributes: { first_name: "Jane" },
      segments: BASE_SEGMENTS,
      activities: [{ type: "event", name: "signed_up", ago: 6 * DAY }],
    }),
    person({
      id: C.noEmail.id,
      email: null,
      cio_id: C.noEmail.cio_id,
      attributes: { first_name: "Noel", plan: "free" },
      segments: [{ id: 1, name: "All users" }],
      activities: [{ type: "event", name: "signed_up", ago: 4 * DAY }],
    }),
    person({
      id: C.unsubscribed.id,
      email: C.unsubscribed.email,
      cio_id: C.unsubscribed.cio_id,
      attributes: { unsubscribed: "true" },
      unsubscribedAgo: 10 * DAY,
      segments: BASE_SEGMENTS,
      activities: [{ type: "unsubscribed_email", ago: 10 * DAY, delivery_id: "dlv-unsub-1", delivery_type: "email" }],
      messages: [{ ...delivered("dlv-unsub-1", "Spring sale", 10 * DAY + 600), metrics: { sent: 10 * DAY + 600, delivered: 10 * DAY + 590, unsubscribed: 10 * DAY } }],
    }),
    person({
      id: C.deliveryFailures.id,
      email: C.deliveryFailures.email,
      cio_id: C.deliveryFailures.cio_id,
      segments: BASE_SEGMENTS,
      activities: [
        { type: "sent_email", ago: 20 * DAY, delivery_id: "dlv-bounce-1", delivery_type: "email" },
        { type: "bounced_email", ago: 20 * DAY - 30, delivery_id: "dlv-bounce-1", delivery_type: "email" },
        { type: "spammed_email", ago: 12 * DAY, delivery_id: "dlv-spam-1", delivery_type: "email" },
        { type: "dropped_email", ago: 3 * DAY, delivery_id: "dlv-dropped-1", delivery_type: "email" },
      ],
      messages: [
        {
          id: "dlv-bounce-1",
          type: "email",
          subject: "Welcome aboard",
          campaign_id: 12,
          metrics: { sent: 20 * DAY, bounced: 20 * DAY - 30 },
          failure_message: "550 5.1.1 The email account that you tried to reach does not exist",
          ago: 20 * DAY,
        },
        { id: "dlv-spam-1", type: "email", subject: "March newsletter", metrics: { sent: 13 * DAY, delivered: 13 * DAY - 5, spammed: 12 * DAY }, ago: 13 * DAY },
        { id: "dlv-undeliverable-1", type: "email", subject: "Your receipt", campaign_id: 15, metrics: { undeliverable: 8 * DAY }, ago: 8 * DAY },
        {
          id: "dlv-failed-1",
          type: "email",
          subject: "Trial ending soon",
          campaign_id: 14,
          metrics: { failed: 5 * DAY },
          failure_message: "Liquid error: undefined variable customer.plan_name",
          ago: 5 * DAY,
        },
        { id: "dlv-dropped-1", type: "email", subject: "We miss you", campaign_id: 16, metrics: { dropped: 3 * DAY }, ago: 3 * DAY },
      ],
    }),
    person({
      id: C.failedActivity.id,
      email: C.failedActivity.email,
      cio_id: C.failedActivity.cio_id,
      segments: BASE_SEGMENTS,
      activities: [
        { type: "event", name: "signed_up", ago: 3 * DAY },
        { type: "failed_attribute_change", name: "email", ago: 2 * DAY },
        { type: "failed_event", name: "purchase", ago: 1 * DAY, data: { amount: 19 } },
      ],
    }),
    person({
      id: C.eventCase.id,
      email: C.eventCase.email,
      cio_id: C.eventCase.cio_id,
      segments: BASE_SEGMENTS,
      activities: [
        { type: "event", name: "SignedUp", ago: 26 * HOUR },
        { type: "event", name: "SignedUp", ago: 3 * DAY },
        { type: "event", name: "order_completed", ago: 20 * HOUR },
      ],
    }),
    person({
      id: C.dynamicEvents.id,
      email: C.dynamicEvents.email,
      cio_id: C.dynamicEvents.cio_id,
      segments: BASE_SEGMENTS,
      activities: ["10482", "20931", "33310", "47125", "58004"].map((sku, i) => ({
        type: "event",
        name: `viewed_SKU-${sku}`,
        ago: (i + 1) * HOUR,
      })),
    }),
    person({
      id: C.piiEvent.id,
      email: C.piiEvent.email,
      cio_id: C.piiEvent.cio_id,
      segments: BASE_SEGMENTS,
      activities: [
        { type: "event", name: "signed_up", ago: 4 * DAY },
        { type: "event", name: `downloaded_ebook_${C.piiEvent.email}`, ago: 2 * DAY },
      ],
    }),
    ...C.duplicates.ids.map((id, i) =>
      person({
        id,
        email: C.duplicates.email,
        cio_id: C.duplicates.cio_ids[i]!,
        createdAgo: (60 - i * 30) * DAY,
        segments: [{ id: 1, name: "All users" }],
        activities: [{ type: "event", name: "signed_up", ago: (20 - i * 10) * DAY }],
      }),
    ),
    widePerson(),
    person({
      id: C.plusEmail.id,
      email: C.plusEmail.email,
      cio_id: C.plusEmail.cio_id,
      segments: BASE_SEGMENTS,
      activities: [{ type: "event", name: "signed_up", ago: 7 * DAY }],
    }),
  ];
}

// ---- response bodies (documented shapes) ----

function attributesBody(p: PersonSeed, now: number): unknown {
  const created = String(now - p.createdAgo);
  const attributes: Record<string, string> = {
    ...(p.id !== null ? { id: p.id } : {}),
    ...(p.email !== null ? { email: p.email } : {}),
    cio_id: p.cio_id,
    created_at: created,
    ...p.attributes,
  };
  // All three are required; unset ones are null (App spec, attributes `responses/200` `customer.identifiers`).
  const identifiers = identifiersOf(p);
  return {
    customer: {
      id: p.id,
      identifiers,
      attributes,
      timestamps: {
        cio_id: now - p.createdAgo,
        ...(p.id !== null ? { id: now - p.createdAgo } : {}),
        ...(p.email !== null ? { email: now - p.createdAgo } : {}),
        unsubscribed: p.unsubscribedAgo !== undefined ? now - p.unsubscribedAgo : 0,
      },
      unsubscribed: p.unsubscribedAgo !== undefined,
      devices: [],
    },
  };
}

function identifiersOf(p: PersonSeed): { id: string | null; email: string | null; cio_id: string } {
  return { id: p.id, email: p.email, cio_id: p.cio_id };
}

function activityItems(p: PersonSeed, now: number): Array<Record<string, unknown>> {
  return (p.activities ?? [])
    .map((a, i) => ({
      id: `act-${p.cio_id}-${i + 1}`,
      customer_id: p.id,
      customer_identifiers: identifiersOf(p),
      type: a.type,
      ...(a.name !== undefined ? { name: a.name } : {}),
      timestamp: now - a.ago,
      // `data` is one of two shapes (message delivery, attribute change) and `delivery_type` an
      // enum: absent rather than empty when they do not apply (App spec, activities `responses/200`).
      ...(a.data && Object.keys(a.data).length ? { data: a.data } : {}),
      ...(a.delivery_id ? { delivery_id: a.delivery_id } : {}),
      ...(a.delivery_type ? { delivery_type: a.delivery_type } : {}),
    }))
    .sort((x, y) => y.timestamp - x.timestamp);
}

function messageItems(p: PersonSeed, now: number): Array<Record<string, unknown>> {
  return (p.messages ?? [])
    .map((m) => ({
      id: m.id,
      customer_id: p.id ?? "",
      customer_identifiers: identifiersOf(p),
      recipient: p.email ?? "",
      subject: m.subject ?? "",
      type: m.type,
      // An integer when the message belongs to a campaign (App spec, messages `responses/200`).
      ...(m.campaign_id !== undefined ? { campaign_id: m.campaign_id } : {}),
      created: now - m.ago,
      metrics: Object.fromEntries(Object.entries(m.metrics).map(([k, ago]) => [k, now - ago])),
      ...(m.failure_message ? { failure_message: m.failure_message } : {}),
    }))
    .sort((x, y) => (y.created as number) - (x.created as number));
}

/** One page of `items` from the `start` cursor (an offset here), with the next cursor or "". */
function page<T>(items: T[], query: URLSearchParams, fallbackLimit: number): { items: T[]; next: string } {
  const limitRaw = Number(query.get("limit") ?? fallbackLimit);
  const limit = Number.isFinite(limitRaw) ? Math.min(100, Math.max(1, Math.floor(limitRaw))) : fallbackLimit;
  const start = Math.max(0, Number(query.get("start") ?? 0) || 0);
  const slice = items.slice(start, start + limit);
  return { items: slice, next: start + limit < items.length ? String(start + limit) : "" };
}

// ---- routing ----

const CUSTOMER_PATH = /^\/v1\/customers(?:\/([^/]+)\/(attributes|segments|activities|messages))?\/?$/;

function findPerson(list: PersonSeed[], value: string, idType: string): PersonSeed | undefined {
  if (idType === "cio_id") return list.find((p) => p.cio_id === value);
  if (idType === "email") return list.find((p) => p.email !== null && p.email.toLowerCase() === value.toLowerCase());
  return list.find((p) => p.id === value);
}

const NOT_FOUND = appError(404, "customer not found (reference sbx404)");

export const customerRoutes: RouteHandler = (req) => {
  if (req.host !== "app-us" && req.host !== "app-eu") return undefined;
  const match = CUSTOMER_PATH.exec(req.path);
  if (!match || req.method !== "GET") return undefined;
  // Same key and region rules as the other App routes (401, or 301 "wrong datacenter").
  const check = appKeyCheck(req);
  if ("reply" in check) return check.reply;
  const { region } = check;

  const now = Math.floor(Date.now() / 1000);
  const list = people(region);
  const [, rawId, leaf] = match;

  if (!rawId) {
    // URLSearchParams already decoded the query: an unencoded "+" arrives as a space and matches nobody.
    const email = req.query.get("email");
    if (email === null || email === "") return appError(400, "email is required (reference sbx400)");
    const results = list
      .filter((p) => p.email !== null && p.email.toLowerCase() === email.toLowerCase())
      .map((p) => ({ email: p.email, id: p.id, cio_id: p.cio_id }));
    return { status: 200, body: { results } };
  }

  let value: string;
  try {
    value = decodeURIComponent(rawId);
  } catch {
    return NOT_FOUND;
  }
  const idType = req.query.get("id_type") ?? "id";
  // Phone (and anything else) is not enabled as an identifier in the sandbox workspaces.
  if (!["id", "email", "cio_id"].includes(idType)) return appError(400, `id_type ${idType} is not enabled in this workspace (reference sbx400)`, { code: "invalid_id_type" });
  const found = findPerson(list, value, idType);
  if (!found) return NOT_FOUND;

  switch (leaf) {
    case "attributes":
      return { status: 200, body: attributesBody(found, now) };
    case "segments":
      return {
        status: 200,
        body: {
          // Exactly the documented item: {id, name, description} (App spec, segments `responses/200`).
          segments: (found.segments ?? []).map((s) => ({ id: s.id, name: s.name, description: "" })),
        },
      };
    case "activities": {
      const type = req.query.get("type");
      const name = req.query.get("name");
      const items = activityItems(found, now).filter((a) => (!type || a.type === type) && (!name || a.name === name));
      const p = page(items, req.query, 50);
      return { status: 200, body: { activities: p.items, next: p.next } };
    }
    case "messages": {
      const p = page(messageItems(found, now), req.query, 50);
      return { status: 200, body: { messages: p.items, next: p.next } };
    }
    default:
      return undefined;
  }
};
