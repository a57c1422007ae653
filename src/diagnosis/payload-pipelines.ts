/**
 * check_payload for the Pipelines (CDP) API: POST /identify, /track, /page,
 * /screen, /group, /alias and /batch on cdp.customer.io, as the Pipelines
 * spec describes them (#/components/schemas/identify … batch):
 *   - userId or anonymousId names the person (alias: previousId and userId);
 *   - traits (identify, group) and properties (track, page, screen) are objects;
 *   - timestamp, sentAt and originalTimestamp are ISO-8601 date-time strings
 *     (#/components/schemas/common_fields/properties/timestamp);
 *   - a request is at most 32 KB, a batch at most 500 KB and 32 KB per call
 *     (#/info/description "Rate and payload limits"): over them Customer.io
 *     answers 200 and silently drops the request.
 */
import type { Severity } from "../findings.js";
import { isValidEmail, looksLikeEmail, readTimestamp } from "../domain/index.js";
import { LIMITS } from "../knowledge/limits.js";
import {
  batchSpellingFindings,
  checkEventName,
  FindingSink,
  invalidType,
  isPlainObject,
  jsonBytes,
  limitCite,
  own,
  present,
  preview,
  scanEntries,
  type PayloadCheckCounts,
  type PayloadCheckInput,
} from "./payload-common.js";

export const PIPELINES_CALLS = ["pipelines_identify", "pipelines_track", "pipelines_page", "pipelines_screen", "pipelines_group", "pipelines_alias", "pipelines_batch"] as const;
export type PipelinesCall = (typeof PIPELINES_CALLS)[number];
type PipelinesType = "identify" | "track" | "page" | "screen" | "group" | "alias";

/** The call types a /batch item may have (#/components/schemas/batch/properties/batch/items: Identify, Track, Page, Screen, Group). */
const BATCH_TYPES = new Set<string>(["identify", "track", "page", "screen", "group"]);

/** Customer.io's semantic events (Pipelines spec, track oneOf): fixed Title Case names that are not style mistakes. */
const SEMANTIC_EVENTS = new Set([
  "Device Created or Updated",
  "Device Deleted",
  "User Deleted",
  "Relationship Deleted",
  "Object Deleted",
  "User Suppressed",
  "User Unsuppressed",
  "Report Delivery Event",
  "Report Content Event",
]);

const MAX_BATCH_ITEMS_CHECKED = 20_000;
const TIMESTAMP_FIELDS = ["timestamp", "sentAt", "originalTimestamp"] as const;
const PIPELINES_MS_EFFECT = "the Pipelines API wants ISO-8601 strings; a millisecond number read as seconds lands thousands of years ahead in Customer.io";
const DROPPED = "Customer.io answers 200 but drops the request, so nothing arrives and nothing says why";

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/** pipelines_request_too_large: a request, or one call inside a batch, over 32 KB. */
function checkRequestSize(bytes: number | undefined, where: string, sink: FindingSink): void {
  const limit = LIMITS.pipelinesRequestBytes;
  if (bytes === undefined || bytes <= limit.value) return;
  sink.add({
    code: "pipelines_request_too_large",
    severity: "error",
    message: `${where} is ${bytes.toLocaleString("en-US")} bytes; the Pipelines API limits a call to ${limit.value.toLocaleString("en-US")} bytes (32 KB): ${DROPPED}.`,
    fix: "Send only the traits and properties you use (large content by reference); send X-Strict-Mode: 1 while testing to get an error instead of a silent drop.",
    evidence: `${where}: ${bytes} bytes; ${limitCite(limit)}`,
  });
}

