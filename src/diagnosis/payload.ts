/**
 * Offline checks of a request body before an app sends it to Customer.io:
 * identifiers, attributes, event names, timestamps and documented size
 * limits. Pure: the caller parses the input and supplies the current time.
 *
 * One file per call family: payload-track.ts (Track API identify, track,
 * v2 batch), payload-transactional.ts (send_email), payload-pipelines.ts
 * (the Pipelines API calls); payload-common.ts holds what they share.
 */
import { clip, plural } from "../domain/index.js";
import { LIMITS } from "../knowledge/limits.js";
import type { Limit } from "../knowledge/types.js";
import type { Severity, Finding } from "../findings.js";
import { DEFAULT_MAX_FINDINGS, FindingSink, type PayloadCheckCounts, type PayloadCheckInput as CommonInput } from "./payload-common.js";
import { checkPipelines, PIPELINES_CALLS, type PipelinesCall } from "./payload-pipelines.js";
import { checkBatch, checkIdentify, checkTrack } from "./payload-track.js";
import { checkSendEmail } from "./payload-transactional.js";

export { DEFAULT_MAX_FINDINGS, MAX_NESTING_DEPTH, eventNameStyle, isPlainObject, jsonBytes, piiInEventName, preview } from "./payload-common.js";
export type { PayloadCheckCounts } from "./payload-common.js";
export {
  addressOf,
  dynamicPartOfEventName,
  isMillisecondTimestamp,
  isTimestampKey,
  isValidEmail,
  looksLikeEmail,
  numericValue,
  splitAddressList,
  toSnakeCase,
  utf8Bytes,
} from "../domain/index.js";

export const TRACK_CALLS = ["identify", "track", "track_anonymous", "batch", "send_email"] as const;
export const PAYLOAD_CALLS = [...TRACK_CALLS, ...PIPELINES_CALLS] as const;
export type PayloadCall = (typeof PAYLOAD_CALLS)[number];

/** The request each call stands for, as the app would send it. */
export const PAYLOAD_ENDPOINTS: Record<PayloadCall, string> = {
  identify: "PUT /api/v1/customers/{customer_id} (Track API)",
  track: "POST /api/v1/customers/{customer_id}/events (Track API)",
  track_anonymous: "POST /api/v1/events (Track API)",
  batch: "POST /api/v2/batch (Track API v2)",
  send_email: "POST /v1/send/email (App API, transactional)",
  pipelines_identify: "POST /v1/identify (Pipelines API, cdp.customer.io)",
  pipelines_track: "POST /v1/track (Pipelines API, cdp.customer.io)",
  pipelines_page: "POST /v1/page (Pipelines API, cdp.customer.io)",
  pipelines_screen: "POST /v1/screen (Pipelines API, cdp.customer.io)",
  pipelines_group: "POST /v1/group (Pipelines API, cdp.customer.io)",
  pipelines_alias: "POST /v1/alias (Pipelines API, cdp.customer.io)",
  pipelines_batch: "POST /v1/batch (Pipelines API, cdp.customer.io)",
};

const PIPELINES_LIMITS: readonly Limit[] = [LIMITS.pipelinesRequestBytes];

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
  send_email: [LIMITS.transactionalBytes, LIMITS.transactionalWithAttachmentsBytes, LIMITS.transactionalAttachmentsBytes, LIMITS.transactionalRecipients],
  pipelines_identify: PIPELINES_LIMITS,
  pipelines_track: PIPELINES_LIMITS,
  pipelines_page: PIPELINES_LIMITS,
  pipelines_screen: PIPELINES_LIMITS,
  pipelines_group: PIPELINES_LIMITS,
  pipelines_alias: PIPELINES_LIMITS,
  pipelines_batch: [LIMITS.pipelinesBatchBytes, LIMITS.pipelinesRequestBytes],
};

export type PayloadCheckInput = CommonInput<PayloadCall>;

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

function isPipelinesCall(call: PayloadCall): call is PipelinesCall {
  return call.startsWith("pipelines_");
}

/** Checks one request body for the given call; findings are sorted and bounded. */
export function checkPayloadBody(input: PayloadCheckInput): PayloadCheckReport {
  const sink = new FindingSink(Math.max(1, input.maxFindings ?? DEFAULT_MAX_FINDINGS));
  const checked: PayloadCheckCounts = {
    body_bytes: input.bodyBytes,
    customer_id_checked: (input.call === "identify" || input.call === "track") && input.customerId !== undefined,
  };
  const call = input.call;
  if (isPipelinesCall(call)) checkPipelines(input, call, sink, checked);
  else if (call === "identify") checkIdentify(input, sink, checked);
  else if (call === "track") checkTrack(input, sink, false);
  else if (call === "track_anonymous") checkTrack(input, sink, true);
  else if (call === "batch") checkBatch(input, sink, checked);
  else checkSendEmail(input, sink, checked);
  const { findings, omitted } = sink.result();
  return { findings, omitted, counts: { ...sink.counts }, checked, limits: LIMITS_BY_CALL[call] };
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
  const fixFirst = first ? ` — fix first: ${headline(first.message)} (${first.code}).` : ".";
  return `${plural(problems, "problem")} (${plural(error, "error")})${fixFirst}${after}`;
}

/** The head of a finding's message (up to its first colon, semicolon, sentence end or ", so/but/which"): the summary names it, the finding says it. */
function headline(message: string): string {
  const text = message.length > 200 ? message.slice(0, 200) : message;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ":" || ch === ";" || (ch === "." && text[i + 1] === " ")) return text.slice(0, i);
    if (ch === "," && CLAUSE_WORDS.some((w) => text.startsWith(w, i + 2))) return text.slice(0, i);
  }
  return clip(text, 120).replace(/\.$/, "");
}

const CLAUSE_WORDS = ["so ", "but ", "which ", "because "];
