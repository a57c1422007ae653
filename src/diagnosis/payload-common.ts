/**
 * The parts of check_payload every call family shares: the bounded finding
 * sink, evidence helpers, and the checks of identifiers, attributes, emails,
 * event names and timestamps. The rules themselves (what is an email, a
 * timestamp key, personal data, a dynamic name) come from ../domain, so
 * check_payload, lookup_customer and audit_code agree on every value.
 *
 * Every user-supplied key is read with Object.hasOwn / Object.entries and
 * never used to write into a plain object, so `__proto__` is just a name.
 */
import { sortFindings, type Finding, type Severity } from "../findings.js";
import {
  clip,
  describeEventNameStyle,
  describeMilliseconds,
  dynamicPartOfEventName,
  inconsistentEventNames,
  maskPersonalData,
  isBareKeyName,
  isMillisecondTimestamp,
  isTimestampKey,
  isValidEmail,
  looksLikeEmail,
  MILLISECOND_TIMESTAMP_THRESHOLD,
  numericValue,
  PERSONAL_DATA_LABELS,
  personalDataInEventName,
  plural,
  toSnakeCase,
  utf8Bytes,
} from "../domain/index.js";
import { LIMITS } from "../knowledge/limits.js";
import type { Limit } from "../knowledge/types.js";

/** Deeper values are not inspected (Customer.io bodies are shallow). */
export const MAX_NESTING_DEPTH = 64;
/** Values visited per check, so a huge body cannot stall the server. */
export const MAX_NODES_VISITED = 200_000;
export const DEFAULT_MAX_FINDINGS = 100;
const EVIDENCE_CHARS = 80;
export const KEY_CHARS = 40;

export interface PayloadCheckInput<C extends string = string> {
  call: C;
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
  recipients?: number;
}

/** What personal data an event name contains, in words ("an email address"), if any. */
export function piiInEventName(name: string): string | undefined {
  const kind = personalDataInEventName(name)[0];
  return kind ? PERSONAL_DATA_LABELS[kind] : undefined;
}

/** How a name departs from snake_case, or undefined when it is snake_case. */
export function eventNameStyle(name: string): string | undefined {
  return describeEventNameStyle(name);
}

// ---------------------------------------------------------------- helpers

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
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A value as short evidence: JSON, clipped; huge strings are never echoed whole. */
export function preview(value: unknown, max = EVIDENCE_CHARS): string {
  if (typeof value === "string") return JSON.stringify(clip(value, max + 1));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (isPlainObject(value)) return "an object";
  return typeof value;
}

export function keyPath(prefix: string, key: string): string {
  const shown = clip(key, KEY_CHARS);
  const safe = isBareKeyName(shown) ? shown : JSON.stringify(shown);
  if (!prefix) return safe;
  return safe.startsWith('"') ? `${prefix}[${safe}]` : `${prefix}.${safe}`;
}

export function limitCite(limit: Limit): string {
  return `limit ${limit.value.toLocaleString("en-US")} ${limit.unit} (${limit.id}, ${limit.sources[0]?.url ?? limit.sources[0]?.note ?? "documented"})`;
}


// ------------------------------------------------------------ the sink

/** Collects findings; keeps a bounded number per severity so sorting never drops errors. */
export class FindingSink {
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

// ----------------------------------------------------------- timestamps

export function millisecondFinding(path: string, value: unknown, severity: Severity, effect: string): Finding {
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
export function scanTimestamps(
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

export function scanEntries(
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

export const ATTRIBUTE_MS_EFFECT = "the date lands thousands of years in the future and date-based segments and filters silently break";
export const EVENT_MS_EFFECT = "the event is dated thousands of years in the future, so it cannot trigger campaigns and time filters break";

// --------------------------------------------------------- identifiers

export type IdentifierKind = "id" | "email" | "cio_id" | "phone" | "anonymous_id" | "object_id" | "delivery_id";

/** One identifier value: not empty, within the byte limit, not an email where an id belongs. */
export function checkIdentifierValue(value: unknown, path: string, kind: IdentifierKind, sink: FindingSink): void {
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
export function checkIdentifierSet(
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
export function checkAttributes(attrs: Record<string, unknown>, prefix: string, sink: FindingSink): number {
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

export function checkEmailAttribute(
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

export type EventKind = "event" | "page" | "screen";

/** The event `name`: present, short enough, trimmed, static, PII-free, snake_case. */
export function checkEventName(raw: unknown, path: string, kind: EventKind, sink: FindingSink, options: { style?: boolean } = {}): void {
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
  // Pipelines sources follow their own naming (often Title Case, "Order Completed"): only mixed spellings in one batch count there.
  const style = options.style === false ? undefined : eventNameStyle(name);
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

export function invalidType(sink: FindingSink, path: string, expected: string, value: unknown, severity: Severity = "error"): void {
  sink.add({
    code: "invalid_field_type",
    severity,
    message: `${path} must be ${expected}, not ${preview(value)}.`,
    fix: `Send ${path} as ${expected}.`,
    evidence: `${path} = ${preview(value)}`,
  });
}


/**
 * event_name_inconsistent across one batch: the same event spelled two ways
 * (normal forms equal: `signup` / `sign_up`, `orderCompleted` / `order_completed`).
 * With `skipStyled`, groups where some spelling already got its own style
 * finding are left out, so one problem is said once.
 */
export function batchSpellingFindings(names: readonly string[], what: string, sink: FindingSink, skipStyled: boolean): void {
  let reported = 0;
  for (const group of inconsistentEventNames(names.map((n) => n.trim()).filter((n) => n.length <= 256))) {
    if (skipStyled && group.some((n) => eventNameStyle(n) !== undefined)) continue;
    if (++reported > 5) return;
    sink.add({
      code: "event_name_inconsistent",
      severity: "warning",
      message: `The batch spells one event ${group.length} ways (${group.slice(0, 3).map((n) => JSON.stringify(clip(maskPersonalData(n), 60))).join(", ")}); a campaign trigger matches one exact name, so the others are missed.`,
      fix: "Use one spelling for each event everywhere, and make the campaign trigger use it.",
      pitfall: 10,
      evidence: `batch ${what}: ${group.length} spellings of one name`,
    });
  }
}
