/**
 * Facts the common-errors skill states wrongly, with the correct fact and
 * its source. The tools never repeat the claim; they answer with the fact.
 */
import { SRC } from "./sources.js";
import type { Correction } from "./types.js";

export const CORRECTIONS: readonly Correction[] = [
  {
    id: "no_track_customer_get",
    seed_claim: "Check that a user exists with GET https://track.customer.io/api/v1/customers/{id}.",
    correct_fact:
      "The Track API has no GET on /api/v1/customers/{id} (only PUT identify and DELETE). Read a profile with the App API: GET /v1/customers/{id}/attributes (Bearer App key), or find it by email with GET /v1/customers?email=.",
    sources: [
      SRC.trackSpec("the path list has only PUT and DELETE on /api/v1/customers/{identifier}"),
      SRC.appDocs("GET /v1/customers/{customer_id}/attributes and GET /v1/customers?email="),
    ],
  },
  {
    id: "connectivity_check_mutates",
    seed_claim: "Check API connectivity by POSTing (or PUTting) a test customer to /api/v1/customers/test-user.",
    correct_fact:
      "That request creates or changes a person in the workspace (and POST is not even identify's method: identify is PUT). The read-only credential and region test is GET /api/v1/accounts/region on the Track host.",
    sources: [
      SRC.trackSpec("identify is PUT /api/v1/customers/{identifier} and creates or updates a person"),
      SRC.trackSpec("getRegion: GET /api/v1/accounts/region answers 200 for valid credentials, 401 otherwise"),
    ],
  },
  {
    id: "no_paused_campaign_state",
    seed_claim: "A campaign must be Active (not Draft or Paused).",
    correct_fact:
      "A campaign's state is running, draft or stopped; there is no \"paused\" state. The separate boolean `active` means the campaign can still send messages.",
    sources: [SRC.trackSpec("campaign schema: state enum running, draft, stopped; active is a boolean")],
  },
  {
    id: "python_exception_name",
    seed_claim: "In Python, catch `from customerio.errors import CustomerIOError`.",
    correct_fact:
      "The Python SDK has no customerio.errors module and no CustomerIOError class; it raises customerio.CustomerIOException.",
    sources: [SRC.pythonSdk("customerio/client_base.py", "defines CustomerIOException, exported from the package")],
  },
  {
    id: "status_page_host",
    seed_claim: "Check the status at status.customer.io (https://status.customer.io/api/v2/status.json).",
    correct_fact:
      "Customer.io's status page is status.customerio.com (Atlassian Statuspage; /api/v2/summary.json and /api/v2/status.json).",
    sources: [
      SRC.thirdParty("https://status.customerio.com", "incident pages and /api/v2/summary.json are served on status.customerio.com"),
    ],
  },
  {
    id: "accounts_endpoint_undocumented",
    seed_claim: "Test Track authentication with GET https://track.customer.io/api/v1/accounts.",
    correct_fact: "GET /api/v1/accounts is not a documented endpoint; the documented read-only test is GET /api/v1/accounts/region.",
    sources: [SRC.trackSpec("the only /api/v1/accounts path is /api/v1/accounts/region (getRegion)")],
  },
  {
    id: "ip_addresses_not_auth_test",
    seed_claim: "GET /v1/info/ip_addresses proves the App API key works.",
    correct_fact:
      "GET /v1/info/ip_addresses is documented without an Authorization header, so a 200 says nothing about the key. Test the App key with GET /v1/customers?email= or GET /v1/workspaces.",
    sources: [SRC.appDocs("getCioAllowlist example calls /v1/info/ip_addresses with no Authorization header")],
  },
  {
    id: "transactional_errors_are_400",
    seed_claim: "A wrong transactional_message_id or invalid message data answers 422.",
    correct_fact:
      "Customer.io documents these transactional failures as 400 with meta.error (e.g. \"“transactional_message_id” not found.\"); the documented 422 is triggerBroadcast's \"empty recipients filter is not valid\".",
    sources: [
      SRC.transactionalErrors("400: missing, malformed or invalid data, with the messages listed"),
      SRC.nodeSdk("CHANGELOG.md", "5.0.1: triggerBroadcast 422 'empty recipients filter is not valid'"),
    ],
  },
  {
    id: "millisecond_timestamps_not_400",
    seed_claim: "Millisecond timestamps are rejected with 400 \"timestamp must be a valid unix timestamp\".",
    correct_fact:
      "Millisecond values are accepted without an error and read as seconds, i.e. dates thousands of years ahead; the rejection message is not found in any first-party source.",
    sources: [
      SRC.trackSpec("timestamps are unix seconds"),
      SRC.skillReport("the same skill also says millisecond timestamps are accepted silently"),
    ],
  },
  {
    id: "track_rate_limit_soft",
    seed_claim: "Customer.io rate limits at about 100 requests per second.",
    correct_fact:
      "The App API allows 10 requests/second on most endpoints (broadcast triggers 1 per 10 s); transactional sends have a soft limit of 3000 requests per 3 seconds. The Track API limit is soft (the current spec says 1000/s, not strictly enforced) and so is the Pipelines API's (3000 per 3 s); throttle rather than rely on a number.",
    sources: [
      SRC.appDocs("App API: 10/s; broadcasts 1 per 10 s; transactional: a soft 3000 requests per 3 s"),
      SRC.trackSpecAt("#/info/description", "The Track API has a rate limit of 1000 requests per second", "Track: 1000 requests/second, not strictly enforced, subject to change"),
      SRC.pipelinesSpecAt("#/info/description", "rate limit of 3000 requests per 3 seconds", "Pipelines: 3000 requests per 3 seconds, not strictly enforced"),
    ],
  },
  {
    id: "rate_limit_429_always_retryable",
    seed_claim: "A 429 is always retryable with exponential backoff.",
    correct_fact:
      "The App API has two 429s: the per-second limit (body \"rate limited to 10 requests per 1s\", with Retry-After) is retryable after Retry-After; a daily quota (body \"rate limited to 100 request(s) per day\", no Retry-After, e.g. GET /v1/messages/{message_id}/archived_message) is not: wait until the quota resets the next day.",
    sources: [
      SRC.appSpecAt("GET /v1/messages/{message_id}/archived_message", "responses/429/description", "The per-second limit sets `Retry-After`. The daily quota doesn't, because the wait is until the next day.", "archived_message 429"),
      SRC.appSpecAt("GET /v1/messages/{message_id}/archived_message", "responses/429/content/application~1json/example/errors/0/detail", "rate limited to 100 request(s) per day", "daily-quota body"),
      SRC.appSpecAt("GET /v1/customers/{customer_id}/attributes", "responses/429/content/application~1json/example/errors/0/detail", "rate limited to 10 requests per 1s", "per-second body"),
    ],
  },
  {
    id: "transactional_size_2048_kb",
    seed_claim: "A transactional send may be up to 2048 KB (\"Request entity must be JSON encoded and not exceed 2048 KB.\").",
    correct_fact:
      "The 2048 KB figure is superseded: a transactional request is at most 1 MB without attachments and 2 MB with attachments (attachments under 2 MB in total), with at most 15 recipients across to, cc and bcc.",
    sources: [
      SRC.appDocs("transactional limits: 1 MB without attachments, 2 MB with attachments"),
      SRC.appSpecAt("POST /v1/send/email", "requestBody/content/application~1json/schema/properties/to/description", "up to 15 total recipients across `to`, `cc`, and `bcc`", "15 recipients"),
      SRC.superseded(SRC.transactionalErrors("older text: \"not exceed 2048 KB\""), "1 MB without attachments, 2 MB with attachments"),
    ],
  },
  {
    id: "transactional_rate_100_per_second",
    seed_claim: "Transactional sends are limited to 100 requests per second.",
    correct_fact: "Transactional sends have a soft limit of 3000 requests per 3 seconds; 100/s is an older figure.",
    sources: [SRC.appDocs("transactional API: a soft 3000 requests per 3 seconds"), SRC.superseded(SRC.appDocs("older overview: 100 requests/second"), "3000 requests per 3 seconds")],
  },
  {
    id: "cdp_host_is_not_app_api",
    seed_claim: "https://cdp.customer.io/v1/track is an App API (Bearer) endpoint.",
    correct_fact:
      "cdp.customer.io (US) and cdp-eu.customer.io (EU) serve the Pipelines API: HTTP Basic with the source's write key as user and an empty password, 32 KB per call, 500 KB per batch, and a 200 that silently drops an invalid or oversized call unless X-Strict-Mode: 1 is sent.",
    sources: [
      SRC.pipelinesSpecAt("#/servers/0/url", "https://cdp.customer.io/v1", "Pipelines US server"),
      SRC.pipelinesSpecAt("#/components/securitySchemes/Basic-Auth/description", "use the API Key as the username and leave the password blank", "Basic auth, blank password"),
      SRC.pipelinesSpecAt("#/info/description", "you will receive a 200 response, but the request will not go through", "oversized requests answer 200"),
      SRC.pipelinesSpecAt("#/paths/~1track/post/parameters/0/description", "When not set or set to any other value, the API operates in permissive mode", "X-Strict-Mode"),
    ],
  },
  {
    id: "app_error_detail_is_the_id",
    seed_claim: "Identify App API errors by the text of errors[].detail.",
    correct_fact:
      "App API error objects carry code (a stable identifier, when present), detail (text ending with a support reference) and source.pointer (the part of the body at fault); match on code, show detail and the pointer.",
    sources: [
      SRC.appSpecAt("GET /v1/customers/{customer_id}/subscription_preferences", "responses/400/content/application~1json/schema/properties/errors/items/properties/code/description", "Use this rather than the text in `detail`", "code is the stable identifier"),
      SRC.appSpecAt("GET /v1/customers/{customer_id}/subscription_preferences", "responses/400/content/application~1json/schema/properties/errors/items/properties/source/properties/pointer/description", "A JSON pointer to the part of the request body", "source.pointer"),
    ],
  },
  {
    id: "whatsapp_is_transactional",
    seed_claim: "Transactional sends are /v1/send/email, /push, /sms, /in_app and /inbox_message.",
    correct_fact: "POST /v1/send/whatsapp is a transactional send too (App API host, same auth and meta.error bodies).",
    sources: [
      SRC.appSpecAt("POST /v1/send/whatsapp", "responses/403/content/application~1json/schema/properties/meta/properties/error/example", "WhatsApp messaging is not enabled for your workspace.", "sendWhatsApp"),
    ],
  },
];
