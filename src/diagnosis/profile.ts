/**
 * Profile → findings: pure functions (no I/O) that read what the App API
 * returned about one person and say why messages or campaigns may not reach
 * them. Codes are the public contract's lookup_customer codes.
 */
import type { Region } from "../config.js";
import type { Finding } from "../findings.js";
import { MILLISECOND_TIMESTAMP_THRESHOLD } from "../knowledge/limits.js";
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

// In event names `_` is a separator, so it ends an email's local part here.
const EMAIL_ANYWHERE = /[A-Za-z0-9.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const EMAIL_ANYWHERE_G = new RegExp(EMAIL_ANYWHERE.source, "g");
// Lookarounds instead of \b, because `_` counts as a word character.
const PHONE_G = /\+\d[\d ().-]{6,}\d|(?<![\d.])\d{3}[ .-]\d{3}[ .-]\d{4}(?![\d.])/g;
const IPV4_G = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const UUID_G = /(?<![0-9a-f])[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?![0-9a-f])/gi;

/** True for a value that is a whole email address (`name@domain.tld`). */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value.trim());
}

/** `2026-01-02T03:04:05Z` for unix seconds, or null when out of range. */
export function isoFromUnix(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return null;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.000Z$/, "Z");
}

function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

function ago(seconds: number | null, now: Date): string {
  if (seconds === null || seconds <= 0) return "at an unknown time";
  const diff = now.getTime() / 1000 - seconds;
  if (diff < 0) return `on ${isoFromUnix(seconds)}`;
  if (diff < 3600) return `${Math.max(1, Math.round(diff / 60))} min ago`;
  if (diff < 2 * DAY) return `${Math.round(diff / 3600)} h ago`;
  return `${Math.round(diff / DAY)} days ago`;
}

function listed(items: readonly string[], max = EVIDENCE_ITEMS): string {
  const shown = items.slice(0, max).join("; ");
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
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

/** Attribute names that hold a point in time. */
export function isTimestampAttributeName(name: string): boolean {
  return /(^|_)(at|date|time|timestamp)$/i.test(name) || /[a-z0-9](At|Date|Time|Timestamp)$/.test(name);
}

/** Date-like attributes whose value is a number of milliseconds (or finer), not seconds. */
export function findMillisecondTimestamps(attributes: Record<string, string>): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (!isTimestampAttributeName(name)) continue;
    const text = value.trim();
    if (!/^\d+(\.\d+)?$/.test(text)) continue;
    if (Number(text) > MILLISECOND_TIMESTAMP_THRESHOLD) out.push({ name, value: text });
  }
  return out;
}

function describeMillis(name: string, value: string): string {
  const n = Number(value);
  const asMs = isoFromUnix(n / 1000);
  const asSecondsYear = Number.isFinite(n * 1000) && n * 1000 < 8.64e15 ? new Date(n * 1000).getUTCFullYear() : null;
  const read = asSecondsYear ? `read as seconds: year ${asSecondsYear}` : "read as seconds: beyond any valid date";
  return `${name}=${quote(value, 24)} (${read}${asMs ? `; as milliseconds: ${asMs}` : ""})`;
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
}

function messageLabel(m: CustomerMessage): string {
  const subject = m.subject ? ` ${quote(m.subject, 60)}` : "";
  const kind = m.type ?? "message";
  const campaign = m.campaignId !== null ? ` (campaign ${m.campaignId})` : "";
  return `${kind} ${m.id}${subject}${campaign}`;
}

const MESSAGE_RULES: Array<{ code: string; metrics: string[]; activity: string[] }> = [
  { code: "bounced", metrics: ["bounced"], activity: ["bounced_email"] },
  { code: "spam_complaint", metrics: ["spammed"], activity: ["spammed_email"] },
  { code: "undeliverable", metrics: ["undeliverable"], activity: ["undeliverable_email"] },
  { code: "failed_message", metrics: ["failed", "dropped"], activity: ["dropped_email"] },
];

