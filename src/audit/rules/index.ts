/** The registry: every rule, one per file, in report order. */
import { blockingRequestPath } from "./blocking_request_path.js";
import { clientPerRequest } from "./client_per_request.js";
import { dynamicEventName } from "./dynamic_event_name.js";
import { meta as eventNameInconsistent } from "./event_name_inconsistent.js";
import { hardcodedCredentials } from "./hardcoded_credentials.js";
import { millisecondTimestamp } from "./millisecond_timestamp.js";
import { noRateLimiting } from "./no_rate_limiting.js";
import { meta as outdatedSdk } from "./outdated_sdk.js";
import { piiInEventName } from "./pii_in_event_name.js";
import { pipelinesNotFlushed } from "./pipelines_not_flushed.js";
import { trackBeforeIdentify } from "./track_before_identify.js";
import { wrongKeyType } from "./wrong_key_type.js";
import type { AuditCode, FileRule, RuleMeta } from "./types.js";

export const FILE_RULES: readonly FileRule[] = [
  wrongKeyType,
  hardcodedCredentials,
  millisecondTimestamp,
  trackBeforeIdentify,
  dynamicEventName,
  piiInEventName,
  blockingRequestPath,
  clientPerRequest,
  noRateLimiting,
  pipelinesNotFlushed,
];

/** Every rule's metadata by code (file rules, and the two project-wide rules). */
export const RULES: Record<AuditCode, RuleMeta> = Object.fromEntries(
  [...FILE_RULES.map((r) => r.meta), eventNameInconsistent, outdatedSdk].map((m) => [m.code, m]),
) as Record<AuditCode, RuleMeta>;

export * from "./types.js";
