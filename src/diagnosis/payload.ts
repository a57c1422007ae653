/**
 * Offline checks of a request body before an app sends it to Customer.io:
 * identifiers, attributes, event names, timestamps and documented size
 * limits. Pure: the caller parses the input and supplies the current time.
 *
 * Every user-supplied key is read with Object.hasOwn / Object.entries and
 * never used to write into a plain object, so `__proto__` is just a name.
 */
import { sortFindings, type Finding, type Severity } from "../findings.js";
import { LIMITS, MILLISECOND_TIMESTAMP_THRESHOLD } from "../knowledge/limits.js";
import type { Limit } from "../knowledge/types.js";

export const PAYLOAD_CALLS = ["identify", "track", "track_anonymous", "batch", "send_email"] as const;
export type PayloadCall = (typeof PAYLOAD_CALLS)[number];

/** The request each call stands for, as the app would send it. */
export const PAYLOAD_ENDPOINTS: Record<PayloadCall, string> = {
  identify: "PUT /api/v1/customers/{customer_id} (Track API)",
  track: "POST /api/v1/customers/{customer_id}/events (Track API)",
  track_anonymous: "POST /api/v1/events (Track API)",
  batch: "POST /api/v2/batch (Track API v2)",
  send_email: "POST /v1/send/email (App API, transactional)",
};

/** Documented limits each call is checked against. */
export const LIMITS_BY_CALL: Record<PayloadCall, readonly Limit[]> = {
  identify: [LIMITS.identifierBytes, LIMITS.attributeNameBytes, LIMITS.attributeValueBytes, LIMITS.attributesPerCall],
  track: [LIMITS.identifierBytes, LIMITS.eventNameBytes, LIMITS.eventDataBytes, LIMITS.eventTriggerWindowSeconds],
  track_anonymous: [LIMITS.identifierBytes, LIMITS.eventNameBytes, LIMITS.eventDataBytes, LIMITS.eventTriggerWindowSeconds],
  batch: [
    LIMITS.v2BatchBytes,
    LIMITS.v2EntityBytes,
    LIMITS.identifierBytes,
    LIMITS.attributeNameBytes,
    LIMITS.attributeValueBytes,
    LIMITS.attributesPerCall,
    LIMITS.eventNameBytes,
    LIMITS.eventTriggerWindowSeconds,
  ],
  send_email: [LIMITS.transactionalBytes],
};

/** Deeper values are not inspected (Customer.io bodies are shallow). */
export const MAX_NESTING_DEPTH = 64;
/** Values visited per check, so a huge body cannot stall the server. */
const MAX_NODES_VISITED = 200_000;
const MAX_BATCH_ITEMS_CHECKED = 20_000;
const MAX_RECIPIENTS_CHECKED = 50;
export const DEFAULT_MAX_FINDINGS = 100;
const EVIDENCE_CHARS = 80;
const KEY_CHARS = 40;
/** Event-name analysis looks at this many characters; longer names are already too long. */
const NAME_ANALYSIS_CHARS = 256;

export interface PayloadCheckInput {
  call: PayloadCall;
  /** The identifier in the URL path (identify / track); undefined when not given. */
  customerId?: string;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** Size of the body as compact JSON, in UTF-8 bytes. */
  bodyBytes: number;
  /** Unix seconds of "now", for the event trigger window. */
  nowSeconds: number;
  maxFindings?: number;
}

export interface PayloadCheckCounts {
  body_bytes: number;
  customer_id_checked: boolean;
  attributes?: number;
  batch_items?: number;
  batch_items_checked?: number;
}

export interface PayloadCheckReport {
  /** Most severe first, at most maxFindings. */
  findings: Finding[];
  /** Findings left out to keep the answer bounded. */
  omitted: number;
  /** Counts over all findings, including the omitted ones. */
  counts: Record<Severity, number>;
  checked: PayloadCheckCounts;
  limits: readonly Limit[];
}