/** bounced, spam_complaint, undeliverable, failed_message. */
export function deliveryFindings(
  messages: readonly CustomerMessage[],
  activities: readonly CustomerActivity[],
  now: Date,
): Finding[] {
  const problems = new Map<string, DeliveryProblem[]>();
  const add = (code: string, p: DeliveryProblem) => {
    const list = problems.get(code) ?? [];
    if (!list.some((x) => x.key === p.key)) list.push(p);
    problems.set(code, list);
  };
  const explained = (m: CustomerMessage) => ["bounced", "spammed", "undeliverable", "failed", "dropped"].some((k) => k in m.metrics);
  for (const m of messages) {
    for (const rule of MESSAGE_RULES) {
      const metric = rule.metrics.find((k) => k in m.metrics);
      if (!metric) continue;
      const reason = m.failureMessage ? `: ${quote(m.failureMessage, 120)}` : "";
      add(rule.code, { key: m.id, text: `${messageLabel(m)} ${metric} ${ago(m.metrics[metric] || m.created, now)}${reason}` });
    }
    if (m.failureMessage && !explained(m)) {
      add("failed_message", { key: m.id, text: `${messageLabel(m)} failed${` ${ago(m.created, now)}`}: ${quote(m.failureMessage, 120)}` });
    }
  }
  for (const a of activities) {
    const rule = MESSAGE_RULES.find((r) => r.activity.includes(a.type));
    if (!rule) continue;
    const key = a.deliveryId ?? a.id ?? `${a.type}@${a.timestamp}`;
    const reason = a.reason ? `: ${quote(a.reason, 120)}` : "";
    add(rule.code, { key, text: `activity ${a.type}${a.deliveryId ? ` for delivery ${a.deliveryId}` : ""} ${ago(a.timestamp, now)}${reason}` });
  }

  const out: Finding[] = [];
  const bounced = problems.get("bounced");
  if (bounced) {
    out.push({
      code: "bounced",
      severity: "error",
      message: `${plural(bounced.length, "email")} to this person bounced. The receiving server rejected the address, and the email provider usually suppresses it, so later emails are not delivered either.`,
      fix: "Check the address for typos and get a working one from the person; review the bounce in the delivery's details. Handle bounce webhooks so your app stops sending to bad addresses (pitfall 8).",
      evidence: listed(bounced.map((p) => p.text)),
    });
  }
  const spam = problems.get("spam_complaint");
  if (spam) {
    out.push({
      code: "spam_complaint",
      severity: "error",
      message: `The person marked ${plural(spam.length, "email")} as spam. The address is normally suppressed after a complaint; sending again harms your sender reputation.`,
      fix: "Do not email this person again unless they opt back in; review the consent and frequency of the campaign that drew the complaint.",
      evidence: listed(spam.map((p) => p.text)),
    });
  }
  const undeliverable = problems.get("undeliverable");
  if (undeliverable) {
    out.push({
      code: "undeliverable",
      severity: "error",
      message: `${plural(undeliverable.length, "message")} could not be sent at all (undeliverable): typically the address or phone is missing or invalid, or it is on a suppression list.`,
      fix: "Open the delivery in Customer.io to read the reason; fix the person's email/phone attribute or remove the address from the suppression list if it was suppressed by mistake.",
      evidence: listed(undeliverable.map((p) => p.text)),
    });
  }
  const failed = problems.get("failed_message");
  if (failed) {
    out.push({
      code: "failed_message",
      severity: "error",
      message: `${plural(failed.length, "message")} failed or ${failed.length === 1 ? "was" : "were"} dropped before delivery.`,
      fix: "Read the failure message: template errors (Liquid referencing missing attributes), an unverified sender domain, or the provider dropping a previously bounced or complained address are the usual causes. Fix the template or data and resend.",
      evidence: listed(failed.map((p) => p.text)),
    });
  }
  return out;
}

/** failed_activity: Customer.io rejected data about this person after accepting the request. */
export function failedActivityFindings(activities: readonly CustomerActivity[], now: Date): Finding[] {
  const failed = activities.filter((a) => a.type.startsWith("failed_"));
  if (failed.length === 0) return [];
  const texts = failed.map((a) => {
    const name = a.name ? ` ${quote(a.name, 60)}` : "";
    const reason = a.reason ? `: ${quote(a.reason, 120)}` : "";
    return `${a.type}${name} ${ago(a.timestamp, now)}${reason}`;
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

/** Case- and separator-insensitive form: SignedUp, signed_up, signed-up, "signed up" → "signedup". */
export function normalizeEventName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[\s_\-.:/]+/g, "");
}

/** Distinct names that equal `expected` only after normalization. */
export function eventNameVariants(names: readonly string[], expected: string): string[] {
  const want = normalizeEventName(expected);
  return [...new Set(names)].filter((n) => n !== expected.trim() && normalizeEventName(n) === want);
}

/** Groups of two or more distinct spellings of the same event. */
export function inconsistentEventNames(names: readonly string[]): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const n of names) {
    const key = normalizeEventName(n);
    if (!key) continue;
    const set = groups.get(key) ?? new Set<string>();
    set.add(n);
    groups.set(key, set);
  }
  return [...groups.values()].filter((s) => s.size > 1).map((s) => [...s]);
}

