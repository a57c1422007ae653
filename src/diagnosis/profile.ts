/**
 * Profile → findings: pure functions (no I/O) that read what the App API
 * returned about one person and say why messages or campaigns may not reach
 * them. Codes are the public contract's lookup_customer codes.
 */
import type { Region } from "../config.js";
import type { Finding } from "../findings.js";
import {
  ACTIVITY_CHANNELS,
  clip,
  compareEventNames,
  DELIVERY_METRIC_CODE,
  DELIVERY_METRICS,
  deliveryActivity,
  isDataFailureActivity,
  type DeliveryMetric,
  describeMilliseconds,
  eventNameShape,
  eventNameVariants,
  findDynamicEventNames,
  inconsistentEventNames,
  isMillisecondTimestamp,
  isoFromUnix,
  isTimestampKey,
  listed as listedItems,
  looksLikeEmail,
  maskPersonalData,
  normalizeEventName,
  numericValue,
  personalDataInEventName,
  plural,
  quote,
  toSnakeCase,
  type PersonalDataKind,
} from "../domain/index.js";
import type {
  CustomerActivity,
  CustomerMatch,
  CustomerMessage,
  CustomerProfile,
  IdType,
} from "../cio/customers.js";

/** Everything known about the person; `undefined` parts were not read. */
export interface ProfileEvidence {
  lookup: { by: IdType; value: string };
  region?: Region;
  /** Profiles the email search returned (email lookups only). */
  matches?: readonly CustomerMatch[];
  /** null: the person does not exist; undefined: the profile could not be read. */
  profile: CustomerProfile | null | undefined;
  /** The recent activity page, any order. */
  activities?: readonly CustomerActivity[];
  /** True when more activity exists than was read (the page has a next cursor). */
  activitiesTruncated?: boolean;
  /** Events with exactly the expected name, from a name-filtered request. */
  expectedEvents?: readonly CustomerActivity[];
  messages?: readonly CustomerMessage[];
}

export interface ProfileCheckOptions {
  /** The event that should have triggered a campaign. */
  eventName?: string;
  now: Date;
}

const DAY = 86_400;
const EVIDENCE_ITEMS = 3;

// ---- small helpers ----

// The vocabulary (emails, timestamps, event names, personal data) lives in ../domain; re-exported for callers.
export {
  eventNameShape,
  eventNameVariants,
  findDynamicEventNames,
  inconsistentEventNames,
  isoFromUnix,
  looksLikeEmail,
  normalizeEventName,
};
export type { DynamicNameGroup } from "../domain/index.js";
export { deliveryActivity, isDataFailureActivity };

function ago(seconds: number | null, now: Date): string {
  if (seconds === null || seconds <= 0) return "at an unknown time";
  const diff = now.getTime() / 1000 - seconds;
  if (diff < 0) return `on ${isoFromUnix(seconds)}`;
  if (diff < 3600) return `${Math.max(1, Math.round(diff / 60))} min ago`;
  if (diff < 2 * DAY) return `${Math.round(diff / 3600)} h ago`;
  return `${Math.round(diff / DAY)} days ago`;
}

function listed(items: readonly string[], max = EVIDENCE_ITEMS): string {
  return listedItems(items, max);
}

// ---- identity ----

