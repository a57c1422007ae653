/** Documented size and rate limits, each with its source (and, where the spec states it, the pointer). */
import { SRC } from "./sources.js";
import type { Limit, Source } from "./types.js";

const TRACK_INFO = "#/info/description";
const PIPELINES_INFO = "#/info/description";
const SEND_EMAIL = "POST /v1/send/email";
const SEND_EMAIL_PROPS = "requestBody/content/application~1json/schema/properties";

const track = (quote: string, note: string): Source[] => [SRC.trackSpecAt(TRACK_INFO, quote, `Track API info section: ${note}`)];

/** The transactional size figure of the older common-errors page, replaced by the App API's current limits. */
const OLD_TRANSACTIONAL_2048_KB = SRC.superseded(
  SRC.transactionalErrors("older text: \"Request entity must be JSON encoded and not exceed 2048 KB.\""),
  "the App API's transactional limits: 1 MB without attachments, 2 MB with attachments",
);

export const LIMITS = {
  identifierBytes: { id: "identifier_bytes", api: "track", description: "Person ID (identifier) length", value: 150, unit: "bytes", sources: track("Max length of a person's ID value", "person ID at most 150 bytes") },
  attributeNameBytes: { id: "attribute_name_bytes", api: "track", description: "Attribute name length", value: 150, unit: "bytes", sources: track("Max length of each attribute name", "attribute name at most 150 bytes") },
  attributeValueBytes: { id: "attribute_value_bytes", api: "track", description: "Attribute value length", value: 1000, unit: "bytes", sources: track("Max length of attribute values", "attribute value at most 1000 bytes") },
  attributesPerCall: { id: "attributes_per_call", api: "track", description: "Unique attributes per person or per identify call", value: 300, unit: "count", sources: track("Max number of attributes allowed per person or Identify call", "300 unique attributes per identify call") },
  eventNameBytes: { id: "event_name_bytes", api: "track", description: "Event name length", value: 100, unit: "bytes", sources: track("Max length of each event name", "event name at most 100 bytes") },
  eventDataBytes: { id: "event_data_bytes", api: "track", description: "Event data size", value: 100_000, unit: "bytes", sources: track("Max length of each event data", "event data at most 100,000 bytes") },
  v2EntityBytes: { id: "v2_entity_bytes", api: "track_v2", description: "Track v2 /entity request size (and each /batch item)", value: 32 * 1024, unit: "bytes", sources: track("`/entity` is limited to requests 32kb or smaller", "v2 requests 32 KB or smaller") },
  v2BatchBytes: { id: "v2_batch_bytes", api: "track_v2", description: "Track v2 /batch request size", value: 500 * 1024, unit: "bytes", sources: track("`/batch` is limited to requests 500kb or smaller", "v2 batch 500 KB or smaller") },
  transactionalBytes: {
    id: "transactional_bytes",
    api: "transactional",
    description: "Transactional send request size without attachments",
    value: 1024 * 1024,
    unit: "bytes",
    sources: [SRC.appDocs("transactional API limits: a request without attachments is at most 1 MB"), OLD_TRANSACTIONAL_2048_KB],
  },
  transactionalWithAttachmentsBytes: {
    id: "transactional_with_attachments_bytes",
    api: "transactional",
    description: "Transactional send request size with attachments",
    value: 2 * 1024 * 1024,
    unit: "bytes",
    sources: [SRC.appDocs("transactional API limits: a request with attachments is at most 2 MB"), OLD_TRANSACTIONAL_2048_KB],
  },
  transactionalAttachmentsBytes: {
    id: "transactional_attachments_bytes",
    api: "transactional",
    description: "Transactional attachments in total",
    value: 2 * 1024 * 1024,
    unit: "bytes",
    sources: [SRC.appSpecAt(SEND_EMAIL, `${SEND_EMAIL_PROPS}/attachments/description`, "The total size of all attachments must be less than 2 MB", "sendEmail attachments: under 2 MB in total; 413 \"Total attachment size exceeds the limit\"")],
  },
  transactionalRecipients: {
    id: "transactional_recipients",
    api: "transactional",
    description: "Recipients of one transactional email across to, cc and bcc",
    value: 15,
    unit: "count",
    sources: [
      SRC.appSpecAt(SEND_EMAIL, `${SEND_EMAIL_PROPS}/to/description`, "up to 15 total recipients across `to`, `cc`, and `bcc`", "sendEmail to: at most 15 recipients across to, cc and bcc"),
      SRC.appSpecAt(SEND_EMAIL, `${SEND_EMAIL_PROPS}/bcc/description`, "up to 15 total recipients between the `to`, `cc`, and `bcc` keys", "sendEmail bcc counts toward the same 15"),
    ],
  },
  segmentIdsPerRequest: { id: "segment_ids_per_request", api: "track", description: "IDs per manual segment add/remove request", value: 1000, unit: "count", sources: [SRC.trackSpecAt("#/paths/~1api~1v1~1segments~1{segment_id}~1add_customers/post/description", "limited to 1000 customer IDs per request", "add_to_segment: 1000 IDs per request")] },
  eventTriggerWindowSeconds: { id: "event_trigger_window_seconds", api: "track", description: "Only events timestamped within this window can trigger campaigns", value: 72 * 3600, unit: "seconds", sources: [SRC.trackSpec("track event body: only events within the past 72 hours can trigger campaigns")] },
  appApiRatePerSecond: {
    id: "app_api_rate",
    api: "app",
    description: "App API requests per second (most endpoints); a 429 carries Retry-After",
    value: 10,
    unit: "requests_per_second",
    sources: [
      SRC.appSpecAt("GET /v1/customers/{customer_id}/attributes", "responses/429/content/application~1json/example/errors/0/detail", "rate limited to 10 requests per 1s", "429 body {\"errors\":[{\"detail\":\"rate limited to 10 requests per 1s (reference …)\",\"status\":\"429\"}]}"),
      SRC.appSpecAt("GET /v1/customers/{customer_id}/attributes", "responses/429/description", "`Retry-After` tells you how many seconds you must wait", "429: Retry-After gives the seconds to wait"),
    ],
  },
  appDailyQuota: {
    id: "app_daily_quota",
    api: "app",
    description: "Daily quota of GET /v1/messages/{message_id}/archived_message; its 429 has no Retry-After (wait until the next day)",
    value: 100,
    unit: "count",
    sources: [
      SRC.appSpecAt("GET /v1/messages/{message_id}/archived_message", "responses/429/content/application~1json/example/errors/0/detail", "rate limited to 100 request(s) per day", "429 body for the daily quota"),
      SRC.appSpecAt("GET /v1/messages/{message_id}/archived_message", "responses/429/description", "The daily quota doesn't, because the wait is until the next day", "the per-second limit sets Retry-After, the daily quota does not; X-RateLimit-Remaining shows what is left today"),
    ],
  },
  broadcastTriggerRate: {
    id: "broadcast_trigger_rate",
    api: "app",
    description: "API-triggered broadcasts: one request per this many seconds",
    value: 10,
    unit: "seconds",
    sources: [SRC.appDocs("API-triggered broadcasts: 1 request per 10 seconds")],
  },
  transactionalRate: {
    id: "transactional_rate",
    api: "transactional",
    description: "Transactional send requests (soft limit: 3000 per 3 seconds)",
    value: 3000,
    unit: "requests_per_window",
    window_seconds: 3,
    soft: true,
    sources: [
      SRC.appDocs("transactional API: a soft limit of 3000 requests per 3 seconds"),
      SRC.superseded(SRC.appDocs("older overview: transactional sends 100 requests/second"), "the soft limit of 3000 requests per 3 seconds"),
    ],
  },
  trackRatePerSecond: {
    id: "track_api_rate",
    api: "track",
    description: "Track API requests per second (soft, not strictly enforced; older sources say 100)",
    value: 1000,
    unit: "requests_per_second",
    soft: true,
    sources: track("The Track API has a rate limit of 1000 requests per second", "1000 requests/second, not strictly enforced, subject to change"),
  },
  pipelinesRequestBytes: {
    id: "pipelines_request_bytes",
    api: "pipelines",
    description: "Pipelines API request size (and each call inside a batch); larger requests answer 200 and are dropped",
    value: 32 * 1024,
    unit: "bytes",
    sources: [SRC.pipelinesSpecAt(PIPELINES_INFO, "A request is limited to 32KB", "Rate and payload limits: 32 KB per request; over it, a 200 but the request does not go through")],
  },
  pipelinesBatchBytes: {
    id: "pipelines_batch_bytes",
    api: "pipelines",
    description: "Pipelines API /batch request size; larger batches answer 200 and are dropped",
    value: 500 * 1024,
    unit: "bytes",
    sources: [
      SRC.pipelinesSpecAt(PIPELINES_INFO, "A batch request is limited to 500KB total and 32KB per call in the request", "Rate and payload limits: 500 KB per batch"),
      SRC.pipelinesSpecAt("#/paths/~1batch/post/description", "Requests are limited to 500KB total per request and 32KB per call", "batch operation description"),
    ],
  },
  pipelinesRate: {
    id: "pipelines_rate",
    api: "pipelines",
    description: "Pipelines API requests (soft limit: 3000 per 3 seconds)",
    value: 3000,
    unit: "requests_per_window",
    window_seconds: 3,
    soft: true,
    sources: [SRC.pipelinesSpecAt(PIPELINES_INFO, "rate limit of 3000 requests per 3 seconds", "not strictly enforced; exceeding it may throttle or drop data")],
  },
} as const satisfies Record<string, Limit>;

export const ALL_LIMITS: readonly Limit[] = Object.values(LIMITS);

/** Unix seconds above this are almost certainly milliseconds (year 5138+). */
export const MILLISECOND_TIMESTAMP_THRESHOLD = 1e11;