// ---------------------------------------------------------------- helpers

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Compact JSON size in bytes, or undefined when the value cannot be serialized. */
export function jsonBytes(value: unknown): number | undefined {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : utf8Bytes(text);
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own property only: inherited names (`constructor`, `__proto__`) never count. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function clip(text: string, max = EVIDENCE_CHARS): string {
  // Count code points so a clip never splits a surrogate pair.
  const chars = Array.from(text.length > max * 2 ? text.slice(0, max * 2) : text);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
}

/** A value as short evidence: JSON, clipped; huge strings are never echoed whole. */
export function preview(value: unknown, max = EVIDENCE_CHARS): string {
  if (typeof value === "string") return JSON.stringify(clip(value, max));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (isPlainObject(value)) return "an object";
  return typeof value;
}

function keyPath(prefix: string, key: string): string {
  const shown = clip(key, KEY_CHARS);
  const safe = /^[A-Za-z_$][\w$]*$/.test(shown) ? shown : JSON.stringify(shown);
  if (!prefix) return safe;
  return safe.startsWith('"') ? `${prefix}[${safe}]` : `${prefix}.${safe}`;
}

function limitCite(limit: Limit): string {
  return `limit ${limit.value.toLocaleString("en-US")} ${limit.unit} (${limit.id}, ${limit.sources[0]?.url ?? limit.sources[0]?.note ?? "documented"})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// ------------------------------------------------------------ the sink

/** Collects findings; keeps a bounded number per severity so sorting never drops errors. */
class FindingSink {
  readonly counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private readonly kept: Finding[] = [];
  private readonly keptBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private partialReported = false;
  nodesLeft = MAX_NODES_VISITED;

  constructor(private readonly max: number) {}

  add(f: Finding): void {
    this.counts[f.severity]++;
    if (this.keptBySeverity[f.severity] >= this.max) return;
    this.keptBySeverity[f.severity]++;
    this.kept.push(f);
  }

  /** Says once that part of the body was not inspected. */
  partial(reason: string): void {
    if (this.partialReported) return;
    this.partialReported = true;
    this.add({
      code: "payload_partially_checked",
      severity: "info",
      message: `Part of the payload was not inspected: ${reason}.`,
      fix: "Check the remaining part separately if it matters; the size checks covered the whole body.",
    });
  }

  result(): { findings: Finding[]; omitted: number } {
    const findings = sortFindings(this.kept).slice(0, this.max);
    const total = this.counts.error + this.counts.warning + this.counts.info;
    return { findings, omitted: total - findings.length };
  }
}

// ------------------------------------------------------ emails and ids

const EMAIL_SHAPE = /^[^\s@<>()[\]\\,;:"]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/** A deliverable-looking address: local@domain.tld (Unicode allowed). */
export function isValidEmail(text: string): boolean {
  if (text.length > 254 || text.length < 6) return false;
  if (!EMAIL_SHAPE.test(text)) return false;
  const local = text.slice(0, text.lastIndexOf("@"));
  return local.length <= 64 && !local.startsWith(".") && !local.endsWith(".") && !local.includes("..");
}

export function looksLikeEmail(text: string): boolean {
  return text.includes("@") && isValidEmail(text.trim());
}

/**
 * Splits an address list on commas outside quotes and angle brackets, so
 * `"Doe, Jane" <jane@example.com>, bob@example.com` is two recipients.
 */
export function splitAddressList(list: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < list.length; i++) {
    const ch = list.charCodeAt(i);
    if (ch === 34 /* " */ && !angle) quoted = !quoted;
    else if (ch === 60 /* < */ && !quoted) angle = true;
    else if (ch === 62 /* > */ && !quoted) angle = false;
    else if (ch === 44 /* , */ && !quoted && !angle) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
      if (parts.length >= MAX_RECIPIENTS_CHECKED) return parts;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}

/** The address inside `Name <addr>`, or the whole text. */
export function addressOf(entry: string): string {
  const open = entry.lastIndexOf("<");
  if (open >= 0 && entry.endsWith(">")) return entry.slice(open + 1, -1).trim();
  return entry.trim();
}

// ----------------------------------------------------------- timestamps

const TIMESTAMP_KEY = /(?:^|_)(?:at|on|timestamp|ts|time|date|last_used)$|[a-z0-9](?:At|On|Timestamp|Ts|Time|Date)$/;

/** Keys whose values Customer.io reads as Unix seconds (created_at, _timestamp, lastLoginAt…). */
export function isTimestampKey(key: string): boolean {
  return key.length <= 200 && TIMESTAMP_KEY.test(key);
}

/** A number, or a string holding only a number. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string") {
    const t = value.trim();
    if (t.length === 0 || t.length > 32 || !/^-?\d+(?:\.\d+)?$/.test(t)) return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** True for values too large to be Unix seconds: milliseconds (or finer). */
export function isMillisecondTimestamp(value: unknown): boolean {
  const n = numericValue(value);
  return n !== undefined && n > MILLISECOND_TIMESTAMP_THRESHOLD;
}

function describeMilliseconds(n: number): string {
  const yearAsSeconds = Math.floor(1970 + n / 31_556_952);
  const asMs = new Date(n);
  const msText = Number.isNaN(asMs.getTime()) ? "" : `; as milliseconds: ${asMs.toISOString().slice(0, 10)}`;
  return `read as seconds: year ${yearAsSeconds.toLocaleString("en-US")}${msText}`;
}

function millisecondFinding(path: string, value: unknown, severity: Severity, effect: string): Finding {
  const n = numericValue(value) ?? 0;
  return {
    code: "millisecond_timestamp",
    severity,
    message: `${path} looks like milliseconds, but Customer.io reads it as Unix seconds: ${effect}.`,
    fix: "Send Unix seconds: Math.floor(Date.now() / 1000), or divide the stored milliseconds by 1000.",
    pitfall: 2,
    evidence: `${path} = ${preview(value, 24)} (${describeMilliseconds(n)}; threshold ${MILLISECOND_TIMESTAMP_THRESHOLD})`,
  };
}

/**
 * Walks a value looking for millisecond timestamps under timestamp-like
 * keys, depth- and node-bounded. Array items inherit their parent's key.
 */
function scanTimestamps(
  value: unknown,
  path: string,
  key: string | undefined,
  sink: FindingSink,
  severity: Severity,
  effect: string,
  depth = 0,
): void {
  if (sink.nodesLeft-- <= 0) {
    sink.partial(`more than ${MAX_NODES_VISITED.toLocaleString("en-US")} values`);
    return;
  }
  if (key !== undefined && isTimestampKey(key) && isMillisecondTimestamp(value)) {
    sink.add(millisecondFinding(path, value, severity, effect));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= MAX_NESTING_DEPTH) {
    sink.partial(`values nested deeper than ${MAX_NESTING_DEPTH} levels (first at ${clip(path, 60)})`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      scanTimestamps(value[i], `${path}[${i}]`, key, sink, severity, effect, depth + 1);
      if (sink.nodesLeft <= 0) return;
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    scanTimestamps(v, keyPath(path, k), k, sink, severity, effect, depth + 1);
    if (sink.nodesLeft <= 0) return;
  }
}

function scanEntries(
  obj: Record<string, unknown>,
  prefix: string,
  sink: FindingSink,
  severity: Severity,
  effect: string,
  skip: ReadonlySet<string> = new Set(),
): void {
  for (const [k, v] of Object.entries(obj)) {
    if (skip.has(k)) continue;
    scanTimestamps(v, keyPath(prefix, k), k, sink, severity, effect, 1);
    if (sink.nodesLeft <= 0) return;
  }
}

const ATTRIBUTE_MS_EFFECT = "the date lands thousands of years in the future and date-based segments and filters silently break";
const EVENT_MS_EFFECT = "the event is dated thousands of years in the future, so it cannot trigger campaigns and time filters break";

function formatAge(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return `${days} days ${hours % 24} h`;
}

/** The event `timestamp`: seconds, not milliseconds, recent enough to trigger. */
function checkEventTimestamp(value: unknown, path: string, sink: FindingSink, nowSeconds: number): void {
  if (!present(value)) return;
  const n = numericValue(value);
  if (n === undefined) {
    sink.add({
      code: "invalid_timestamp",
      severity: "warning",
      message: `${path} is not a Unix timestamp; Customer.io documents it as whole Unix seconds, so it may be rejected or ignored.`,
      fix: "Send Math.floor(date.getTime() / 1000), or leave timestamp out to use the time Customer.io receives the call.",
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  if (n > MILLISECOND_TIMESTAMP_THRESHOLD) {
    sink.add(millisecondFinding(path, value, "error", EVENT_MS_EFFECT));
    return;
  }
  if (n <= 0) {
    sink.add({
      code: "invalid_timestamp",
      severity: "warning",
      message: `${path} is zero or negative, which dates the event at or before 1970.`,
      fix: "Send the real event time in Unix seconds, or leave timestamp out.",
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  if (!Number.isInteger(n)) {
    sink.add({
      code: "invalid_timestamp",
      severity: "warning",
      message: `${path} has a fraction; Customer.io documents it as whole Unix seconds.`,
      fix: "Round down: Math.floor(Date.now() / 1000).",
      evidence: `${path} = ${preview(value)}`,
    });
  }
  const window = LIMITS.eventTriggerWindowSeconds;
  const age = nowSeconds - n;
  if (age > window.value) {
    sink.add({
      code: "event_too_old_to_trigger",
      severity: "warning",
      message: `${path} is ${formatAge(age)} in the past: Customer.io accepts the event, but only events from the last ${window.value / 3600} hours can trigger campaigns.`,
      fix: "Send events as they happen (or within the window); backfilled history will not start campaigns, so trigger those people another way.",
      evidence: `${path} = ${Math.floor(n)} (${new Date(n * 1000).toISOString()}); ${limitCite(window)}`,
    });
  }
}

// --------------------------------------------------------- identifiers

type IdentifierKind = "id" | "email" | "cio_id" | "phone" | "anonymous_id" | "object_id" | "delivery_id";

/** One identifier value: not empty, within the byte limit, not an email where an id belongs. */
function checkIdentifierValue(value: unknown, path: string, kind: IdentifierKind, sink: FindingSink): void {
  if (value === undefined) return;
  if (typeof value === "number" && Number.isFinite(value)) value = String(value);
  if (typeof value !== "string") {
    sink.add({
      code: "invalid_field_type",
      severity: "error",
      message: `${path} must be a string (or a number), not ${preview(value)}.`,
      fix: "Send the identifier as a string.",
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  if (value.trim() === "") {
    sink.add({
      code: "empty_identifier",
      severity: "error",
      message: `${path} is empty${value.length ? " (only whitespace)" : ""}: Customer.io cannot tell who this is for.`,
      fix: "Make sure the identifier is set before the call (a missing user id often arrives as an empty string).",
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  if (kind === "email") {
    if (!isValidEmail(value.trim())) {
      sink.add({
        code: "invalid_email",
        severity: "error",
        message: `${path} is not a valid email address, so Customer.io cannot find or reach this person by email.`,
        fix: "Send a well-formed address (local@domain.tld) without surrounding spaces or a display name.",
        evidence: `${path} = ${preview(value)}`,
      });
    }
    return;
  }
  const bytes = utf8Bytes(value);
  const limit = LIMITS.identifierBytes;
  // The documented 150-byte limit is for person ids; anonymous ids get the same check.
  if ((kind === "id" || kind === "anonymous_id") && bytes > limit.value) {
    sink.add({
      code: "identifier_too_long",
      severity: "error",
      message: `${path} is ${bytes} bytes (UTF-8); Customer.io allows at most ${limit.value}.`,
      fix: "Use a shorter, stable identifier such as your database primary key.",
      evidence: `${path} = ${preview(value, 40)}: ${bytes} bytes; ${limitCite(limit)}`,
    });
  }
  if (kind === "id" && looksLikeEmail(value)) {
    sink.add({
      code: "email_as_id",
      severity: "warning",
      message: `${path} is an email address. Emails change; when this person changes theirs you get a second profile.`,
      fix: "Use an immutable database id as the identifier and keep the email as the `email` attribute.",
      pitfall: 4,
      evidence: `${path} = ${preview(value)}`,
    });
  }
}

/** `identifiers`: exactly one of the allowed keys (id / email / cio_id [/ phone]). */
function checkIdentifierSet(
  ids: unknown,
  path: string,
  allowed: readonly IdentifierKind[],
  sink: FindingSink,
): Record<string, unknown> | undefined {
  const allowedText = allowed.join(" / ");
  if (!isPlainObject(ids)) {
    sink.add({
      code: "identifiers_not_exactly_one",
      severity: "error",
      message: `${path} is ${present(ids) ? "not an object" : "missing"}; it must name the person by exactly one of ${allowedText}.`,
      fix: `Send ${path}: {"id": "<your user id>"} (or one of ${allowedText}).`,
      evidence: `${path} = ${present(ids) ? preview(ids) : "(absent)"}`,
    });
    return undefined;
  }
  const given = allowed.filter((k) => present(own(ids, k)));
  if (given.length !== 1) {
    const others = Object.keys(ids).filter((k) => !(allowed as readonly string[]).includes(k));
    const extra = others.length ? `; other keys: ${others.slice(0, 5).map((k) => clip(k, 20)).join(", ")}` : "";
    sink.add({
      code: "identifiers_not_exactly_one",
      severity: "error",
      message:
        given.length === 0
          ? `${path} has none of ${allowedText}; it needs exactly one.`
          : `${path} has ${given.join(" and ")}; Customer.io needs exactly one of ${allowedText}.`,
      fix: "Keep a single identifier (id if you have it), and drop the others.",
      evidence: `${path} keys: ${given.length ? given.join(", ") : "(none of them)"}${extra}`,
    });
  }
  for (const k of given) checkIdentifierValue(own(ids, k), `${path}.${k}`, k, sink);
  return ids;
}

// ----------------------------------------------------------- attributes

/** Identify keys with a special meaning: not counted as custom attributes. */
const SPECIAL_KEYS = new Set([
  "id",
  "email",
  "cio_id",
  "anonymous_id",
  "_update",
  "_timestamp",
  "cio_relationships",
  "cio_subscription_preferences",
  "unsubscribed",
]);

function isSpecialKey(key: string): boolean {
  return SPECIAL_KEYS.has(key) || key.startsWith("cio_subscription_preferences.");
}

/** Attribute names, values and count against the documented limits; returns the custom-attribute count. */
function checkAttributes(attrs: Record<string, unknown>, prefix: string, sink: FindingSink): number {
  const nameLimit = LIMITS.attributeNameBytes;
  const valueLimit = LIMITS.attributeValueBytes;
  let custom = 0;
  for (const [name, value] of Object.entries(attrs)) {
    const path = keyPath(prefix, name);
    if (isSpecialKey(name)) continue;
    custom++;
    const nameBytes = utf8Bytes(name);
    if (nameBytes > nameLimit.value) {
      sink.add({
        code: "attribute_name_too_long",
        severity: "error",
        message: `Attribute name ${JSON.stringify(clip(name, KEY_CHARS))} is ${nameBytes} bytes; Customer.io allows ${nameLimit.value}.`,
        fix: "Use a short, fixed attribute name and put variable text in the value.",
        evidence: `${path}: ${nameBytes} bytes; ${limitCite(nameLimit)}`,
      });
    }
    let valueBytes: number | undefined;
    let serialized = false;
    if (typeof value === "string") valueBytes = utf8Bytes(value);
    else if (typeof value === "object" && value !== null) {
      valueBytes = jsonBytes(value);
      serialized = true;
    }
    if (valueBytes !== undefined && valueBytes > valueLimit.value) {
      sink.add({
        code: "attribute_value_too_long",
        severity: serialized ? "warning" : "error",
        message: serialized
          ? `${path} serializes to ${valueBytes} bytes of JSON; Customer.io limits attribute values to ${valueLimit.value} bytes and may reject or cut it.`
          : `${path} is ${valueBytes} bytes; Customer.io rejects attribute values over ${valueLimit.value} bytes.`,
        fix: "Store large content in your own system and send a short reference (an id or URL) as the attribute.",
        evidence: `${path} = ${preview(value, 40)}: ${valueBytes} bytes; ${limitCite(valueLimit)}`,
      });
    }
  }
  const countLimit = LIMITS.attributesPerCall;
  if (custom > countLimit.value) {
    sink.add({
      code: "too_many_attributes",
      severity: "error",
      message: `${prefix || "The body"} sets ${custom} attributes; Customer.io accepts at most ${countLimit.value} unique attributes per call (and per person).`,
      fix: "Send only the attributes you segment or personalise on; split the rest or keep it in your own system.",
      evidence: `${custom} custom attributes (special keys not counted); ${limitCite(countLimit)}`,
    });
  }
  return custom;
}

function checkEmailAttribute(
  attrs: Record<string, unknown> | undefined,
  where: string,
  path: string,
  sink: FindingSink,
  missingSeverity: Severity | undefined,
  missingContext: string,
): void {
  const email = attrs ? own(attrs, "email") : undefined;
  if (!present(email) || email === "") {
    if (!missingSeverity) return;
    sink.add({
      code: "missing_email",
      severity: missingSeverity,
      message: `${where} has no email${email === "" ? " (it is an empty string)" : ""}: ${missingContext}`,
      fix: "Include the person's email as the `email` attribute when you identify them.",
      pitfall: 5,
      evidence: `${path}: ${email === "" ? 'email = ""' : "no email key"}`,
    });
    return;
  }
  if (typeof email !== "string" || !isValidEmail(email.trim())) {
    sink.add({
      code: "invalid_email",
      severity: "error",
      message: `${path} is not a valid email address: Customer.io may reject the call, and nobody can email this person.`,
      fix: "Validate and normalise the address before sending (local@domain.tld, no display name, no spaces).",
      evidence: `${path} = ${preview(email)}`,
    });
  } else if (email !== email.trim()) {
    sink.add({
      code: "invalid_email",
      severity: "warning",
      message: `${path} has leading or trailing whitespace.`,
      fix: "Trim the address before sending.",
      evidence: `${path} = ${preview(email)}`,
    });
  }
}

// ----------------------------------------------------------- event names

const SNAKE_CASE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
// Undashed UUIDs are caught by the hex-id rule, which also needs a digit.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /(?<!\d)(?:19|20)\d\d[-_/.]?(?:0[1-9]|1[0-2])[-_/.]?(?:0[1-9]|[12]\d|3[01])(?!\d)/;
const LONG_NUMBER = /\d{4,}/;
const LONG_HEX = /[0-9a-f]{12,}/i;
const TEMPLATE_LEFTOVER = /\$\{|\{\{|%[sd]|\[object Object\]/;
const EMAIL_INSIDE = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/;
const INTERNATIONAL_PHONE = /\+\d[\d ().-]{6,18}\d/;
const LOCAL_PHONE = /(?<!\d)\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)/;
const SSN = /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/;
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/;

/** Suggests the snake_case spelling of a name. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/** What personal data an event name contains, if any. */
export function piiInEventName(name: string): string | undefined {
  const text = name.slice(0, NAME_ANALYSIS_CHARS);
  if (EMAIL_INSIDE.test(text)) return "an email address";
  if (SSN.test(text)) return "what looks like a social security number";
  if (INTERNATIONAL_PHONE.test(text) || LOCAL_PHONE.test(text)) return "a phone number";
  if (IPV4.test(text)) return "an IP address";
  return undefined;
}

/** The dynamic part of an event name (an id, number, date, leftover template), if any. */
export function dynamicPartOfEventName(name: string): { kind: string; part: string } | undefined {
  const text = name.slice(0, NAME_ANALYSIS_CHARS);
  const hit = (re: RegExp) => re.exec(text)?.[0];
  let part = hit(TEMPLATE_LEFTOVER);
  if (part) return { kind: "an unfilled template placeholder", part };
  const tokens = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  // "null"/"NaN" only at the end, so names like null_pointer_error stay clean.
  const last = tokens[tokens.length - 1] ?? "";
  const missing = tokens.find((t) => /^undefined$/i.test(t)) ?? (/^(?:null|nan)$/i.test(last) ? last : undefined);
  if (missing) return { kind: `a "${missing}" left by a missing value`, part: missing };
  if ((part = hit(UUID))) return { kind: "a UUID", part };
  if ((part = hit(ISO_DATE))) return { kind: "a date", part };
  if ((part = hit(LONG_HEX)) && /\d/.test(part) && /[a-f]/i.test(part)) return { kind: "a hex id", part };
  if ((part = hit(LONG_NUMBER))) return { kind: "a number (an id, SKU, year or timestamp)", part };
  for (const token of tokens) {
    if (token.length < 6) continue;
    const switches = token.match(/[A-Za-z](?=\d)|\d(?=[A-Za-z])/g)?.length ?? 0;
    if (switches >= 3) return { kind: "a random-looking id", part: token };
  }
  return undefined;
}

/** How a name departs from snake_case, or undefined when it is snake_case. */
export function eventNameStyle(name: string): string | undefined {
  if (SNAKE_CASE.test(name)) return undefined;
  if (/\s/.test(name)) return "contains spaces";
  if (name.includes("-")) return "is kebab-case (hyphens)";
  if (name.includes(".")) return "uses dots";
  if (/^[A-Z][A-Za-z0-9]*$/.test(name) && /[a-z]/.test(name)) return "is PascalCase";
  if (/^[a-z][A-Za-z0-9]*$/.test(name)) return "is camelCase";
  if (/^[A-Z0-9_]+$/.test(name)) return "is UPPER_CASE";
  if (/[A-Z]/.test(name)) return "mixes upper and lower case";
  return "contains characters other than lowercase letters, digits and underscores";
}

type EventKind = "event" | "page" | "screen";

/** The event `name`: present, short enough, trimmed, static, PII-free, snake_case. */
function checkEventName(raw: unknown, path: string, kind: EventKind, sink: FindingSink): void {
  if (typeof raw !== "string" || raw.trim() === "") {
    sink.add({
      code: "missing_event_name",
      severity: "error",
      message: !present(raw)
        ? `${path} is missing; every event needs a name.`
        : typeof raw === "string"
          ? `${path} is empty; every event needs a name.`
          : `${path} must be a string, not ${preview(raw)}.`,
      fix: 'Send a fixed snake_case name, e.g. "order_completed".',
      evidence: `${path} = ${present(raw) ? preview(raw) : "(absent)"}`,
    });
    return;
  }
  const name = raw.trim();
  const limit = LIMITS.eventNameBytes;
  const bytes = utf8Bytes(name);
  if (bytes > limit.value) {
    sink.add({
      code: "event_name_too_long",
      // Page and screen names are URLs and titles; the documented limit names events only.
      severity: kind === "event" ? "error" : "warning",
      message: `${path} is ${bytes} bytes; Customer.io allows event names of at most ${limit.value} bytes.`,
      fix: "Use a short, fixed name and move the details into data.",
      evidence: `${path} = ${preview(name, 40)}: ${bytes} bytes; ${limitCite(limit)}`,
    });
  }
  if (raw !== name) {
    sink.add({
      code: "event_name_whitespace",
      severity: "warning",
      message: `${path} has leading or trailing whitespace; Customer.io trims it, so the stored name differs from what your code compares against.`,
      fix: `Trim the name before sending: ${JSON.stringify(clip(name, 60))}.`,
      evidence: `${path} = ${preview(raw)}`,
    });
  }
  const pii = piiInEventName(name);
  if (pii) {
    sink.add({
      code: "pii_in_event_name",
      severity: "error",
      message: `${path} contains ${pii}. Event names are indexed and shared across the workspace; personal data there cannot be deleted per person.`,
      fix: 'Use a fixed name (e.g. "email_sent") and put the personal data in the event data, which can be deleted.',
      pitfall: 12,
      evidence: `${path} contains ${pii} (${name.length} characters; value withheld)`,
    });
    return;
  }
  // Page names are URLs and screen names follow the app's own naming: only PII and length apply.
  if (kind !== "event") return;
  const dynamic = dynamicPartOfEventName(name);
  if (dynamic) {
    sink.add({
      code: "dynamic_event_name",
      severity: "warning",
      message: `${path} embeds ${dynamic.kind}: every value makes a new event name, and a campaign trigger can only match one of them.`,
      fix: `Use one fixed name and move the variable part into data, e.g. name "${toSnakeCase(name.replace(dynamic.part, "")) || "item_viewed"}" with data {"id": ${JSON.stringify(clip(dynamic.part, 40))}}.`,
      pitfall: 6,
      evidence: `${path} = ${preview(name)}`,
    });
    return;
  }
  const style = eventNameStyle(name);
  if (style) {
    const suggestion = toSnakeCase(name);
    sink.add({
      code: "event_name_inconsistent",
      severity: "warning",
      message: `${path} ${style}, not snake_case. Event names are case-sensitive; a trigger matches one exact spelling, so mixed conventions miss events.`,
      fix: suggestion
        ? `Use snake_case everywhere: "${clip(suggestion, 60)}", and make the campaign trigger use the same spelling.`
        : "Use snake_case names everywhere, and make the campaign trigger use the same spelling.",
      pitfall: 10,
      evidence: `${path} = ${preview(name)}`,
    });
  }
}

// ------------------------------------------------------------ the calls

function invalidType(sink: FindingSink, path: string, expected: string, value: unknown, severity: Severity = "error"): void {
  sink.add({
    code: "invalid_field_type",
    severity,
    message: `${path} must be ${expected}, not ${preview(value)}.`,
    fix: `Send ${path} as ${expected}.`,
    evidence: `${path} = ${preview(value)}`,
  });
}

function checkPathIdentifier(customerId: string | undefined, sink: FindingSink): void {
  if (customerId === undefined) return;
  checkIdentifierValue(customerId, "customer_id (URL path)", "id", sink);
}

function checkIdentify(input: PayloadCheckInput, sink: FindingSink, checked: PayloadCheckCounts): void {
  const { body, customerId } = input;
  checkPathIdentifier(customerId, sink);
  const pathIsEmail = customerId !== undefined && looksLikeEmail(customerId);
  const pathIsCioId = customerId !== undefined && customerId.startsWith("cio_");

  const bodyId = own(body, "id");
  if (present(bodyId)) {
    checkIdentifierValue(bodyId, "id", "id", sink);
    const idText = typeof bodyId === "number" ? String(bodyId) : bodyId;
    if (customerId !== undefined && !pathIsEmail && !pathIsCioId && typeof idText === "string" && idText !== customerId) {
      sink.add({
        code: "identifier_mismatch",
        severity: "warning",
        message:
          "The body id differs from the customer_id in the path. Customer.io answers 200, but if the two belong to different people the update fails (an Attribute Update Failure in the activity log).",
        fix: "Send the same id in the path and the body, or address the person as cio_<cio_id> when you mean to change their id.",
        evidence: `path ${preview(customerId, 36)} vs body id ${preview(idText, 36)}`,
      });
    }
  }

  const updateOnly = own(body, "_update") === true;
  const missingSeverity: Severity | undefined = pathIsEmail ? undefined : updateOnly || pathIsCioId ? "info" : "warning";
  checkEmailAttribute(
    body,
    "The identify body",
    "email",
    sink,
    missingSeverity,
    updateOnly || pathIsCioId
      ? "fine if the profile already has one, otherwise this person cannot receive email."
      : "the profile exists but cannot receive email campaigns or transactional email.",
  );
  checked.attributes = checkAttributes(body, "", sink);
  scanEntries(body, "", sink, "error", ATTRIBUTE_MS_EFFECT);
}

function checkEventData(data: unknown, path: string, sink: FindingSink, withSizeLimit: boolean): void {
  if (!present(data)) return;
  if (!isPlainObject(data)) {
    invalidType(sink, path, "an object", data);
    return;
  }
  if (withSizeLimit) {
    const limit = LIMITS.eventDataBytes;
    const bytes = jsonBytes(data);
    if (bytes !== undefined && bytes > limit.value) {
      sink.add({
        code: "payload_too_large",
        severity: "error",
        message: `${path} is ${bytes.toLocaleString("en-US")} bytes of JSON; Customer.io accepts at most ${limit.value.toLocaleString("en-US")} bytes of event data.`,
        fix: "Send only what messages and segments use; keep bulky content in your system and reference it by id or URL.",
        evidence: `${path}: ${bytes} bytes; ${limitCite(limit)}`,
      });
    }
  }
  const recipient = own(data, "recipient");
  if (present(recipient) && (typeof recipient !== "string" || !isValidEmail(addressOf(recipient)))) {
    sink.add({
      code: "invalid_recipient",
      severity: "error",
      message: `${path}.recipient overrides who messages triggered by this event go to, but it is not a valid email address.`,
      fix: "Send a valid address in recipient, or leave it out to use the person's email.",
      evidence: `${path}.recipient = ${preview(recipient)}`,
    });
  }
  for (const key of ["from_address", "reply_to"]) {
    const value = own(data, key);
    if (present(value) && (typeof value !== "string" || !isValidEmail(addressOf(value)))) {
      sink.add({
        code: "invalid_email",
        severity: "warning",
        message: `${path}.${key} overrides the campaign's ${key === "reply_to" ? "reply-to" : "from"} address but is not a valid email address.`,
        fix: `Send a valid address in ${key}, or leave it out to use the campaign's setting.`,
        evidence: `${path}.${key} = ${preview(value)}`,
      });
    }
  }
  scanEntries(data, path, sink, "error", ATTRIBUTE_MS_EFFECT);
}