/** not_found and duplicate_profiles. */
export function lookupFindings(evidence: ProfileEvidence): Finding[] {
  const { lookup, matches, profile } = evidence;
  const where = evidence.region ? ` in the ${evidence.region.toUpperCase()} workspace of this App API key` : "";
  const out: Finding[] = [];
  if (profile === null || (matches && matches.length === 0)) {
    const byEmail = lookup.by === "email";
    out.push({
      code: "not_found",
      severity: "error",
      message: byEmail
        ? `No person has the email ${lookup.value}${where}.`
        : `No person with ${lookup.by} ${quote(lookup.value)} exists${where}.`,
      fix: byEmail
        ? "Check the address for typos, then look the person up by id: profiles created without an email attribute cannot be found by email. If the workspace is in the other region or another workspace, use that workspace's App API key and CUSTOMERIO_REGION. A profile that was suppressed or deleted no longer exists."
        : "Check the identifier (ids are exact strings; cio_id is Customer.io's own id). The person exists only after an identify call for this id; events tracked before that may be dropped (pitfall 3). If the workspace is in the other region or another workspace, use that workspace's App API key and CUSTOMERIO_REGION.",
      evidence: byEmail ? "the email search returned no results" : `GET /v1/customers/{id}/attributes?id_type=${lookup.by} answered 404`,
    });
    return out;
  }
  if (matches && matches.length > 1) {
    const ids = matches.map((m) => `id ${m.id ?? "(none)"} / cio_id ${m.cio_id ?? "(none)"}`);
    out.push({
      code: "duplicate_profiles",
      severity: "warning",
      message: `${matches.length} profiles share the email ${lookup.value}; the details below are for the first one, and campaigns may reach either profile or both.`,
      fix: "Identify people by one immutable id so an email belongs to a single profile, and merge the duplicates (Track API POST /api/v1/merge_customers, or the profile's Merge action in Customer.io).",
      evidence: listed(ids, 5),
    });
  }
  return out;
}

/** email_as_id and missing_email. */
export function identityFindings(profile: CustomerProfile): Finding[] {
  const out: Finding[] = [];
  if (profile.id && looksLikeEmail(profile.id)) {
    out.push({
      code: "email_as_id",
      severity: "warning",
      pitfall: 4,
      message: "The person's id is an email address. When they change their email, the next identify creates a second profile and their history splits.",
      fix: "Use your database's immutable user id as the Customer.io id and send the email as the `email` attribute.",
      evidence: `id ${quote(profile.id)}`,
    });
  }
  const email = profile.email ?? profile.attributes.email ?? null;
  if (!email || !looksLikeEmail(email)) {
    out.push({
      code: "missing_email",
      severity: "warning",
      pitfall: 5,
      message: email
        ? `The email attribute ${quote(email)} is not an email address, so email campaigns and transactional emails cannot reach this person.`
        : "The person has no email attribute, so email campaigns and transactional emails cannot reach them.",
      fix: "Send `email` in the identify call (e.g. identify(id, { email, ... })) for every person who should get email.",
      evidence: email ? `email ${quote(email)}` : "no email in identifiers or attributes",
    });
  }
  return out;
}

/** Attribute names that hold a point in time (one definition: domain isTimestampKey). */
export function isTimestampAttributeName(name: string): boolean {
  return isTimestampKey(name);
}

/** Date-like attributes whose value is a number of milliseconds (or finer), not seconds. */
export function findMillisecondTimestamps(attributes: Record<string, string>): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (!isTimestampKey(name) || !isMillisecondTimestamp(value)) continue;
    out.push({ name, value: value.trim() });
  }
  return out;
}

function describeMillis(name: string, value: string): string {
  return `${name}=${quote(value, 24)} (${describeMilliseconds(numericValue(value) ?? 0)})`;
}

/** millisecond_timestamp (pitfall 2). */
export function millisecondTimestampFindings(attributes: Record<string, string>): Finding[] {
  const hits = findMillisecondTimestamps(attributes);
  if (hits.length === 0) return [];
  const names = hits.map((h) => h.name);
  return [
    {
      code: "millisecond_timestamp",
      severity: "error",
      pitfall: 2,
      message: `${plural(hits.length, "date attribute")} (${listed(names, 5)}) ${hits.length === 1 ? "holds" : "hold"} milliseconds. Customer.io reads dates as unix seconds, so ${hits.length === 1 ? "it lies" : "they lie"} thousands of years in the future and date-based segments and filters silently never match.`,
      fix: "Send unix seconds: Math.floor(Date.now() / 1000), not Date.now(). Then identify the person again with the corrected values.",
      evidence: listed(hits.map((h) => describeMillis(h.name, h.value))),
    },
  ];
}

function truthyFlag(value: string | undefined): boolean {
  return value !== undefined && ["true", "1"].includes(value.trim().toLowerCase());
}

