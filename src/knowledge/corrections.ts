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
      "The App API allows 10 requests/second (transactional 100/s, broadcasts 1 per 10 s). The Track API limit is soft and has changed over time (the current spec says 1000/s, not strictly enforced); throttle rather than rely on a number.",
    sources: [
      SRC.appDocs("App API: 10/s; transactional 100/s; broadcasts 1 per 10 s"),
      SRC.trackSpec("Track: 1000 requests/second, not strictly enforced, subject to change"),
    ],
  },
];
