/**
 * check_payload for the Track API: identify (PUT /api/v1/customers/{id}),
 * track and anonymous track (POST …/events), and the v2 batch
 * (POST /api/v2/batch), against the limits of the Track spec's info section.
 */
import type { Severity } from "../findings.js";
import { addressOf, clip, isCioPathIdentifier, isMillisecondTimestamp, isValidEmail, looksLikeEmail, MILLISECOND_TIMESTAMP_THRESHOLD, numericValue, readTimestamp } from "../domain/index.js";
import { LIMITS } from "../knowledge/limits.js";
import {
  ATTRIBUTE_MS_EFFECT,
  batchSpellingFindings,
  checkAttributes,
  checkEmailAttribute,
  checkEventName,
  checkIdentifierSet,
  checkIdentifierValue,
  EVENT_MS_EFFECT,
  FindingSink,
  invalidType,
  isPlainObject,
  jsonBytes,
  limitCite,
  millisecondFinding,
  own,
  present,
  preview,
  scanEntries,
  type EventKind,
  type IdentifierKind,
  type PayloadCheckCounts,
  type PayloadCheckInput,
} from "./payload-common.js";

const MAX_BATCH_ITEMS_CHECKED = 20_000;

function formatAge(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return `${days} days ${hours % 24} h`;
}

/** The event `timestamp`: seconds, not milliseconds, recent enough to trigger. */
export function checkEventTimestamp(value: unknown, path: string, sink: FindingSink, nowSeconds: number): void {
  if (!present(value)) return;
  const n = numericValue(value);
  if (n === undefined) {
    sink.add({
      code: "invalid_timestamp",
      severity: "warning",
      message: `${path} is ${readTimestamp(value).iso ? "an ISO-8601 string" : "not a Unix timestamp"}; the Track API documents it as whole Unix seconds, so it may be rejected or ignored.`,
      fix: readTimestamp(value).iso
        ? `Send Math.floor(Date.parse(${JSON.stringify(clip(String(value), 40))}) / 1000), or leave timestamp out to use the time Customer.io receives the call.`
        : "Send Math.floor(date.getTime() / 1000), or leave timestamp out to use the time Customer.io receives the call.",
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

// ------------------------------------------------------------ the calls

function checkPathIdentifier(customerId: string | undefined, sink: FindingSink): void {
  if (customerId === undefined) return;
  checkIdentifierValue(customerId, "customer_id (URL path)", "id", sink);
}

export function checkIdentify(input: PayloadCheckInput, sink: FindingSink, checked: PayloadCheckCounts): void {
  const { body, customerId } = input;
  checkPathIdentifier(customerId, sink);
  const pathIsEmail = customerId !== undefined && looksLikeEmail(customerId);
  const pathIsCioId = customerId !== undefined && isCioPathIdentifier(customerId);

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

export function checkEventData(data: unknown, path: string, sink: FindingSink, withSizeLimit: boolean): void {
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

export function checkTrack(input: PayloadCheckInput, sink: FindingSink, anonymous: boolean): void {
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

export function checkBatch(input: PayloadCheckInput, sink: FindingSink, checked: PayloadCheckCounts): void {
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
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = batch[i];
    if (isPlainObject(item) && own(item, "type") === "person" && own(item, "action") === "event" && typeof own(item, "name") === "string") names.push(own(item, "name") as string);
  }
  batchSpellingFindings(names, "events", sink, true);
  checked.batch_items_checked = count;
  if (batch.length > count) sink.partial(`only the first ${count.toLocaleString("en-US")} of ${batch.length.toLocaleString("en-US")} batch items were checked item by item`);
}