/** unsubscribed. */
export function subscriptionFindings(profile: CustomerProfile): Finding[] {
  if (!profile.unsubscribed && !truthyFlag(profile.attributes.unsubscribed)) return [];
  const since = isoFromUnix(profile.unsubscribedAt);
  return [
    {
      code: "unsubscribed",
      severity: "warning",
      message: "The person is unsubscribed, so campaigns and newsletters skip them (email, SMS, WhatsApp and push).",
      fix: "Respect it unless it is a mistake. If your integration sends `unsubscribed: true` in identify calls, check that code; otherwise only the person can resubscribe (e.g. through your subscription center). Transactional messages can be sent to unsubscribed people with send_to_unsubscribed.",
      evidence: `customer.unsubscribed is true${since ? ` since ${since}` : ""}`,
    },
  ];
}

// ---- deliveries ----

interface DeliveryProblem {
  key: string;
  text: string;
  metric: DeliveryMetric;
  channel: string;
}

function messageLabel(m: CustomerMessage): string {
  const subject = m.subject ? ` ${quote(m.subject, 60)}` : "";
  const kind = m.type ?? "message";
  const campaign = m.campaignId !== null ? ` (campaign ${m.campaignId})` : "";
  return `${kind} ${m.id}${subject}${campaign}`;
}

function countByMetric(list: readonly DeliveryProblem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of list) out[p.metric] = (out[p.metric] ?? 0) + 1;
  return out;
}

/** `1 email`, `2 push messages`, or `3 messages` across channels. */
function messagesOn(list: readonly DeliveryProblem[]): string {
  const channels = new Set(list.map((p) => p.channel));
  if (channels.size === 1 && channels.has("email")) return plural(list.length, "email");
  if (channels.size === 1) return plural(list.length, `${[...channels][0]} message`);
  return plural(list.length, "message");
}

/** bounced, spam_complaint, undeliverable, failed_message: from message metrics and every channel's delivery activities. */
export function deliveryFindings(
  messages: readonly CustomerMessage[],
  activities: readonly CustomerActivity[],
  now: Date,
): Finding[] {
  const problems = new Map<string, DeliveryProblem[]>();
  const add = (p: DeliveryProblem) => {
    const code = DELIVERY_METRIC_CODE[p.metric];
    const list = problems.get(code) ?? [];
    if (!list.some((x) => x.key === p.key)) list.push(p);
    problems.set(code, list);
  };
  for (const m of messages) {
    const channel = ACTIVITY_CHANNELS[m.type ?? "email"] ?? m.type ?? "email";
    let explained = false;
    for (const metric of DELIVERY_METRICS) {
      if (!Object.hasOwn(m.metrics, metric)) continue;
      explained = true;
      const reason = m.failureMessage ? `: ${quote(m.failureMessage, 120)}` : "";
      add({ key: m.id, metric, channel, text: `${messageLabel(m)} ${metric} ${ago(m.metrics[metric] || m.created, now)}${reason}` });
    }
    if (m.failureMessage && !explained) {
      add({ key: m.id, metric: "failed", channel, text: `${messageLabel(m)} failed ${ago(m.created, now)}: ${quote(m.failureMessage, 120)}` });
    }
  }
  for (const a of activities) {
    const kind = deliveryActivity(a.type);
    if (!kind) continue;
    const key = a.deliveryId ?? a.id ?? `${a.type}@${a.timestamp}`;
    // The activity's data holds only delivery_id, delivered and opened (App API activities schema): no reason to quote.
    add({ key, ...kind, text: `activity ${a.type}${a.deliveryId ? ` for delivery ${a.deliveryId}` : ""} ${ago(a.timestamp, now)}` });
  }

  const out: Finding[] = [];
  const bounced = problems.get("bounced");
  if (bounced) {
    out.push({
      code: "bounced",
      severity: "error",
      message: `${messagesOn(bounced)} to this person bounced: the delivery provider could not deliver ${bounced.length === 1 ? "it" : "them"} (for push: an invalid device token).`,
      fix: "Get a working address, number or device token; handle bounce webhooks so your app stops sending to bad addresses (pitfall 8).",
      evidence: listed(bounced.map((p) => p.text)),
    });
  }
  const spam = problems.get("spam_complaint");
  if (spam) {
    out.push({
      code: "spam_complaint",
      severity: "error",
      message: `The person marked ${plural(spam.length, "email")} as spam, so the address is normally suppressed.`,
      fix: "Do not email them again unless they opt back in; review the consent and frequency of that campaign.",
      evidence: listed(spam.map((p) => p.text)),
    });
  }
  const undeliverable = problems.get("undeliverable");
  if (undeliverable) {
    out.push({
      code: "undeliverable",
      severity: "error",
      message: `${messagesOn(undeliverable)} ${undeliverable.length === 1 ? "was" : "were"} undeliverable: Customer.io did not send ${undeliverable.length === 1 ? "it" : "them"} because of a message limit, a newsletter that was cancelled or deleted, or delivery disabled in the environment.`,
      fix: "Check the workspace's message limits and the newsletter's state; the address is not the problem.",
      evidence: listed(undeliverable.map((p) => p.text)),
    });
  }
  const failed = problems.get("failed_message");
  if (failed) {
    const by = countByMetric(failed);
    const parts: string[] = [];
    if (by.failed) parts.push(`${by.failed} failed (Customer.io could not hand ${by.failed === 1 ? "it" : "them"} to the delivery provider)`);
    if (by.dropped) parts.push(`${by.dropped} dropped (not sent because the person was suppressed; for push, a device token bounced before)`);
    if (by.suppressed) parts.push(`${by.suppressed} suppressed (the recipient's number is suppressed)`);
    const fixes: string[] = [];
    if (by.failed) fixes.push("Failed: read the failure message (often a Liquid error on a missing attribute), fix it and resend.");
    if (by.dropped || by.suppressed) fixes.push("Dropped or suppressed: unsuppress only if the suppression was a mistake.");
    out.push({
      code: "failed_message",
      severity: "error",
      message: `${plural(failed.length, "message")} ${failed.length === 1 ? "was" : "were"} not sent (${[...new Set(failed.map((p) => p.channel))].join(", ")}): ${parts.join("; ")}.`,
      fix: fixes.join(" "),
      evidence: listed(failed.map((p) => p.text)),
    });
  }
  return out;
}

