/** HTTP statuses Customer.io's APIs return, in Customer.io's terms, each with its sources. */
import { SRC } from "./sources.js";
import type { Source, StatusCodeEntry } from "./types.js";

export type StatusCategory = "informational" | "success" | "redirect" | "client_error" | "server_error";

/** The class of any status 100–599 (1xx informational … 5xx server error). */
export function statusCategory(status: number): StatusCategory {
  if (status < 200) return "informational";
  if (status < 300) return "success";
  if (status < 400) return "redirect";
  if (status < 500) return "client_error";
  return "server_error";
}

const NODE_RETRIES = SRC.nodeSdk("lib/request.ts", "v5 retries 408, 429, 500, 502, 503, 504, 522 and 524 and honours Retry-After when present");
const STATUS_PAGE: Source = SRC.thirdParty(
  "https://status.customerio.com",
  "Customer.io's Atlassian Statuspage lives at status.customerio.com (api/v2/summary.json answers there)",
);
/** The X-Strict-Mode header, documented on every Pipelines operation. */
const PIPELINES_STRICT_MODE = "#/paths/~1track/post/parameters/0/description";
const WRONG_DATACENTER_ISSUE = "https://github.com/customerio/customerio-node/issues/134";
const N8N_EU_401_ISSUE = "https://github.com/n8n-io/n8n/issues/7484";