function eventKindOf(value: unknown, path: string, sink: FindingSink): EventKind {
  if (!present(value)) return "event";
  if (value === "event" || value === "page" || value === "screen") return value;
  invalidType(sink, path, '"event", "page" or "screen"', value, "warning");
  return "event";
}

function checkTrack(input: PayloadCheckInput, sink: FindingSink, anonymous: boolean): void {
  const { body } = input;
  if (!anonymous) checkPathIdentifier(input.customerId, sink);
  if (anonymous) {
    const anonymousId = own(body, "anonymous_id");
    if (!present(anonymousId)) {
      sink.add({
        code: "missing_anonymous_id",
        severity: "info",
        message:
          "No anonymous_id: this stays an anonymous event that can never be merged into a person, so it cannot trigger campaigns for anyone who signs up later.",
        fix: "Send the visitor's anonymous_id, and pass the same anonymous_id when you identify them.",
      });
    } else {
      checkIdentifierValue(anonymousId, "anonymous_id", "anonymous_id", sink);
    }
  }
  const kind = eventKindOf(own(body, "type"), "type", sink);
  checkEventName(own(body, "name"), "name", kind, sink);
  checkEventTimestamp(own(body, "timestamp"), "timestamp", sink, input.nowSeconds);
  checkEventData(own(body, "data"), "data", sink, true);
}