/** failed_activity: Customer.io could not apply data about this person (not a message failure). */
export function failedActivityFindings(activities: readonly CustomerActivity[], now: Date): Finding[] {
  const failed = activities.filter((a) => isDataFailureActivity(a.type));
  if (failed.length === 0) return [];
  const texts = failed.map((a) => {
    const name = a.name ? ` ${quote(maskEventName(a.name), 60)}` : "";
    return `${a.type}${name} ${ago(a.timestamp, now)}`;
  });
  const types = [...new Set(failed.map((a) => a.type))];
  return [
    {
      code: "failed_activity",
      severity: "error",
      message: `${plural(failed.length, "recent activity", "recent activities")} failed (${types.join(", ")}): the API answered 200, but Customer.io could not apply the data, so attributes or events are missing from the profile.`,
      fix: "Open the person's Activity log in Customer.io to read each failure. Common causes: an identify whose id and email belong to two different people, values longer than 1000 bytes, or an attribute whose type changed; correct the call and send it again.",
      evidence: listed(texts),
    },
  ];
}

// ---- event names ----

const PII_WORDS: Record<PersonalDataKind, string> = {
  email: "email",
  phone: "phone",
  ssn: "social security number",
  card_number: "card number",
  ip_address: "IP address",
};

/** The kinds of personal data an event name contains (email, ssn, card_number, phone, ip_address). */
export function piiInEventName(name: string): PersonalDataKind[] {
  return personalDataInEventName(name);
}

/** Names are shown clipped to well under this, so only this much is masked (an email is at most 320 characters). */
const MASKED_CHARS = 512;

/** The name with personal data replaced by placeholders, safe to show (names longer than 512 characters end in `…`). */
export function maskEventName(name: string): string {
  return name.length > MASKED_CHARS ? `${maskPersonalData(name.slice(0, MASKED_CHARS))}…` : maskPersonalData(name);
}

function isEvent(a: CustomerActivity): a is CustomerActivity & { name: string } {
  return a.type === "event" && typeof a.name === "string" && a.name !== "";
}

