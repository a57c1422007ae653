/** Documented size and rate limits, each with its source. */
import { SRC } from "./sources.js";
import type { Limit } from "./types.js";

const info = (note: string) => [SRC.trackSpec(`API info section, size limits: ${note}`)];

export const LIMITS = {
  identifierBytes: { id: "identifier_bytes", description: "Person ID (identifier) length", value: 150, unit: "bytes", sources: info("person ID at most 150 bytes") },
  attributeNameBytes: { id: "attribute_name_bytes", description: "Attribute name length", value: 150, unit: "bytes", sources: info("attribute name at most 150 bytes") },
  attributeValueBytes: { id: "attribute_value_bytes", description: "Attribute value length", value: 1000, unit: "bytes", sources: info("attribute value at most 1000 bytes") },
  attributesPerCall: { id: "attributes_per_call", description: "Unique attributes per person or per identify call", value: 300, unit: "count", sources: info("300 unique attributes per identify call") },
  eventNameBytes: { id: "event_name_bytes", description: "Event name length", value: 100, unit: "bytes", sources: info("event name at most 100 bytes") },
  eventDataBytes: { id: "event_data_bytes", description: "Event data size", value: 100_000, unit: "bytes", sources: info("event data at most 100,000 bytes") },
  v2EntityBytes: { id: "v2_entity_bytes", description: "Track v2 /entity request size (and each /batch item)", value: 32 * 1024, unit: "bytes", sources: info("v2 requests smaller than 32 KB") },
  v2BatchBytes: { id: "v2_batch_bytes", description: "Track v2 /batch request size", value: 500 * 1024, unit: "bytes", sources: info("v2 batch smaller than 500 KB") },
  transactionalBytes: { id: "transactional_bytes", description: "Transactional send request size", value: 2048 * 1024, unit: "bytes", sources: [SRC.transactionalErrors("Request entity must be JSON encoded and not exceed 2048 KB.")] },
  transactionalAttachmentsBytes: { id: "transactional_attachments_bytes", description: "Transactional attachments in total", value: 2 * 1024 * 1024, unit: "bytes", sources: [SRC.trackSpec("attachments schema: 2 MB total")] },
  segmentIdsPerRequest: { id: "segment_ids_per_request", description: "IDs per manual segment add/remove request", value: 1000, unit: "count", sources: info("1000 IDs per request") },
  eventTriggerWindowSeconds: { id: "event_trigger_window_seconds", description: "Only events timestamped within this window can trigger campaigns", value: 72 * 3600, unit: "seconds", sources: [SRC.trackSpec("track event body: only events within the past 72 hours can trigger campaigns")] },
  appApiRatePerSecond: { id: "app_api_rate", description: "App API requests per second (most endpoints)", value: 10, unit: "requests_per_second", sources: [SRC.appDocs("App API overview: 10 requests/second; 429 'over the 10-per-second limit'")] },
  transactionalRatePerSecond: { id: "transactional_rate", description: "Transactional send requests per second", value: 100, unit: "requests_per_second", sources: [SRC.appDocs("transactional sends: 100 requests/second")] },
  trackRatePerSecond: { id: "track_api_rate", description: "Track API requests per second (soft, not strictly enforced; older sources say 100)", value: 1000, unit: "requests_per_second", sources: [SRC.trackSpec("1000 requests/second, not strictly enforced, subject to change")] },
} as const satisfies Record<string, Limit>;

export const ALL_LIMITS: readonly Limit[] = Object.values(LIMITS);

/** Unix seconds above this are almost certainly milliseconds (year 5138+). */
export const MILLISECOND_TIMESTAMP_THRESHOLD = 1e11;