const PERSON_ACTIONS = new Set([
  "identify",
  "delete",
  "event",
  "screen",
  "page",
  "add_relationships",
  "delete_relationships",
  "add_device",
  "delete_device",
  "merge",
  "suppress",
  "unsuppress",
]);
const OBJECT_ACTIONS = new Set(["identify", "identify_anonymous", "delete", "add_relationships", "delete_relationships"]);
const DELIVERY_METRICS = new Set(["opened", "converted", "delivered"]);
const V2_PERSON_IDENTIFIERS: readonly IdentifierKind[] = ["id", "email", "cio_id", "phone"];
const TOP_LEVEL_TIMESTAMP = new Set(["timestamp"]);

function invalidItem(sink: FindingSink, path: string, problem: string, fix: string, evidence: string): void {
  sink.add({ code: "invalid_batch_item", severity: "error", message: `${path} ${problem}.`, fix, evidence });
}

function checkBatchItem(item: unknown, index: number, sink: FindingSink, nowSeconds: number): void {
  const path = `batch[${index}]`;
  if (!isPlainObject(item)) {
    invalidItem(sink, path, "is not an object", 'Each item is an object such as {"type":"person","identifiers":{"id":"42"},"action":"identify"}.', `${path} = ${preview(item)}`);
    return;
  }
  const itemLimit = LIMITS.v2EntityBytes;
  const itemBytes = jsonBytes(item);
  if (itemBytes !== undefined && itemBytes > itemLimit.value) {
    sink.add({
      code: "batch_item_too_large",
      severity: "error",
      message: `${path} is ${itemBytes.toLocaleString("en-US")} bytes; each batch item must be at most ${itemLimit.value.toLocaleString("en-US")} bytes.`,
      fix: "Trim the item's attributes (send large content by reference) or split it into several operations.",
      evidence: `${path}: ${itemBytes} bytes; ${limitCite(itemLimit)}`,
    });
  }
  const type = own(item, "type");
  const action = own(item, "action");
  const actionText = typeof action === "string" ? action : "";
  if (type !== "person" && type !== "object" && type !== "delivery") {
    invalidItem(sink, path, `has type ${present(type) ? preview(type) : "(absent)"}; it must be "person", "object" or "delivery"`, 'Set "type": "person" for people.', `${path}.type = ${present(type) ? preview(type) : "(absent)"}`);
    return;
  }
  const actions = type === "person" ? PERSON_ACTIONS : type === "object" ? OBJECT_ACTIONS : new Set(["event"]);
  if (!actions.has(actionText)) {
    invalidItem(
      sink,
      path,
      `has action ${present(action) ? preview(action) : "(absent)"}, which ${type} items do not support`,
      `Use one of: ${[...actions].join(", ")}.`,
      `${path}.action = ${present(action) ? preview(action) : "(absent)"}`,
    );
    return;
  }

  const attributes = own(item, "attributes");
  if (present(attributes) && !isPlainObject(attributes)) invalidType(sink, `${path}.attributes`, "an object", attributes);
  const attrs = isPlainObject(attributes) ? attributes : undefined;

  if (type === "person") {
    if (actionText === "merge") {
      checkIdentifierSet(own(item, "primary"), `${path}.primary`, V2_PERSON_IDENTIFIERS, sink);
      checkIdentifierSet(own(item, "secondary"), `${path}.secondary`, V2_PERSON_IDENTIFIERS, sink);
    } else {
      const ids = checkIdentifierSet(own(item, "identifiers"), `${path}.identifiers`, V2_PERSON_IDENTIFIERS, sink);
      if (actionText === "identify") {
        const emailIdentifier = ids ? own(ids, "email") : undefined;
        if (attrs) checkAttributes(attrs, `${path}.attributes`, sink);
        checkEmailAttribute(
          attrs,
          `${path} (identify)`,
          `${path}.attributes.email`,
          sink,
          present(emailIdentifier) ? undefined : "warning",
          "the profile exists but cannot receive email campaigns or transactional email.",
        );
      }
    }
    if (actionText === "event" || actionText === "page" || actionText === "screen") {
      checkEventName(own(item, "name"), `${path}.name`, actionText, sink);
      checkEventTimestamp(own(item, "timestamp"), `${path}.timestamp`, sink, nowSeconds);
    }
  } else if (type === "object") {
    const ids = own(item, "identifiers");
    if (!isPlainObject(ids)) {
      invalidItem(sink, path, "has no identifiers object", 'Send "identifiers": {"object_type_id": "1", "object_id": "acme"}.', `${path}.identifiers = ${present(ids) ? preview(ids) : "(absent)"}`);
    } else {
      if (!present(own(ids, "object_type_id"))) {
        invalidItem(sink, path, "has no identifiers.object_type_id", "Send the object type's id (see Data & Integrations > Objects).", `${path}.identifiers keys: ${Object.keys(ids).slice(0, 5).join(", ") || "(none)"}`);
      }
      if (actionText !== "identify_anonymous") checkIdentifierValue(own(ids, "object_id") ?? "", `${path}.identifiers.object_id`, "object_id", sink);
    }
  } else {
    const ids = own(item, "identifiers");
    const deliveryId = isPlainObject(ids) ? own(ids, "id") : undefined;
    checkIdentifierValue(deliveryId ?? "", `${path}.identifiers.id`, "delivery_id", sink);
    const metric = own(item, "name");
    if (typeof metric !== "string" || !DELIVERY_METRICS.has(metric)) {
      invalidItem(sink, path, `has name ${preview(metric)}; delivery events are "opened", "converted" or "delivered"`, 'Use name "opened", "converted" or "delivered".', `${path}.name = ${present(metric) ? preview(metric) : "(absent)"}`);
    }
  }

  // Update-time timestamps of non-event actions must be seconds too.
  if (!(type === "person" && (actionText === "event" || actionText === "page" || actionText === "screen"))) {
    const ts = own(item, "timestamp");
    if (isMillisecondTimestamp(ts)) sink.add(millisecondFinding(`${path}.timestamp`, ts, "error", ATTRIBUTE_MS_EFFECT));
  }
  scanEntries(item, path, sink, "error", ATTRIBUTE_MS_EFFECT, TOP_LEVEL_TIMESTAMP);
}