/** event_not_found, event_name_mismatch, dynamic_event_names, pii_in_event_name. */
export function eventFindings(evidence: ProfileEvidence, options: ProfileCheckOptions): Finding[] {
  const out: Finding[] = [];
  const activities = evidence.activities ?? [];
  const events = [...activities, ...(evidence.expectedEvents ?? [])].filter(isEvent);
  const names = events.map((e) => e.name);
  const expected = options.eventName?.trim();

  let mismatchReported = false;
  if (expected) {
    const exact = events.filter((e) => e.name.trim() === expected);
    // Other spellings (SignedUp) and one-letter near misses (signed_upp) of the expected name.
    const variants = eventNameVariants(names, expected);
    if (exact.length === 0 && (evidence.activities !== undefined || evidence.expectedEvents !== undefined)) {
      const failedSame = activities.filter((a) => a.type === "failed_event" && a.name?.trim() === expected);
      // Without the name-filtered answer, absence in one page is only a hint.
      const partial = evidence.expectedEvents === undefined && evidence.activitiesTruncated === true;
      const notes: string[] = [];
      if (variants.length) notes.push(`an event named ${variants.map((v) => quote(maskEventName(v))).join(", ")} did arrive (see event_name_mismatch)`);
      if (failedSame.length) notes.push("a failed_event with this name is in the activity log (see failed_activity)");
      out.push({
        code: "event_not_found",
        severity: partial ? "warning" : "error",
        pitfall: 3,
        message: `No ${quote(expected)} event arrived for this person in the past 30 days${partial ? ` (among the ${activities.length} latest activities read)` : ""}, so a campaign triggered by it could not start${notes.length ? `; ${notes.join("; ")}` : ""}.`,
        fix: "Check that your app tracks this event for this person's id, in this workspace and region, with exactly the name the campaign trigger uses; identify the person before tracking (pitfall 3). Events timestamped more than 72 hours in the past cannot trigger campaigns.",
        evidence: `${plural(events.length, "event")} read; names: ${listed([...new Set(names)].map((n) => quote(maskEventName(n), 60)), 8) || "none"}`,
      });
    }
    if (variants.length) {
      mismatchReported = true;
      out.push({
        code: "event_name_mismatch",
        severity: exact.length === 0 ? "error" : "warning",
        pitfall: 10,
        message:
          exact.length === 0
            ? `The campaign expects ${quote(expected)}, but this person's events arrive as ${variants.map((v) => quote(maskEventName(v))).join(", ")}. ${variants.some((v) => compareEventNames(v, expected) === "near_miss") ? "A trigger matches one exact name (case, separators and every letter), so it never matches." : "Event names are case-sensitive, so the trigger never matches."}`
            : `Besides ${quote(expected)}, the same event also arrives as ${variants.map((v) => quote(maskEventName(v))).join(", ")}; a trigger matches only one spelling, so those sends are missed.`,
        fix: `Use one spelling everywhere (snake_case, e.g. ${quote(expected.includes("_") ? expected : toSnakeCase(expected))}), in the code that tracks the event and in the campaign trigger.`,
        evidence: `expected ${quote(expected)}; arrived ${listed(variants.map((v) => `${quote(maskEventName(v))} ×${names.filter((n) => n === v).length}`), 5)}`,
      });
    }
  }
  if (!mismatchReported) {
    const groups = inconsistentEventNames(names);
    if (groups.length) {
      out.push({
        code: "event_name_mismatch",
        severity: "warning",
        pitfall: 10,
        message: `The same event arrives under several spellings (${groups.map((g) => g.map((n) => quote(maskEventName(n))).join(" / ")).slice(0, 3).join("; ")}). Event names are case-sensitive: a campaign trigger matches only one of them.`,
        fix: "Pick one convention (snake_case) and use it in every call and campaign trigger.",
        evidence: listed(groups.map((g) => g.map((n) => quote(maskEventName(n))).join(" vs "))),
      });
    }
  }

  const dynamic = findDynamicEventNames(names);
  if (dynamic.length) {
    const total = dynamic.reduce((n, g) => n + g.names.length, 0);
    out.push({
      code: "dynamic_event_names",
      severity: "warning",
      pitfall: 6,
      message: `${plural(total, "event name")} ${total === 1 ? "carries" : "carry"} variable parts such as ids or SKUs (pattern ${dynamic.map((g) => quote(maskEventName(g.pattern))).slice(0, 3).join(", ")}). Each variant is a separate event, so campaign triggers and the event catalog cannot use them.`,
      fix: "Track one static name (e.g. \"product_viewed\") and put the variable part in the event data ({ \"product_id\": \"SKU-123\" }).",
      evidence: listed(dynamic.map((g) => `${quote(maskEventName(g.pattern))}: ${g.names.slice(0, 3).map((n) => quote(maskEventName(n))).join(", ")}${g.names.length > 3 ? ` (+${g.names.length - 3})` : ""}`)),
    });
  }

  const pii = [...new Set(names)].map((n) => ({ name: n, kinds: piiInEventName(n) })).filter((p) => p.kinds.length);
  if (pii.length) {
    const kinds = [...new Set(pii.flatMap((p) => p.kinds))].map((k) => PII_WORDS[k]);
    out.push({
      code: "pii_in_event_name",
      severity: "warning",
      pitfall: 12,
      message: `${plural(pii.length, "event name")} ${pii.length === 1 ? "contains" : "contain"} personal data (${kinds.join(", ")}). Event names are indexed and cannot be erased per person, which conflicts with deletion requests (GDPR).`,
      fix: "Use a static event name and put the personal value in the event data, which is deleted with the person.",
      evidence: listed(pii.map((p) => quote(maskEventName(p.name)))),
    });
  }
  return out;
}

