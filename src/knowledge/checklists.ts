/** Step-by-step runbooks for the two symptoms users report most, each step tied to the tool that checks it. */
import { SRC } from "./sources.js";
import type { Checklist } from "./types.js";

export const CHECKLISTS: readonly Checklist[] = [
  {
    id: "user_not_receiving_email",
    title: "A person is not receiving email",
    steps: [
      {
        check: "Customer.io itself is healthy",
        how: "Look for incidents or degraded Message Sending / Data Processing components on status.customerio.com.",
        tool: "check_status_page",
      },
      {
        check: "Your app's credentials and region are right, so data reaches the workspace you are looking at",
        how: "Test the Track site ID and key, the App API key, and the region they belong to.",
        tool: "run_diagnostics",
        related_pitfalls: [1],
      },
      {
        check: "The person exists, once",
        how: "Look the person up by ID and by email; two profiles for one address usually mean the email was used as the ID.",
        tool: "lookup_customer",
        related_pitfalls: [4],
      },
      {
        check: "The person has an email attribute",
        how: "Without an email attribute the profile exists but no email can be sent to it.",
        tool: "lookup_customer",
        related_pitfalls: [5],
      },
      {
        check: "The person is not unsubscribed",
        how: "customer.unsubscribed is true for a global unsubscribe; topic preferences can also block a message.",
        tool: "lookup_customer",
      },
      {
        check: "The person was not suppressed",
        how: "Suppressing a person deletes the profile and blocks its identifiers from being added again, so a suppressed person is not found at all.",
        tool: "lookup_customer",
        related_pitfalls: [8],
      },
      {
        check: "The address has not bounced or complained",
        how: "Look for bounced or spammed messages; the email provider keeps its own suppression list for such addresses. A dropped message was addressed to a suppressed person; an undeliverable one hit a message limit, came from a cancelled or deleted newsletter, or from an environment with delivery disabled (not a bad address).",
        tool: "lookup_customer",
        related_pitfalls: [8],
      },
      {
        check: "The campaign is running",
        how: "Campaign state is running, draft or stopped; only a running campaign sends. Check it in the dashboard or with App API GET /v1/campaigns/{campaign_id}.",
        tool: "trace_delivery",
      },
      {
        check: "The person matches the campaign's audience",
        how: "Compare the person's segments with the campaign's trigger and filter segments; attribute types must match the segment conditions.",
        tool: "trace_delivery",
      },
      {
        check: "A message was created and did not fail",
        how: "Read the person's recent messages: a failure_message or failed/dropped/undeliverable metrics explain the non-delivery.",
        tool: "lookup_customer",
      },
      {
        check: "The sending domain is verified",
        how: "The from address must be on a verified sending domain; transactional sends otherwise answer 400 \"“from” address domain has not been verified.\"",
        tool: "diagnose_status_code",
      },
      {
        check: "A transactional send was accepted",
        how: "A 200 returns a delivery_id; any other status carries the reason in meta.error.",
        tool: "diagnose_status_code",
      },
    ],
    sources: [
      SRC.appDocs("GET /v1/customers/{id}/attributes: customer.unsubscribed, customer_id not found answers 404"),
      SRC.trackSpec("suppress deletes the profile permanently and blocks its identifiers"),
      SRC.trackSpec("campaign state enum: running, draft, stopped"),
      SRC.trackSpec("messageObject: failure_message and metrics (bounced, dropped, failed, undeliverable…)"),
      SRC.webhooksSpecAt("#/components/schemas/email_dropped/allOf/1/properties/metric/description", "addressed to a person who was suppressed", "email_dropped: the person was suppressed"),
      SRC.webhooksSpecAt("#/components/schemas/email_undeliverable/allOf/1/properties/metric/description", "hit a message limit, come from a newsletter that was cancelled or deleted, or an environment that has delivery disabled", "email_undeliverable: message limits, cancelled newsletter, delivery disabled"),
      SRC.transactionalErrors("400 '“from” address domain has not been verified.'"),
      SRC.skillReport("delivery checklist: email attribute, suppression, bounces, campaign active, segment match, verified sending domain"),
    ],
  },
  {
    id: "event_not_triggering_campaign",
    title: "An event does not trigger a campaign",
    steps: [
      {
        check: "The track call succeeded",
        how: "A Track call answers 200 {}; any other status means the event was not stored. A Pipelines call (cdp.customer.io) answers 200 even when it drops an invalid call or one over 32 KB, unless it sends X-Strict-Mode: 1.",
        tool: "diagnose_status_code",
      },
      {
        check: "The event went to the right workspace and region",
        how: "Credentials from another workspace or region store the event somewhere else (or fail).",
        tool: "test_track_auth",
        related_pitfalls: [1],
      },
      {
        check: "The event reached the person's profile",
        how: "Look for the event in the person's recent events; it must be tracked for the same ID the campaign audience sees.",
        tool: "lookup_customer",
        related_pitfalls: [3],
      },
      {
        check: "The event name matches the trigger exactly",
        how: "Event names are case-sensitive: \"SignedUp\" does not trigger a campaign waiting for \"signed_up\". Leading and trailing spaces are trimmed.",
        tool: "lookup_customer",
        related_pitfalls: [10, 6],
      },
      {
        check: "The event is recent enough to trigger",
        how: "Only events timestamped within the past 72 hours can trigger campaigns; backfilled or delayed events are stored but do not trigger.",
        tool: "check_payload",
      },
      {
        check: "The timestamp is in unix seconds",
        how: "A millisecond timestamp reads as a date thousands of years ahead.",
        tool: "check_payload",
        related_pitfalls: [2],
      },
      {
        check: "The person existed when the event arrived",
        how: "Identify the person before tracking; an anonymous event triggers only if it is associated with a person within 72 hours of its timestamp.",
        tool: "lookup_customer",
        related_pitfalls: [3],
      },
      {
        check: "The campaign is running and triggered by this event",
        how: "Campaign state is running, draft or stopped; an event-triggered campaign names its event_name. Check it in the dashboard or with App API GET /v1/campaigns.",
      },
      {
        check: "The person matches the campaign's filters",
        how: "Compare the person's segments and attributes with the campaign's filter segments.",
        tool: "lookup_customer",
      },
      {
        check: "The person can receive the message",
        how: "An unsubscribed person, or one without an email attribute, enters the campaign but gets no email.",
        tool: "lookup_customer",
        related_pitfalls: [5],
      },
    ],
    sources: [
      SRC.trackSpec("track event body: only events within the past 72 hours can trigger campaigns; names are trimmed"),
      SRC.trackSpec("anonymous events trigger only when associated with a person within 72 hours"),
      SRC.trackSpec("campaign state enum: running, draft, stopped; the Event trigger variant carries event_name"),
      SRC.skillReport("event names are case-sensitive; identify before track; the person must match the audience"),
      SRC.pipelinesSpecAt("#/info/description", "you will receive a 200 response, but the request will not go through", "Pipelines: oversized calls answer 200 and are dropped; X-Strict-Mode: 1 reports validation failures"),
    ],
  },
];

export function checklist(id: string): Checklist | undefined {
  return CHECKLISTS.find((c) => c.id === id);
}