function checkBatch(input: PayloadCheckInput, sink: FindingSink, checked: PayloadCheckCounts): void {
  const { body, bodyBytes } = input;
  const limit = LIMITS.v2BatchBytes;
  if (bodyBytes >= limit.value) {
    sink.add({
      code: "payload_too_large",
      severity: "error",
      message: `The batch body is ${bodyBytes.toLocaleString("en-US")} bytes; Customer.io needs it smaller than ${limit.value.toLocaleString("en-US")} bytes.`,
      fix: "Split the operations into several batch requests, each under the limit.",
      evidence: `body: ${bodyBytes} bytes; ${limitCite(limit)}`,
    });
  }
  const batch = own(body, "batch");
  if (!Array.isArray(batch)) {
    sink.add({
      code: "invalid_batch",
      severity: "error",
      message: `The body has ${present(batch) ? "a batch that is not an array" : "no batch array"}; /api/v2/batch expects {"batch": [ …operations ]}.`,
      fix: 'Wrap the operations: {"batch": [{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{}}]}.',
      evidence: `batch = ${present(batch) ? preview(batch) : "(absent)"}; body keys: ${Object.keys(body).slice(0, 5).map((k) => clip(k, 20)).join(", ") || "(none)"}`,
    });
    return;
  }
  checked.batch_items = batch.length;
  if (batch.length === 0) {
    sink.add({
      code: "invalid_batch",
      severity: "warning",
      message: "The batch is empty: the request does nothing.",
      fix: "Skip the call when there is nothing to send.",
      evidence: "batch = []",
    });
  }
  const count = Math.min(batch.length, MAX_BATCH_ITEMS_CHECKED);
  for (let i = 0; i < count; i++) checkBatchItem(batch[i], i, sink, input.nowSeconds);
  checked.batch_items_checked = count;
  if (batch.length > count) sink.partial(`only the first ${count.toLocaleString("en-US")} of ${batch.length.toLocaleString("en-US")} batch items were checked item by item`);
}