/** Every finding about one looked-up person, in a stable order (not yet sorted by severity). */
export function findingsForProfile(evidence: ProfileEvidence, options: ProfileCheckOptions): Finding[] {
  const out = lookupFindings(evidence);
  if (out.some((f) => f.code === "not_found")) return out;
  const { profile } = evidence;
  if (profile) {
    out.push(...identityFindings(profile));
    out.push(...millisecondTimestampFindings(profile.attributes));
    out.push(...subscriptionFindings(profile));
  }
  const activities = evidence.activities ?? [];
  out.push(...deliveryFindings(evidence.messages ?? [], activities, options.now));
  out.push(...failedActivityFindings(activities, options.now));
  out.push(...eventFindings(evidence, options));
  return out;
}

// ---- output shaping ----

const PRIORITY_ATTRIBUTES = [
  "id",
  "email",
  "cio_id",
  "created_at",
  "unsubscribed",
  "phone",
  "cio_subscription_preferences",
  "_cio_subscription_preferences_computed",
];

export interface SelectedAttributes {
  attributes: Record<string, string>;
  omitted: number;
}


/**
 * At most `max` attributes, values cut to `maxValue` characters: the
 * identifying and diagnostic ones first (ids, dates, subscription), then the
 * rest in the order the API returned them.
 */
export function selectAttributes(
  attributes: Record<string, string>,
  max = 40,
  maxValue = 200,
): SelectedAttributes {
  const names = Object.keys(attributes);
  const flagged = new Set(findMillisecondTimestamps(attributes).map((h) => h.name));
  const rank = (n: string): number => {
    const p = PRIORITY_ATTRIBUTES.indexOf(n);
    if (p >= 0) return p;
    if (flagged.has(n)) return 100;
    if (isTimestampAttributeName(n)) return 200;
    return 300;
  };
  const ordered = names.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i);
  const kept: Record<string, string> = {};
  for (const { n } of ordered.slice(0, max)) kept[clip(n, 150)] = clip(attributes[n] ?? "", maxValue);
  return { attributes: kept, omitted: Math.max(0, names.length - Object.keys(kept).length) };
}

/** Event activities, newest first, as `{name, timestamp}` (ISO time). */
export function recentEvents(
  activities: readonly CustomerActivity[],
  max = 25,
): { events: Array<{ name: string; timestamp: string | null }>; omitted: number } {
  const seen = new Set<string>();
  const events = activities.filter(isEvent).filter((a) => {
    const key = a.id ?? `${a.name}@${a.timestamp}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  events.sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  return {
    events: events.slice(0, max).map((e) => ({ name: clip(e.name, 150), timestamp: isoFromUnix(e.timestamp) })),
    omitted: Math.max(0, events.length - max),
  };
}