/** The kinds of personal data an event name contains. */
export function piiInEventName(name: string): Array<"email" | "phone" | "ip_address"> {
  const kinds: Array<"email" | "phone" | "ip_address"> = [];
  if (new RegExp(EMAIL_ANYWHERE.source).test(name)) kinds.push("email");
  const withoutEmail = name.replace(EMAIL_ANYWHERE_G, " ");
  if (new RegExp(PHONE_G.source).test(withoutEmail)) kinds.push("phone");
  if (new RegExp(IPV4_G.source).test(withoutEmail)) kinds.push("ip_address");
  return kinds;
}

/** The name with personal data replaced by placeholders, safe to show. */
export function maskEventName(name: string): string {
  return name.replace(EMAIL_ANYWHERE_G, "[email]").replace(PHONE_G, "[phone]").replace(IPV4_G, "[ip]");
}

/** The name with its variable parts (numbers, ids, emails) replaced by `{id}`. */
export function eventNameShape(name: string): string {
  const masked = name.replace(EMAIL_ANYWHERE_G, "{id}").replace(UUID_G, "{id}");
  return masked
    .split(/([\s_\-.:/#|]+)/)
    .map((part, i) => (i % 2 === 0 && /\d/.test(part) ? "{id}" : part))
    .join("");
}

/** Names that embed a long id on their own (a UUID or a run of 6+ digits). */
function embedsLongId(name: string): boolean {
  return new RegExp(UUID_G.source, "i").test(name) || /\d{6,}/.test(name);
}

export interface DynamicNameGroup {
  pattern: string;
  names: string[];
}

/** Event names that carry variable parts: 3+ names of one pattern, or a name holding a long id. */
export function findDynamicEventNames(names: readonly string[], minGroup = 3): DynamicNameGroup[] {
  const groups = new Map<string, Set<string>>();
  for (const n of new Set(names)) {
    const shape = eventNameShape(n);
    if (!shape.includes("{id}")) continue;
    const set = groups.get(shape) ?? new Set<string>();
    set.add(n);
    groups.set(shape, set);
  }
  const out: DynamicNameGroup[] = [];
  for (const [pattern, set] of groups) {
    const list = [...set];
    if (list.length >= minGroup || list.some(embedsLongId)) out.push({ pattern, names: list });
  }
  return out.sort((a, b) => b.names.length - a.names.length);
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
    const variants = eventNameVariants(names, expected);
    if (exact.length === 0 && (evidence.activities !== undefined || evidence.expectedEvents !== undefined)) {
      const failedSame = activities.filter((a) => a.type === "failed_event" && a.name?.trim() === expected);
      // Without the name-filtered answer, absence in one page is only a hint.
      const partial = evidence.expectedEvents === undefined && evidence.activitiesTruncated === true;
      const notes: string[] = [];
      if (variants.length) notes.push(`an event named ${variants.map((v) => quote(v)).join(", ")} did arrive (see event_name_mismatch)`);
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
            ? `The campaign expects ${quote(expected)}, but this person's events arrive as ${variants.map((v) => quote(v)).join(", ")}. Event names are case-sensitive, so the trigger never matches.`
            : `Besides ${quote(expected)}, the same event also arrives as ${variants.map((v) => quote(v)).join(", ")}; a trigger matches only one spelling, so those sends are missed.`,
        fix: `Use one spelling everywhere (snake_case, e.g. ${quote(expected.includes("_") ? expected : normalizeEventNameSnake(expected))}), in the code that tracks the event and in the campaign trigger.`,
        evidence: `expected ${quote(expected)}; arrived ${listed(variants.map((v) => `${quote(v)} ×${names.filter((n) => n === v).length}`), 5)}`,
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
        message: `The same event arrives under several spellings (${groups.map((g) => g.map((n) => quote(n)).join(" / ")).slice(0, 3).join("; ")}). Event names are case-sensitive: a campaign trigger matches only one of them.`,
        fix: "Pick one convention (snake_case) and use it in every call and campaign trigger.",
        evidence: listed(groups.map((g) => g.map((n) => quote(n)).join(" vs "))),
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
    const kinds = [...new Set(pii.flatMap((p) => p.kinds))].map((k) => k.replace("_", " "));
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

function normalizeEventNameSnake(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[\s\-.:/]+/g, "_");
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

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
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
  for (const { n } of ordered.slice(0, max)) kept[cap(n, 150)] = cap(attributes[n] ?? "", maxValue);
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
    events: events.slice(0, max).map((e) => ({ name: cap(e.name, 150), timestamp: isoFromUnix(e.timestamp) })),
    omitted: Math.max(0, events.length - max),
  };
}