function checkAddressField(
  value: unknown,
  path: string,
  required: boolean,
  sink: FindingSink,
  code: "invalid_recipient" | "invalid_email",
  severity: Severity,
): void {
  if (!present(value) || value === "") {
    if (!required) return;
    sink.add({
      code,
      severity,
      message: `${path} is ${value === "" ? "empty" : "missing"}; transactional email needs a recipient address.`,
      fix: `Send ${path}: the person's email address (e.g. "jane@example.com" or "Jane Doe <jane@example.com>").`,
      evidence: `${path} = ${value === "" ? '""' : "(absent)"}`,
    });
    return;
  }
  if (typeof value !== "string") {
    sink.add({
      code,
      severity,
      message: `${path} must be a string of addresses, not ${preview(value)}.`,
      fix: `Send ${path} as a string; separate several addresses with commas.`,
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  const entries = splitAddressList(value);
  const bad = entries.filter((e) => !isValidEmail(addressOf(e)));
  if (bad.length > 0) {
    sink.add({
      code,
      severity,
      message: `${path} has ${plural(bad.length, "entry")} that ${bad.length === 1 ? "is not a valid address" : "are not valid addresses"}${entries.length > 1 ? ` (of ${entries.length})` : ""}.`,
      fix: `Use "addr@example.com" or "Name <addr@example.com>", several separated by commas; quote display names that contain commas.`,
      evidence: `${path} entry ${preview(bad[0] ?? "", 60)}`,
    });
  }
}

function checkSendEmail(input: PayloadCheckInput, sink: FindingSink): void {
  const { body, bodyBytes } = input;
  const limit = LIMITS.transactionalBytes;
  if (bodyBytes > limit.value) {
    sink.add({
      code: "payload_too_large",
      severity: "error",
      message: `The request is ${bodyBytes.toLocaleString("en-US")} bytes; Customer.io rejects transactional requests over ${limit.value.toLocaleString("en-US")} bytes ("Request entity must be JSON encoded and not exceed 2048 KB").`,
      fix: "Shrink message_data and attachments: link to large files instead of attaching them.",
      evidence: `body: ${bodyBytes} bytes; ${limitCite(limit)}`,
    });
  }
  const templateId = own(body, "transactional_message_id");
  if (!present(templateId) || templateId === "") {
    const inline = ["body", "subject", "from"].every((k) => {
      const v = own(body, k);
      return typeof v === "string" && v.trim() !== "";
    });
    if (!inline) {
      sink.add({
        code: "missing_transactional_message_id",
        severity: "error",
        message:
          "No transactional_message_id: Customer.io does not know which transactional message to send (without a template you must give body, subject and from yourself).",
        fix: "Send the numeric id (or trigger name) of the transactional message from Customer.io's Transactional page.",
        evidence: `transactional_message_id = ${templateId === "" ? '""' : "(absent)"}`,
      });
    }
  } else if (typeof templateId !== "string" && typeof templateId !== "number") {
    invalidType(sink, "transactional_message_id", "a number or a trigger-name string", templateId);
  }

  checkIdentifierSet(own(body, "identifiers"), "identifiers", ["id", "email", "cio_id"], sink);
  checkAddressField(own(body, "to"), "to", true, sink, "invalid_recipient", "error");
  checkAddressField(own(body, "bcc"), "bcc", false, sink, "invalid_recipient", "error");
  checkAddressField(own(body, "from"), "from", false, sink, "invalid_email", "warning");
  checkAddressField(own(body, "reply_to"), "reply_to", false, sink, "invalid_email", "warning");

  const sendAt = own(body, "send_at");
  if (present(sendAt)) {
    if (isMillisecondTimestamp(sendAt)) {
      sink.add(millisecondFinding("send_at", sendAt, "error", "the send is scheduled thousands of years ahead, which Customer.io refuses"));
    } else if (numericValue(sendAt) === undefined) {
      invalidType(sink, "send_at", "Unix seconds (a number)", sendAt, "warning");
    }
  }

  const messageData = own(body, "message_data");
  if (present(messageData)) {
    if (!isPlainObject(messageData)) invalidType(sink, "message_data", "an object", messageData);
    else scanEntries(messageData, "message_data", sink, "warning", "Liquid date filters in the message will show dates thousands of years ahead");
  }
}

// ------------------------------------------------------------ the entry

/** Checks one request body for the given call; findings are sorted and bounded. */
export function checkPayloadBody(input: PayloadCheckInput): PayloadCheckReport {
  const sink = new FindingSink(Math.max(1, input.maxFindings ?? DEFAULT_MAX_FINDINGS));
  const checked: PayloadCheckCounts = {
    body_bytes: input.bodyBytes,
    customer_id_checked: (input.call === "identify" || input.call === "track") && input.customerId !== undefined,
  };
  switch (input.call) {
    case "identify":
      checkIdentify(input, sink, checked);
      break;
    case "track":
      checkTrack(input, sink, false);
      break;
    case "track_anonymous":
      checkTrack(input, sink, true);
      break;
    case "batch":
      checkBatch(input, sink, checked);
      break;
    case "send_email":
      checkSendEmail(input, sink);
      break;
  }
  const { findings, omitted } = sink.result();
  return { findings, omitted, counts: { ...sink.counts }, checked, limits: LIMITS_BY_CALL[input.call] };
}

/** "Ready to send: …" or "N problems (E errors) — fix first: …". */
export function summarizePayloadCheck(report: PayloadCheckReport, call: PayloadCall): string {
  const { error, warning, info } = report.counts;
  const problems = error + warning;
  const tail: string[] = [];
  if (report.omitted > 0) tail.push(`${report.omitted} more findings are not listed.`);
  if ((call === "identify" || call === "track") && !report.checked.customer_id_checked) {
    tail.push("customer_id was not given, so the identifier in the URL path was not checked.");
  }
  const after = tail.length ? ` ${tail.join(" ")}` : "";
  if (problems === 0) {
    const notes = info > 0 ? ` ${plural(info, "note")} below.` : "";
    return `Ready to send: no problems found.${notes}${after}`;
  }
  const first = report.findings.find((f) => f.severity !== "info");
  const fixFirst = first ? ` — fix first: ${first.message}${first.fix ? ` ${first.fix}` : ""}` : "";
  return `${plural(problems, "problem")} (${plural(error, "error")})${fixFirst}${after}`;
}
