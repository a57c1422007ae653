/**
 * The Customer.io APIs an application calls, one entry each: hosts, how it
 * authenticates, what its error bodies look like, and the behaviours that
 * decide a diagnosis (e.g. the Pipelines API's 200 that drops a call).
 */
import { SRC } from "./sources.js";
import type { AdviceApi, Source } from "./types.js";

export interface ApiFacts {
  id: AdviceApi;
  name: string;
  hosts: { us: string; eu: string };
  /** How a request authenticates, in a line. */
  auth: string;
  /** The shape of its error bodies. */
  error_body: string;
  /** Behaviours a diagnosis must know about. */
  behaviours: string[];
  sources: Source[];
}

const PIPELINES_INFO = "#/info/description";

export const API_FACTS: readonly ApiFacts[] = [
  {
    id: "track",
    name: "Track API",
    hosts: { us: "https://track.customer.io", eu: "https://track-eu.customer.io" },
    auth: "HTTP Basic auth: site ID as user, Track API key as password.",
    error_body: "v1: {\"meta\":{\"errors\":[\"…\"]}}; v2: {\"errors\":[{\"reason\",\"field\",\"message\"}]}, with batch_index on a 207.",
    behaviours: [
      "A 200 only means the request was accepted: conflicting identifiers show as an Attribute Update Failure in the activity log.",
      "Soft rate limit of 1000 requests per second.",
    ],
    sources: [
      SRC.trackSpecAt("#/servers/0/description", "Site ID as the user name and your secret key as the password", "Track servers: Basic auth with site ID and key"),
      SRC.trackSpecAt("#/components/schemas/errors/description", "An array of errors", "v2 errors[] items: reason, field, message"),
    ],
  },
  {
    id: "app",
    name: "App API",
    hosts: { us: "https://api.customer.io", eu: "https://api-eu.customer.io" },
    auth: "Bearer App API key (workspace-scoped, with scopes).",
    error_body: "{\"errors\":[{\"code\"?,\"detail\",\"source\":{\"pointer\"}?,\"status\"}]}: code is the stable identifier, detail ends with a support reference.",
    behaviours: [
      "10 requests per second on most endpoints; the 429 carries Retry-After.",
      "A daily quota on GET /v1/messages/{message_id}/archived_message: its 429 has no Retry-After, and X-RateLimit-Remaining shows what is left today.",
    ],
    sources: [
      SRC.appSpecAt("GET /v1/customers/{customer_id}/subscription_preferences", "responses/400/description", "the App API reports errors as a list under `errors`", "App API error objects"),
      SRC.appSpecAt("GET /v1/messages/{message_id}/archived_message", "responses/429/description", "The per-second limit sets `Retry-After`", "per-second limit vs daily quota"),
    ],
  },
  {
    id: "transactional",
    name: "transactional API",
    hosts: { us: "https://api.customer.io", eu: "https://api-eu.customer.io" },
    auth: "Bearer App API key, or a service-account token (sa_live_…) with X-Workspace-Id.",
    error_body: "{\"meta\":{\"error\":\"…\"}}.",
    behaviours: [
      "Endpoints: POST /v1/send/email, /push, /sms, /whatsapp, /in_app, /inbox_message.",
      "At most 15 recipients across to, cc and bcc; 1 MB per request without attachments, 2 MB with attachments; a soft 3000 requests per 3 s.",
      "No idempotency key: after a timeout the message may already be queued.",
    ],
    sources: [
      SRC.appSpecAt("POST /v1/send/whatsapp", "responses/403/content/application~1json/schema/properties/meta/properties/error/example", "WhatsApp messaging is not enabled", "POST /v1/send/whatsapp is a transactional send"),
      {
        confidence: "documented",
        url: "https://docs.customer.io/integrations/api/app/",
        note: "ServiceAccount-Auth: transactional send endpoints also accept sa_live_ tokens with X-Workspace-Id",
        spec: { file: "app", pointer: "#/securitySchemes/ServiceAccount-Auth/description", quote: "`/v1/send/whatsapp`" },
      },
      SRC.appSpecAt("POST /v1/send/email", "requestBody/content/application~1json/schema/properties/to/description", "up to 15 total recipients", "15 recipients across to, cc and bcc"),
      SRC.appDocs("transactional limits: 1 MB without attachments, 2 MB with attachments, a soft 3000 requests per 3 s"),
    ],
  },
  {
    id: "pipelines",
    name: "Pipelines API",
    hosts: { us: "https://cdp.customer.io", eu: "https://cdp-eu.customer.io" },
    auth: "HTTP Basic auth: the source's write key as user and an EMPTY password (the header encodes \"write_key:\").",
    error_body: "{\"meta\":{\"errors\":[\"…\"]}}, and only in strict mode.",
    behaviours: [
      "Without X-Strict-Mode: 1 an invalid call answers 200 and is dropped (errors are only logged); with it, validation failures answer 400 or 401.",
      "A call over 32 KB, or a batch over 500 KB, answers 200 but does not go through.",
      "Soft rate limit of 3000 requests per 3 seconds; calls: identify, track, page, screen, group, alias, batch under /v1.",
    ],
    sources: [
      SRC.pipelinesSpecAt("#/components/securitySchemes/Basic-Auth/description", "use the API Key as the username and leave the password blank", "Basic auth, key as user, blank password"),
      SRC.pipelinesSpecAt("#/paths/~1track/post/parameters/0/description", "When set to `1`, enables strict validation", "X-Strict-Mode: 1"),
      SRC.pipelinesSpecAt(PIPELINES_INFO, "you will receive a 200 response, but the request will not go through", "oversized requests answer 200 and are dropped"),
      SRC.pipelinesSpecAt("#/components/responses/400/content/application~1json/schema/properties/meta/properties/errors/description", "An array of errors.", "400 body: meta.errors[]"),
      SRC.pipelinesSpecAt("#/servers/0/url", "https://cdp.customer.io/v1", "US server; EU is https://cdp-eu.customer.io/v1"),
    ],
  },
];

export function apiFacts(id: AdviceApi): ApiFacts {
  const facts = API_FACTS.find((a) => a.id === id);
  if (!facts) throw new Error(`no facts for API ${id}`);
  return facts;
}