export const STATUS_CODES: readonly StatusCodeEntry[] = [
  {
    status: 200,
    name: "OK",
    meaning:
      "Customer.io accepted the request; Track and Pipelines calls answer {} and process the data afterwards, so a 200 does not prove the person was updated or a campaign fired.",
    retryable: false,
    causes: [
      "Millisecond timestamps are accepted without error and read as dates thousands of years ahead, which silently breaks date-based segments.",
      "An event whose name differs in case or spelling from the campaign trigger is stored but triggers nothing.",
    ],
    fixes: ["Look at the person's activity log for failed attribute changes or failed events after a 200."],
    by_api: {
      track: {
        causes: [
          "Identify answers 200 even when the path ID and the body identifiers belong to different people; the failure shows up only as an \"Attribute Update Failure\" in the person's activity log.",
          "Events timestamped more than 72 hours ago are stored but cannot trigger campaigns.",
        ],
        fixes: [
          "Send timestamps as unix seconds: Math.floor(Date.now() / 1000).",
          "Send trigger events in real time (within 72 hours of their timestamp) with the exact, case-sensitive name the campaign expects.",
        ],
      },
      pipelines: {
        meaning: "The Pipelines API accepted the HTTP request; only in strict mode does a 200 also mean the call itself was valid.",
        causes: [
          "The call was invalid (no userId or anonymousId, a timestamp that is not ISO 8601) and strict mode was off, so it was dropped behind the 200.",
          "The request was over 32 KB, or the batch over 500 KB, so it did not go through although the answer was 200.",
        ],
        fixes: [
          "Send X-Strict-Mode: 1 (at least while integrating) so validation failures answer 400 or 401 instead of 200.",
          "Keep each call under 32 KB and each batch under 500 KB; check the source's data in the workspace to see whether the call arrived.",
        ],
      },
    },
    related_pitfalls: [2, 3, 6, 10],
    next_steps: [
      { tool: "lookup_customer", reason: "See whether the profile, the event and any failed activity actually arrived." },
      { tool: "check_payload", reason: "Check the body you sent for millisecond timestamps, email-as-id and event-name problems." },
    ],
    sources: [
      SRC.trackSpecAt("#/components/responses/200/description", "A successful request returns an empty object response.", "a successful Track request returns an empty object"),
      SRC.nodeSdk("test/fixtures/responses/identify__success.json", "recorded live identify: 200 with body {}"),
      SRC.trackSpec("identify description: 200 OK plus an Attribute Update Failure when identifiers conflict"),
      SRC.trackSpec("track event body: only events within the past 72 hours can trigger campaigns"),
      SRC.pipelinesSpecAt("#/info/description", "you will receive a 200 response, but the request will not go through", "over 32 KB (batch 500 KB): 200, but the request does not go through"),
      SRC.pipelinesSpecAt(PIPELINES_STRICT_MODE, "returning HTTP 200", "without X-Strict-Mode: 1, validation failures are logged and answer 200"),
    ],
  },
  {
    status: 207,
    name: "Multi-Status",
    meaning:
      "Track v2 /batch partial success: the items listed in errors[] (by batch_index) were rejected and every other item was accepted.",
    retryable: false,
    causes: [
      "One or more batch items failed validation (a missing identifier, a value over a size limit, an unknown action) while the rest of the batch went through.",
      "A batch item is over 32 KB.",
    ],
    fixes: [
      "Read errors[].batch_index, reason, field and message; fix only those items and resend them alone — resending the whole batch repeats the accepted ones.",
      "Keep each batch item at or under 32 KB and the whole request under 500 KB.",
    ],
    related_pitfalls: [],
    next_steps: [{ tool: "check_payload", reason: "Validate the rejected batch items (call: batch) before resending them." }],
    sources: [
      SRC.trackSpec("POST /api/v2/batch documents 207 with errors[{batch_index, reason, field, message}]"),
      SRC.trackSpec("API info section: v2 batch under 500 KB, each item 32 KB or less"),
    ],
  },
  {
    status: 301,
    name: "Moved Permanently (wrong datacenter)",
    meaning:
      "The App API answered from the wrong region: the workspace lives in the other data center (typically an EU workspace called on api.customer.io), and the body says \"wrong datacenter\".",
    retryable: false,
    causes: [
      "The client is configured for the US region while the workspace is in the EU data center (or the reverse).",
      "A hard-coded App API base URL (api.customer.io or the legacy beta-api.customer.io) for an EU workspace.",
      "An older SDK or HTTP client that does not follow the redirect; customerio-node reports it as \"301 Unknown error\".",
    ],
    fixes: [
      "Set the region explicitly: CUSTOMERIO_REGION=eu (RegionEU in customerio-node, Regions.EU in Python) and call api-eu.customer.io / track-eu.customer.io.",
      "If your HTTP client follows the redirect, make sure it keeps the Authorization header only for *.customer.io hosts; clients that drop it on a cross-origin redirect turn this into a 401.",
      "Do not retry: the same request goes to the same wrong region until the base URL changes.",
    ],
    related_pitfalls: [],
    next_steps: [
      { tool: "test_app_auth", reason: "Finds which region the App API key belongs to." },
      { tool: "test_track_auth", reason: "The Track region endpoint reports the workspace's region for the Track credentials." },
    ],
    sources: [
      SRC.issue(WRONG_DATACENTER_ISSUE, "EU key on the US App host: 301 {\"errors\":[{\"detail\":\"wrong datacenter\",\"status\":\"301\"}]}"),
      SRC.nodeSdk("lib/request.ts", "follows 301/302/307/308 manually and keeps Authorization only for *.customer.io targets"),
      SRC.dataCentersDocs("workspaces live in the US or EU data center; each has its own API hosts"),
    ],
  },
  {
    status: 400,
    name: "Bad Request",
    meaning:
      "Customer.io rejected the request as invalid; the body says why (Track v1 and Pipelines in meta.errors[], Track v2 in errors[], the App API in errors[] objects, transactional sends in meta.error).",
    retryable: false,
    causes: ["The body is not valid JSON, or a field has the wrong type or a missing value."],
    fixes: [
      "Read the error text in the body: it names the field at fault; fix it before resending.",
      "Do not retry unchanged: the same body fails the same way.",
    ],
    by_api: {
      track: {
        meaning: "The Track API rejected the request: v1 lists the reasons in meta.errors[], v2 in errors[] items with reason, field and message.",
        causes: [
          "A value over a documented limit: attribute value over 1000 bytes, attribute name or person ID over 150 bytes, event name over 100 bytes, event data over 100,000 bytes.",
          "A Track v2 request over 32 KB (a batch over 500 KB), or a missing identifiers object.",
        ],
        fixes: ["Keep values within the documented size limits (check_payload measures them)."],
      },
      app: {
        meaning: "The App API rejected the request: errors[] items carry a stable code (when present), a detail ending with a support reference, and source.pointer for the part at fault.",
        causes: [
          "Path parameters or query values the operation does not accept (an unknown campaign, action or language; start after end).",
          "A lookup by email or phone (id_type) when that identifier is not enabled in the workspace.",
        ],
        fixes: ["Read errors[].code first (it is stable), then errors[].detail; errors[].source.pointer names the part of the body at fault."],
      },
      transactional: {
        meaning: "The transactional send was rejected; meta.error says why.",
        causes: [
          "The \"from\" address domain is not verified, the transactional_message_id does not exist, or a required field is missing.",
          "The request is over 1 MB (2 MB with attachments), an attachment is not base64, or more than 15 recipients across to, cc and bcc.",
          "A phone number that is not E.164 (SMS and WhatsApp sends).",
        ],
        fixes: ["Keep the send under 1 MB (2 MB with attachments) and at most 15 recipients across to, cc and bcc."],
      },
      pipelines: {
        meaning: "The Pipelines API answers 400 only in strict mode (X-Strict-Mode: 1); without it the same invalid call answers 200 and is dropped.",
        causes: ["With X-Strict-Mode: 1: a call without userId or anonymousId, a timestamp that is not ISO 8601, or a call over 32 KB (a batch over 500 KB)."],
        fixes: ["Fix the calls named in meta.errors[]; keep strict mode on so such failures stay visible."],
      },
    },
    related_pitfalls: [],
    next_steps: [
      { tool: "check_payload", reason: "Validates the body against the documented limits before you resend it." },
      { tool: "explain_pitfall", reason: "Search the pitfall catalog with the error text." },
    ],
    sources: [
      SRC.trackSpecAt("#/components/responses/400/description", "Invalid or malformed request.", "Track 400: {\"meta\":{\"errors\":[\"...\"]}}; v2: {\"errors\":[{reason, field, message}]}"),
      SRC.trackSpec("API info section: documented size limits"),
      SRC.appSpecAt("GET /v1/customers/{customer_id}/subscription_preferences", "responses/400/description", "the App API reports errors as a list under `errors`", "App API errors[] items: code, detail, source.pointer, status"),
      SRC.transactionalErrors("400: missing, malformed, or invalid data, with the messages listed there"),
      SRC.appDocs("GET /v1/customers/{id}/attributes: id_type email/phone only when enabled, otherwise 400"),
      SRC.pipelinesSpecAt(PIPELINES_STRICT_MODE, "returns proper HTTP error codes (400/401) for validation failures", "X-Strict-Mode: 1 turns validation failures into 400/401"),
    ],
  },
  {
    status: 401,
    name: "Unauthorized",
    meaning:
      "Customer.io did not accept the credentials for this API: each API has its own credentials (Track: HTTP Basic auth with site ID and Track key; App and transactional: the App API key as Bearer token; Pipelines: HTTP Basic auth with the source's write key as user and an empty password), and each works only on its workspace's region.",
    retryable: false,
    causes: [
      "The environment variable was not loaded, is empty, or carries quotes, whitespace or a line break.",
      "The key was deleted or regenerated, or belongs to another workspace.",
    ],
    fixes: ["Print the last 4 characters of the key your process actually loaded and compare them with the dashboard."],
    by_api: {
      track: {
        meaning: "The Track API did not accept the credentials: it wants HTTP Basic with the site ID as user and the Track API key as password, from a workspace of this host's region.",
        causes: [
          "Wrong key type: an App API key used with the site ID for Track.",
          "Wrong region: a US account calling track-eu.customer.io fails.",
          "The site ID and the key come from different workspaces.",
        ],
        fixes: ["Send HTTP Basic auth with the site ID as user and the Track API key as password, both from the same workspace, to its region's host (CUSTOMERIO_REGION=us or eu)."],
      },
      app: {
        meaning: "The App API did not accept the key: it wants the App API key as a Bearer token, for a workspace of this host's region.",
        causes: [
          "Wrong key type: a Track API key used as the App API bearer token.",
          "Wrong region: an EU workspace called on the US App API host has been seen to answer 401.",
          "An HTTP client followed a cross-region redirect and dropped the Authorization header.",
        ],
        fixes: ["Send the App API key (Account Settings > API Credentials > App API Keys) as Bearer, to the workspace's region."],
      },
      transactional: {
        meaning: "The transactional API did not accept the credentials: it wants an App API key as Bearer (or a service-account token with X-Workspace-Id).",
        causes: [
          "The App API key belongs to another workspace, or the request comes from an IP address the key is restricted against.",
          "A service-account token (sa_live_) sent without the X-Workspace-Id header.",
        ],
        fixes: ["Use an App API key of the workspace that owns the message (or pass X-Workspace-Id with a service-account token); add the caller's egress IP to the key's allowlist."],
      },
      pipelines: {
        meaning: "The Pipelines API did not accept the credentials: it wants HTTP Basic with the source's write key as user and an empty password (answered as 401 in strict mode).",
        causes: [
          "The write key was sent as the password, or with a non-empty password: Pipelines wants the write key as the Basic user name and nothing after the colon.",
          "A Track or App API key used instead of the source's write key.",
          "The write key belongs to a source of the other region's workspace (cdp.customer.io is US, cdp-eu.customer.io is EU).",
        ],
        fixes: ["Send HTTP Basic auth with the source's write key as user name and an empty password (the header encodes \"<write key>:\"), to the host of the source's region."],
      },
    },
    related_pitfalls: [1],
    next_steps: [
      { tool: "test_track_auth", reason: "Checks the Track site ID and key and detects their region without writing anything." },
      { tool: "test_app_auth", reason: "Checks the App API key and its region, and spots a Track key in its place." },
      { tool: "run_diagnostics", reason: "Runs every credential and status check at once." },
    ],
    sources: [
      SRC.trackSpecAt("#/components/responses/401/description", "Make sure that you provided the right credentials.", "Track 401: make sure you provided the right credentials"),
      SRC.credentialsDocs("Track and App keys are different key types, managed under API Credentials"),
      SRC.transactionalErrors("401: invalid App API key, key for the wrong workspace, or an IP the key is restricted against"),
      SRC.trackDocs("an EU account on the US host is redirected; a US account on the EU host fails"),
      SRC.issue(N8N_EU_401_ISSUE, "EU workspace calling the US App API host got 401"),
      SRC.pipelinesSpecAt("#/components/securitySchemes/Basic-Auth/description", "use the API Key as the username and leave the password blank", "Pipelines: Basic auth, write key as user, empty password"),
      {
        confidence: "documented",
        url: "https://docs.customer.io/integrations/api/app/",
        note: "transactional sends also accept service-account tokens (sa_live_), which need X-Workspace-Id",
        spec: { file: "app", pointer: "#/securitySchemes/ServiceAccount-Auth/description", quote: "pass the target workspace as the `X-Workspace-Id` header" },
      },
    ],
  },
  {
    status: 403,
    name: "Forbidden",
    meaning:
      "The credentials were recognised but the request is not allowed: an IP allowlist, or a key without the needed scope.",
    retryable: false,
    causes: ["The key has an IP allowlist and the request came from an address not on it; such requests are denied even with a valid key."],
    fixes: ["Add the server's egress IP to the key's allowlist, or remove the restriction."],
    by_api: {
      app: {
        causes: ["The App API key does not have the scope (permission) this endpoint needs."],
        fixes: ["Create an App API key with the scope the endpoint needs."],
      },
      transactional: {
        meaning: "The key was recognised but this send is not allowed: the account or workspace may not send, the channel is not enabled, or an attachment is refused.",
        causes: [
          "The account owner's email address is not confirmed, the account is not yet approved for sending, or the workspace is set to \"Do Not Send\".",
          "The channel (push, SMS, WhatsApp, in-app, inbox) is not enabled for the workspace, or an attachment has a forbidden file type.",
        ],
        fixes: ["Confirm the account owner's email, finish account approval, turn off Do Not Send, or enable the channel in the workspace."],
      },
    },
    related_pitfalls: [],
    next_steps: [
      { tool: "test_app_auth", reason: "Shows whether the App key works at all and which workspaces it can see." },
      { tool: "run_diagnostics", reason: "Checks credentials, region and the status page together." },
    ],
    sources: [
      SRC.credentialsDocs("IP allowlist: addresses not on the list are denied even when the key is valid"),
      SRC.appDocs("App API keys are workspace-scoped and can carry different scopes"),
      SRC.transactionalErrors("403: owner email not confirmed, account not approved, workspace set to Do Not Send"),
      SRC.appSpecAt("POST /v1/send/push", "responses/403/description", "You don't have push enabled for your workspace.", "403 when the channel is not enabled"),
    ],
  },
  {
    status: 404,
    name: "Not Found",
    meaning:
      "The path or the resource does not exist: most often a person the App API cannot find, or an endpoint that Customer.io does not have.",
    retryable: false,
    causes: ["A path that does not exist on this API (a typo, the wrong host, or an undocumented endpoint)."],
    fixes: ["Compare the path with the API reference of the host you call."],
    by_api: {
      app: {
        causes: [
          "The customer_id does not exist (or id_type does not match the value, e.g. an email looked up as an id).",
          "The person was suppressed: suppression deletes the profile, so later lookups find nothing.",
          "The person was identified by email as the ID and later changed address, so the old ID no longer exists.",
          "A campaign, broadcast, segment, message or webhook ID that does not exist.",
        ],
        fixes: [
          "Look the person up by email or cio_id as well as by ID, and pass id_type when the value is not an ID.",
          "Check IDs in the dashboard before calling campaign, broadcast or message endpoints.",
        ],
      },
      track: {
        causes: ["An undocumented path, such as GET /api/v1/customers/{id} on the Track API (it has only PUT and DELETE there)."],
        fixes: ["Use App API GET /v1/customers/{id}/attributes to read a profile; the Track API has no GET for customers."],
      },
    },
    related_pitfalls: [4],
    next_steps: [
      { tool: "lookup_customer", reason: "Searches the person by id, email or cio_id and reports duplicates and suppression hints." },
    ],
    sources: [
      SRC.appSpecAt("GET /v1/customers/{customer_id}/attributes", "responses/404/description", "The `customer_id` does not exist.", "404 means the customer_id does not exist"),
      SRC.trackSpec("suppress deletes the profile permanently and blocks its identifiers"),
      SRC.trackSpec("the Track path list has only PUT and DELETE on /api/v1/customers/{identifier}"),
    ],
  },
  {
    status: 405,
    name: "Method Not Allowed",
    meaning:
      "The URI or the method is wrong for this endpoint; for transactional sends Customer.io documents 405 as a misspelled URI.",
    retryable: false,
    causes: [
      "A misspelled transactional path (for example /v1/send/emails or /v1/sendemail instead of /v1/send/email).",
      "The right path with the wrong method (identify is PUT, track is POST).",
    ],
    fixes: [
      "Compare the path and method with the API reference: POST /v1/send/email on the App host, PUT /api/v1/customers/{id} and POST /api/v1/customers/{id}/events on the Track host.",
    ],
    related_pitfalls: [],
    next_steps: [
      { tool: "test_app_auth", reason: "Confirms the App base URL and key work with a known-good read-only request." },
    ],
    sources: [SRC.transactionalErrors("405: the URI is misspelled")],
  },
  {
    status: 408,
    name: "Request Timeout",
    meaning: "The request did not complete in time on the way to or inside Customer.io; it is transient and safe to retry for Track calls.",
    retryable: true,
    causes: [
      "A slow or congested network path, or a very large request body.",
      "Customer.io or a proxy in between is degraded.",
    ],
    fixes: [
      "Retry with exponential backoff and jitter; keep tracking calls off the user's request path.",
      "For transactional sends, check whether the message was queued before resending: sends are not idempotent.",
    ],
    related_pitfalls: [7],
    next_steps: [
      { tool: "check_status_page", reason: "Shows whether Customer.io has an incident right now." },
      { tool: "run_diagnostics", reason: "Measures latency to the Track and App APIs." },
    ],
    sources: [NODE_RETRIES, SRC.skillReport("408 listed as retryable in the status code table")],
  },
  {
    status: 413,
    name: "Content Too Large",
    meaning: "The request body is over a size limit of the endpoint; the same body fails the same way until it is made smaller.",
    retryable: false,
    causes: ["The body is over a size limit (Track v2: 32 KB per request or batch item, 500 KB per batch; transactional: 1 MB, or 2 MB with attachments)."],
    fixes: ["Split the request (smaller batches, fewer or shorter attributes, linked instead of attached files) under the documented limits."],
    by_api: {
      transactional: {
        meaning: "The transactional send is too large: attachments must stay under 2 MB in total, and the request under 1 MB without attachments.",
        causes: ["Attachments over 2 MB in total (\"Total attachment size exceeds the limit\")."],
        fixes: ["Attach less (or link to files) so the attachments stay under 2 MB in total."],
      },
      pipelines: {
        meaning: "The Pipelines API does not document 413: an oversized call answers 200 and is dropped, so a 413 points at a proxy in front of it.",
        causes: ["A proxy or gateway with its own body limit in front of cdp.customer.io."],
        fixes: ["Keep each call under 32 KB and each batch under 500 KB, and check the proxy's body limit."],
      },
    },
    related_pitfalls: [],
    next_steps: [{ tool: "check_payload", reason: "Measures the body against the documented size limits." }],
    sources: [
      SRC.appSpecAt("POST /v1/send/email", "responses/413/description", "This typically means your attachment exceeds the size limit.", "sendEmail 413"),
      SRC.trackSpecAt("#/info/description", "`/batch` is limited to requests 500kb or smaller", "v2 size limits"),
      SRC.pipelinesSpecAt("#/info/description", "you will receive a 200 response, but the request will not go through", "Pipelines answers 200 for an oversized call"),
    ],
  },
  {
    status: 422,
    name: "Unprocessable Entity",
    meaning:
      "The JSON was valid but Customer.io could not act on it; documented for API-triggered broadcasts (validation errors in per-user data, an empty recipients filter) and one-time sends (newsletters).",
    retryable: false,
    causes: [
      "triggerBroadcast with per-user data that has errors (the detail names the trigger), or empty recipients (\"empty recipients filter is not valid\").",
      "A one-time send with a missing subscription_topic_id, an unverified from address, or an incomplete rate limit.",
    ],
    fixes: [
      "For a broadcast, read GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors for the trigger named in the detail.",
      "Read the error detail in the body and fix that field; do not retry unchanged.",
    ],
    related_pitfalls: [],
    next_steps: [{ tool: "check_payload", reason: "Validates the request body before you resend it." }],
    sources: [
      SRC.appSpecAt("POST /v1/campaigns/{broadcast_id}/triggers", "responses/422/description", "The broadcast has one or more validation errors.", "triggerBroadcast 422"),
      SRC.appSpecAt("POST /v1/newsletters", "responses/422/description", "Validation error.", "createNewsletter 422 reasons"),
      SRC.nodeSdk("CHANGELOG.md", "5.0.1: triggerBroadcast answered 422 'empty recipients filter is not valid' for empty recipients"),
    ],
  },
  {
    status: 429,
    name: "Too Many Requests",
    meaning:
      "Customer.io is rate limiting: a per-second limit (retry after Retry-After) or, on a few App API endpoints, a daily quota (no Retry-After; not retryable until the next day).",
    retryable: true,
    causes: ["Several processes sharing one key without a shared limiter."],
    fixes: ["Throttle on the client side (a queue or rate limiter) below the endpoint's limit, shared by every worker using the key."],
    by_api: {
      app: {
        meaning:
          "The App API is rate limiting: 10 requests/second on most endpoints (the 429 carries Retry-After), API-triggered broadcasts 1 per 10 s, and a daily quota on GET /v1/messages/{message_id}/archived_message (no Retry-After: wait until the next day).",
        causes: ["More than 10 App API requests per second (lookups, exports, campaigns), or more than one broadcast trigger per 10 seconds."],
      },
      transactional: {
        meaning: "Transactional sends are rate limited: a soft limit of 3000 requests per 3 seconds (older sources say 100/s).",
        causes: ["Bursts of sends above about 3000 requests per 3 seconds."],
        fixes: ["Spread sends out (a queue) and retry after Retry-After or with exponential backoff."],
      },
      track: {
        meaning: "The Track API limit is soft: 1000 requests/second, not strictly enforced; sustained excess is throttled or dropped.",
        causes: ["Sustained Track API bursts (bulk imports without throttling); consistently exceeding the soft limit can lead to throttling."],
        fixes: ["Batch Track writes with /api/v2/batch instead of one request per item, and throttle imports."],
      },
      pipelines: {
        meaning: "The Pipelines API limit is soft: 3000 requests per 3 seconds, not strictly enforced; sustained excess is throttled or dropped.",
        causes: ["Sustained bursts above about 3000 requests per 3 seconds (backfills without throttling)."],
        fixes: ["Send calls through /batch (up to 500 KB) instead of one request each, and throttle backfills."],
      },
    },
    related_pitfalls: [11],
    next_steps: [
      { tool: "audit_code", reason: "Finds loops that call Customer.io without a rate limiter." },
      { tool: "explain_pitfall", reason: "Pitfall 11 shows a throttled import pattern." },
    ],
    sources: [
      SRC.appSpecAt("GET /v1/customers/{customer_id}/attributes", "responses/429/content/application~1json/example/errors/0/detail", "rate limited to 10 requests per 1s", "App API 429: 10 requests/second, Retry-After set"),
      SRC.appSpecAt("GET /v1/messages/{message_id}/archived_message", "responses/429/description", "The per-second limit sets `Retry-After`. The daily quota doesn't", "the daily quota sends no Retry-After"),
      SRC.appDocs("API-triggered broadcasts: 1 request per 10 s; transactional sends: a soft 3000 requests per 3 s (older overview: 100/s)"),
      SRC.trackSpecAt("#/info/description", "The Track API has a rate limit of 1000 requests per second", "Track: 1000 requests/second, not strictly enforced, subject to change (older sources say 100/s)"),
      SRC.pipelinesSpecAt("#/info/description", "rate limit of 3000 requests per 3 seconds", "Pipelines: 3000 requests per 3 seconds, not strictly enforced"),
      NODE_RETRIES,
    ],
  },
  {
    status: 500,
    name: "Internal Server Error",
    meaning: "Customer.io failed while handling the request; it is usually transient.",
    retryable: true,
    causes: ["A transient error inside Customer.io.", "An ongoing incident."],
    fixes: [
      "Retry with exponential backoff and jitter, a bounded number of times.",
      "For transactional sends, check whether a delivery was created before resending: sends have no idempotency key.",
      "If it persists, check the status page and contact support with the request time and path.",
    ],
    related_pitfalls: [],
    next_steps: [
      { tool: "check_status_page", reason: "Shows current incidents and degraded components." },
      { tool: "run_diagnostics", reason: "Confirms whether credentials and region are fine while the error persists." },
    ],
    sources: [NODE_RETRIES, STATUS_PAGE],
  },
  {
    status: 502,
    name: "Bad Gateway",
    meaning: "A proxy or load balancer in front of Customer.io (or your own egress proxy) got no valid answer from upstream; it is transient.",
    retryable: true,
    causes: [
      "A load balancer or CDN in front of Customer.io could not reach the service.",
      "Your own outbound proxy or API gateway failed (an HTML error page usually means an intermediary, not the API).",
    ],
    fixes: [
      "Retry with exponential backoff and jitter.",
      "If the body is an HTML page, check the proxies between you and Customer.io.",
    ],
    related_pitfalls: [],
    next_steps: [{ tool: "check_status_page", reason: "Shows whether Customer.io reports an incident." }],
    sources: [NODE_RETRIES, STATUS_PAGE],
  },
  {
    status: 503,
    name: "Service Unavailable",
    meaning: "Customer.io is temporarily unable to handle the request (overload, maintenance or an incident); retry later.",
    retryable: true,
    causes: ["An incident or maintenance at Customer.io.", "Temporary overload."],
    fixes: [
      "Check the status page at status.customerio.com.",
      "Retry later with exponential backoff, honouring Retry-After when present.",
    ],
    related_pitfalls: [],
    next_steps: [
      { tool: "check_status_page", reason: "Reads status.customerio.com for incidents and maintenance." },
      { tool: "run_diagnostics", reason: "Checks the APIs and the status page together." },
    ],
    sources: [NODE_RETRIES, STATUS_PAGE, SRC.skillReport("503: check the status page, retry later")],
  },
  {
    status: 504,
    name: "Gateway Timeout",
    meaning: "A gateway in front of Customer.io (or your own proxy) timed out waiting for the service; it is transient.",
    retryable: true,
    causes: ["Customer.io answered too slowly for the gateway.", "Your own proxy's upstream timeout is shorter than the request needs."],
    fixes: [
      "Retry with exponential backoff and jitter.",
      "For transactional sends, check whether the message was queued before resending.",
    ],
    related_pitfalls: [7],
    next_steps: [{ tool: "check_status_page", reason: "Shows whether Customer.io reports an incident." }],
    sources: [NODE_RETRIES, STATUS_PAGE],
  },
];

export function statusCodeEntry(status: number): StatusCodeEntry | undefined {
  return STATUS_CODES.find((e) => e.status === status);
}