/** One identifier value (userId, anonymousId, previousId, groupId): a non-empty string, not an email where an id belongs. */
function checkId(value: unknown, path: string, sink: FindingSink, personId: boolean): void {
  if (typeof value === "number" && Number.isFinite(value)) {
    sink.add({
      code: "invalid_field_type",
      severity: "warning",
      message: `${path} is a number; the Pipelines spec types it as a string, and 42 and "42" may become different people downstream.`,
      fix: `Send ${path} as a string: String(id).`,
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  if (typeof value !== "string") {
    invalidType(sink, path, "a string", value);
    return;
  }
  if (value.trim() === "") {
    sink.add({
      code: "empty_identifier",
      severity: "error",
      message: `${path} is empty${value.length ? " (only whitespace)" : ""}: the call cannot be tied to anyone.`,
      fix: "Make sure the id is set before the call (a missing user id often arrives as an empty string).",
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  if (personId && looksLikeEmail(value)) {
    sink.add({
      code: "email_as_id",
      severity: "warning",
      message: `${path} is an email address. Emails change; when this person changes theirs you get a second profile.`,
      fix: "Use an immutable database id as userId and send the email as the `email` trait.",
      pitfall: 4,
      evidence: `${path} = ${preview(value)}`,
    });
  }
}

/** missing_user_or_anonymous_id: every call but alias names the person by userId or anonymousId. */
function checkPerson(call: Record<string, unknown>, prefix: string, type: PipelinesType, sink: FindingSink): void {
  const userId = own(call, "userId");
  const anonymousId = own(call, "anonymousId");
  if (present(userId)) checkId(userId, join(prefix, "userId"), sink, true);
  if (present(anonymousId)) checkId(anonymousId, join(prefix, "anonymousId"), sink, false);
  if (present(userId) || present(anonymousId)) return;
  const traits = own(call, "traits");
  const email = isPlainObject(traits) ? own(traits, "email") : undefined;
  // #/paths/~1identify/post/description: with Customer.io as the destination, an identify may name the person by the email trait.
  const byEmail = type === "identify" && typeof email === "string" && isValidEmail(email.trim());
  sink.add({
    code: "missing_user_or_anonymous_id",
    severity: byEmail ? "warning" : "error",
    message: byEmail
      ? `${prefix || "The call"} has neither userId nor anonymousId; only the Customer.io destination can use the email trait instead, and other destinations drop the call.`
      : `${prefix || "The call"} has neither userId nor anonymousId, so the ${type} cannot be tied to a person and is dropped.`,
    fix: "Send userId (your immutable user id) or, before sign-up, the anonymousId your source library generates.",
    evidence: `${prefix ? `${prefix} keys` : "keys"}: ${Object.keys(call).slice(0, 8).join(", ") || "(none)"}`,
  });
}

/** invalid_timestamp: timestamp, sentAt and originalTimestamp are ISO-8601 date-time strings. */
function checkTimestamps(call: Record<string, unknown>, prefix: string, sink: FindingSink): void {
  for (const field of TIMESTAMP_FIELDS) {
    const value = own(call, field);
    if (!present(value)) continue;
    const path = join(prefix, field);
    const reading = readTimestamp(value);
    const iso = typeof value === "string" ? reading.iso : undefined;
    if (iso && !iso.dateOnly && iso.zone !== "none") continue;
    let problem: string;
    let severity: Severity = "error";
    if (reading.kind === "seconds" || reading.kind === "milliseconds") {
      problem = `is a Unix ${reading.kind === "seconds" ? "seconds" : reading.unit ?? "milliseconds"} number; the Pipelines API wants an ISO-8601 date-time string`;
    } else if (iso?.dateOnly) {
      severity = "warning";
      problem = "is a date without a time; the spec's format is a date-time (e.g. 2024-01-15T10:30:00Z)";
    } else if (iso) {
      severity = "warning";
      problem = "has no timezone (Z or ±hh:mm), so it is read as UTC and shifted by the sender's offset";
    } else {
      problem = "is not an ISO-8601 date-time";
    }
    sink.add({
      code: "invalid_timestamp",
      severity,
      message: `${path} ${problem}.`,
      fix: "Send new Date(ms).toISOString() (e.g. \"2024-01-15T10:30:00.000Z\"), or leave timestamp out to use the time Customer.io receives the call.",
      evidence: `${path} = ${preview(value, 40)}; Pipelines spec #/components/schemas/common_fields/properties/${field}: format date-time`,
    });
  }
}

/** traits / properties: objects; date-like keys hold ISO strings, not millisecond numbers. */
function checkObjectField(call: Record<string, unknown>, field: "traits" | "properties", prefix: string, sink: FindingSink): void {
  const value = own(call, field);
  if (!present(value)) return;
  const path = join(prefix, field);
  if (!isPlainObject(value)) {
    invalidType(sink, path, "an object", value);
    return;
  }
  if (field === "traits") {
    const email = own(value, "email");
    if (present(email) && email !== "" && (typeof email !== "string" || !isValidEmail(email.trim()))) {
      sink.add({
        code: "invalid_email",
        severity: "error",
        message: `${path}.email is not a valid email address, so nobody can email this person.`,
        fix: "Validate and normalise the address before sending (local@domain.tld, no display name, no spaces).",
        evidence: `${path}.email = ${preview(email)}`,
      });
    }
  }
  scanEntries(value, path, sink, "warning", PIPELINES_MS_EFFECT);
}

/** The checks of one call (alone, or inside a batch at `prefix`). */
function checkCall(call: Record<string, unknown>, type: PipelinesType, prefix: string, sink: FindingSink): void {
  if (type === "alias") {
    const userId = own(call, "userId");
    const previousId = own(call, "previousId");
    if (!present(userId)) {
      sink.add({
        code: "missing_user_or_anonymous_id",
        severity: "error",
        message: "The alias has no userId: it needs the userId to keep and the previousId to merge into it.",
        fix: 'Send {"previousId": "<old anonymousId or userId>", "userId": "<the id to keep>"}.',
        evidence: `keys: ${Object.keys(call).slice(0, 8).join(", ") || "(none)"}`,
      });
    } else checkId(userId, join(prefix, "userId"), sink, true);
    if (!present(previousId)) {
      sink.add({
        code: "missing_previous_id",
        severity: "error",
        message: "The alias has no previousId, so there is nothing to merge (#/components/schemas/alias requires previousId and userId).",
        fix: "Send previousId: the anonymousId or userId the person had before.",
        evidence: `keys: ${Object.keys(call).slice(0, 8).join(", ") || "(none)"}`,
      });
    } else checkId(previousId, join(prefix, "previousId"), sink, false);
    checkTimestamps(call, prefix, sink);
    return;
  }
  checkPerson(call, prefix, type, sink);
  checkTimestamps(call, prefix, sink);
  if (type === "identify" || type === "group") checkObjectField(call, "traits", prefix, sink);
  else checkObjectField(call, "properties", prefix, sink);
  if (type === "track") {
    const event = own(call, "event");
    // Semantic events are Customer.io's own fixed names; only custom names get the style and dynamic-part checks.
    if (typeof event === "string" && SEMANTIC_EVENTS.has(event)) return;
    checkEventName(event, join(prefix, "event"), "event", sink, { style: false });
  } else if (type === "page" || type === "screen") {
    const name = own(call, "name");
    if (present(name)) checkEventName(name, join(prefix, "name"), type, sink);
  } else if (type === "group") {
    const groupId = own(call, "groupId");
    if (!present(groupId)) {
      sink.add({
        code: "missing_group_id",
        severity: "error",
        message: `${prefix || "The group call"} has no groupId, so there is no group (object) to add the person to.`,
        fix: "Send groupId: the id of the company, account or other object.",
        evidence: `${prefix ? `${prefix} keys` : "keys"}: ${Object.keys(call).slice(0, 8).join(", ") || "(none)"}`,
      });
    } else checkId(groupId, join(prefix, "groupId"), sink, false);
  }
}

function checkBatch(input: PayloadCheckInput, sink: FindingSink, checked: PayloadCheckCounts): void {
  const { body, bodyBytes } = input;
  const limit = LIMITS.pipelinesBatchBytes;
  if (bodyBytes > limit.value) {
    sink.add({
      code: "pipelines_batch_too_large",
      severity: "error",
      message: `The batch is ${bodyBytes.toLocaleString("en-US")} bytes; the Pipelines API limits a batch to ${limit.value.toLocaleString("en-US")} bytes (500 KB): ${DROPPED}.`,
      fix: "Split the calls into several batches under 500 KB each (the source libraries flush at smaller sizes for this reason).",
      evidence: `body: ${bodyBytes} bytes; ${limitCite(limit)}`,
    });
  }
  const batch = own(body, "batch");
  if (!Array.isArray(batch)) {
    sink.add({
      code: "invalid_batch",
      severity: "error",
      message: `The body has ${present(batch) ? "a batch that is not an array" : "no batch array"}; /batch expects {"batch": [ …calls ]}.`,
      fix: 'Wrap the calls: {"batch": [{"type": "track", "userId": "42", "event": "order_completed"}]}.',
      evidence: `batch = ${present(batch) ? preview(batch) : "(absent)"}`,
    });
    return;
  }
  checked.batch_items = batch.length;
  const count = Math.min(batch.length, MAX_BATCH_ITEMS_CHECKED);
  const eventNames: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = batch[i];
    const path = `batch[${i}]`;
    if (!isPlainObject(item)) {
      invalidType(sink, path, "an object (one call)", item);
      continue;
    }
    checkRequestSize(jsonBytes(item), path, sink);
    const type = own(item, "type");
    if (typeof type !== "string" || !BATCH_TYPES.has(type)) {
      sink.add({
        code: "invalid_batch_item",
        severity: "error",
        message: `${path} has type ${present(type) ? preview(type) : "(absent)"}; batch calls are identify, track, page, screen or group.`,
        fix: 'Set "type" on every call in the batch, e.g. "type": "track".',
        evidence: `${path}.type = ${present(type) ? preview(type) : "(absent)"}`,
      });
      continue;
    }
    checkCall(item, type as PipelinesType, path, sink);
    const event = own(item, "event");
    if (type === "track" && typeof event === "string" && !SEMANTIC_EVENTS.has(event)) eventNames.push(event);
  }
  checked.batch_items_checked = count;
  if (batch.length > count) sink.partial(`only the first ${count.toLocaleString("en-US")} of ${batch.length.toLocaleString("en-US")} batch calls were checked`);
  batchSpellingFindings(eventNames, "track events", sink, false);
}

/** Checks one Pipelines request body. */
export function checkPipelines(input: PayloadCheckInput, call: PipelinesCall, sink: FindingSink, checked: PayloadCheckCounts): void {
  if (call === "pipelines_batch") {
    checkBatch(input, sink, checked);
    return;
  }
  checkRequestSize(input.bodyBytes, "The request", sink);
  const type = call.slice("pipelines_".length) as PipelinesType;
  const declared = own(input.body, "type");
  // The endpoint sets the type (#/components/schemas/common_fields/properties/type: "implicit"); a different one is a mix-up.
  if (present(declared) && declared !== type) {
    sink.add({
      code: "invalid_field_type",
      severity: "warning",
      message: `The body says type ${preview(declared)}, but it is for /${type}; the endpoint decides the type, so the body was probably meant for another call.`,
      fix: `Send it to the endpoint of its type, or drop "type" (the endpoint sets it).`,
      evidence: `type = ${preview(declared)}; endpoint /${type}`,
    });
  }
  checkCall(input.body, type, "", sink);
}
