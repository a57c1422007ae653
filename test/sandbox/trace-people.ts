/**
 * Sandbox fixtures for delivery traces: the workspace's campaigns,
 * broadcasts, transactional templates, segments, topics and reporting
 * webhooks, and one named person per trace_delivery finding code (with the
 * arguments that reproduce it). Times are "seconds ago", made absolute per
 * request. Served by ./journeys.ts in the shapes the App API spec documents.
 */

const HOUR = 3600;
const DAY = 86_400;

export interface CampaignSeed {
  id: number;
  name: string;
  state: "running" | "draft" | "stopped";
  active: boolean;
  event_name?: string;
  trigger_segment_ids?: number[];
  filter_segment_ids?: number[];
  startedAgo?: number;
  actions: Array<{ id: number; type: string }>;
}

export const CAMPAIGNS: CampaignSeed[] = [
  { id: 11, name: "Welcome series", state: "running", active: true, event_name: "signed_up", filter_segment_ids: [1], startedAgo: 30 * DAY, actions: [{ id: 111, type: "email" }] },
  { id: 12, name: "Trial nudge", state: "running", active: true, trigger_segment_ids: [30], startedAgo: 60 * DAY, actions: [{ id: 121, type: "email" }] },
  { id: 13, name: "Enterprise onboarding", state: "running", active: true, trigger_segment_ids: [40], startedAgo: 10 * DAY, actions: [{ id: 131, type: "email" }] },
  { id: 14, name: "Order shipped push", state: "running", active: true, event_name: "order_shipped", startedAgo: 90 * DAY, actions: [{ id: 141, type: "push" }] },
  { id: 15, name: "Spring sale", state: "draft", active: false, event_name: "sale_viewed", actions: [{ id: 151, type: "email" }] },
  { id: 16, name: "Old newsletter", state: "stopped", active: false, trigger_segment_ids: [1], startedAgo: 400 * DAY, actions: [{ id: 161, type: "email" }] },
  { id: 17, name: "Paused reminder", state: "running", active: false, event_name: "cart_abandoned", startedAgo: 50 * DAY, actions: [{ id: 171, type: "email" }] },
  { id: 18, name: "Welcome (legacy)", state: "running", active: true, event_name: "signed_up", startedAgo: 300 * DAY, actions: [{ id: 181, type: "email" }] },
  { id: 19, name: "Order shipped SMS", state: "running", active: true, event_name: "order_shipped", startedAgo: 40 * DAY, actions: [{ id: 191, type: "twilio" }] },
];

export const SEGMENTS = [
  { id: 1, name: "All users", state: "finished", progress: null },
  { id: 7, name: "Signed up in the last 30 days", state: "finished", progress: null },
  { id: 30, name: "Trial users", state: "finished", progress: null },
  { id: 40, name: "Enterprise accounts", state: "build", progress: 40 },
] as const;

export interface BroadcastSeed {
  id: number;
  name: string;
  state: "running" | "draft";
  active: boolean;
  triggers: Array<{ id: number; createdAgo: number; processedAgo?: number; errors?: string[] }>;
}

export const BROADCASTS: BroadcastSeed[] = [
  {
    id: 31,
    name: "Flash sale",
    state: "running",
    active: true,
    triggers: [
      { id: 501, createdAgo: 2 * DAY, processedAgo: 2 * DAY - 60 },
      { id: 502, createdAgo: 3 * HOUR, processedAgo: 3 * HOUR - 30, errors: ['recipients filter: segment 999 does not exist', 'data: missing key "sale_end"'] },
    ],
  },
  { id: 32, name: "Maintenance notice", state: "running", active: true, triggers: [{ id: 601, createdAgo: DAY, processedAgo: DAY - 30 }] },
];

export const TRANSACTIONAL = [
  { id: 41, name: "password_reset", queue_drafts: false, send_to_unsubscribed: true },
  { id: 42, name: "order_receipt", queue_drafts: true, send_to_unsubscribed: true },
  { id: 43, name: "magic_link", queue_drafts: false, send_to_unsubscribed: false },
] as const;

export const TOPICS = [
  { id: "1", name: "Product updates" },
  { id: "2", name: "Offers" },
] as const;

export interface MessageSeed {
  readonly id: string;
  readonly type: "email" | "push" | "twilio" | "in_app" | "webhook" | "whatsapp";
  readonly campaign_id?: number;
  readonly broadcast_id?: number;
  readonly transactional_id?: number;
  readonly subject?: string;
  readonly ago: number;
  /** metric → seconds ago */
  readonly metrics: Readonly<Record<string, number>>;
  readonly failure_message?: string;
}

export interface TracePersonSeed {
  readonly id: string;
  readonly email: string | null;
  readonly cio_id: string;
  readonly phone?: string;
  readonly unsubscribed?: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly segments: readonly number[];
  /** Newest arrival first (the order the App API lists them in). */
  readonly activities?: ReadonlyArray<{ readonly type: string; readonly name?: string; readonly ago: number; readonly delivery_id?: string }>;
  readonly messages?: readonly MessageSeed[];
  readonly devices?: ReadonlyArray<{ readonly id: string; readonly platform: "ios" | "android"; readonly lastUsedAgo: number; readonly push_enabled?: "true" | "false" }>;
  /** Topic id → subscribed. */
  readonly topics?: Readonly<Record<string, boolean>>;
  readonly esp?: { readonly category: "bounces" | "spam"; readonly reason: string; readonly status: string; readonly ago: number };
  /** SMS/WhatsApp senders the person opted out of. */
  readonly optouts?: ReadonlyArray<{ readonly channel: "sms" | "whatsapp"; readonly from: string }>;
  /** Deleted (or merged away): every per-person read is 404; /v1/activities?deleted=true tells. */
  readonly deleted?: "profile_delete" | "profile_merge";
}

const sent = (ago: number) => ({ sent: ago, delivered: ago - 5 });

/**
 * One person per finding code: `args` reproduce it with trace_delivery, `codes`
 * are the codes the trace must report, `broken` the first broken link.
 */
export const TRACE_CASES = {
  delivered: {
    person: { id: "tr-delivered", email: "tr-delivered@example.com", cio_id: "b3000001", segments: [1, 7],
      activities: [{ type: "sent_email", ago: DAY - 60, delivery_id: "tr-dlv-ok" }, { type: "event", name: "signed_up", ago: DAY }],
      messages: [{ id: "tr-dlv-ok", type: "email", campaign_id: 11, subject: "Welcome!", ago: DAY - 60, metrics: { ...sent(DAY - 60), opened: DAY - 600 } }] },
    args: { campaign_id: 11 }, codes: ["delivered"], broken: null,
  },
  not_found: { person: null, args: { id: "tr-nobody", campaign_id: 11 }, codes: ["not_found"], broken: "person" },
  person_deleted: {
    person: { id: "tr-deleted", email: "tr-deleted@example.com", cio_id: "b3000003", segments: [], deleted: "profile_delete" },
    args: { campaign_id: 11 }, codes: ["person_deleted"], broken: "person",
  },
  person_merged: {
    person: { id: "tr-merged-away", email: "tr-merged-away@example.com", cio_id: "b3000030", segments: [], deleted: "profile_merge" },
    args: { campaign_id: 11 }, codes: ["person_deleted"], broken: "person",
  },
  target_not_found: {
    person: { id: "tr-target-missing", email: "tr-target-missing@example.com", cio_id: "b3000004", segments: [1] },
    args: { campaign_id: 999 }, codes: ["target_not_found"], broken: "target",
  },
  campaign_not_running: {
    person: { id: "tr-draft", email: "tr-draft@example.com", cio_id: "b3000005", segments: [1], activities: [{ type: "event", name: "sale_viewed", ago: HOUR }] },
    args: { campaign_id: 15 }, codes: ["campaign_not_running"], broken: "target",
  },
  broadcast_trigger_failed: {
    person: { id: "tr-broadcast", email: "tr-broadcast@example.com", cio_id: "b3000006", segments: [1] },
    args: { broadcast_id: 31 }, codes: ["broadcast_trigger_failed"], broken: "trigger",
  },
  transactional_queues_drafts: {
    person: { id: "tr-receipt", email: "tr-receipt@example.com", cio_id: "b3000007", segments: [1],
      messages: [{ id: "tr-dlv-draft", type: "email", transactional_id: 42, subject: "Your receipt", ago: 2 * HOUR, metrics: { drafted: 2 * HOUR } }] },
    args: { transactional_id: "order_receipt" }, codes: ["transactional_queues_drafts", "message_drafted"], broken: "delivery",
  },
  trigger_event_missing: {
    person: { id: "tr-no-event", email: "tr-no-event@example.com", cio_id: "b3000008", segments: [1], activities: [{ type: "event", name: "page_viewed", ago: HOUR }] },
    args: { campaign_id: 11 }, codes: ["trigger_event_missing"], broken: "trigger",
  },
  trigger_event_mismatch: {
    person: { id: "tr-signedup-case", email: "tr-signedup-case@example.com", cio_id: "b3000009", segments: [1],
      activities: [{ type: "event", name: "SignedUp", ago: 5 * HOUR }, { type: "event", name: "SignedUp", ago: 2 * DAY }] },
    args: { event_name: "signed_up" }, codes: ["trigger_event_mismatch"], broken: "trigger",
  },
  trigger_event_too_old: {
    // The event arrived an hour ago (after the page view) carrying a timestamp from 10 days back.
    person: { id: "tr-old-event", email: "tr-old-event@example.com", cio_id: "b3000010", segments: [1],
      activities: [{ type: "event", name: "signed_up", ago: 10 * DAY }, { type: "page", name: "/pricing", ago: HOUR }] },
    args: { campaign_id: 11 }, codes: ["trigger_event_too_old"], broken: "trigger",
  },
  trigger_event_merged: {
    person: { id: "tr-merged-event", email: "tr-merged-event@example.com", cio_id: "b3000011", segments: [1],
      activities: [{ type: "anon_merge", ago: HOUR }, { type: "event", name: "signed_up", ago: 5 * DAY }] },
    args: { campaign_id: 11 }, codes: ["trigger_event_merged"], broken: "trigger",
  },
  not_in_trigger_segment: {
    person: { id: "tr-not-trial", email: "tr-not-trial@example.com", cio_id: "b3000012", segments: [1] },
    args: { campaign_id: 12 }, codes: ["not_in_trigger_segment"], broken: "trigger",
  },
  not_in_filter_segment: {
    person: { id: "tr-no-filter", email: "tr-no-filter@example.com", cio_id: "b3000013", segments: [7], activities: [{ type: "event", name: "signed_up", ago: 2 * HOUR }] },
    args: { campaign_id: 11 }, codes: ["not_in_filter_segment"], broken: "audience",
  },
  segment_building: {
    person: { id: "tr-enterprise", email: "tr-enterprise@example.com", cio_id: "b3000014", segments: [1] },
    args: { campaign_id: 13 }, codes: ["segment_building"], broken: null,
  },
  missing_email: {
    person: { id: "tr-no-email", email: null, cio_id: "b3000015", segments: [1], activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }] },
    args: { campaign_id: 11 }, codes: ["missing_email"], broken: "reachability",
  },
  invalid_email: {
    person: { id: "tr-bad-email", email: "tr-bad-email@example", cio_id: "b3000016", segments: [1], activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }] },
    args: { campaign_id: 11 }, codes: ["invalid_email"], broken: "reachability",
  },
  unsubscribed: {
    person: { id: "tr-unsub", email: "tr-unsub@example.com", cio_id: "b3000017", segments: [1], unsubscribed: true, activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }] },
    args: { campaign_id: 11 }, codes: ["unsubscribed"], broken: "reachability",
  },
  topic_unsubscribed: {
    person: { id: "tr-topic", email: "tr-topic@example.com", cio_id: "b3000018", segments: [1], topics: { "1": false, "2": true },
      activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }] },
    args: { campaign_id: 11 }, codes: ["topic_unsubscribed"], broken: null,
  },
  esp_suppressed: {
    person: { id: "tr-suppressed", email: "tr-suppressed@example.com", cio_id: "b3000019", segments: [1],
      esp: { category: "bounces", reason: "550 5.1.1 mailbox does not exist", status: "550", ago: 20 * DAY },
      activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }] },
    args: { campaign_id: 11 }, codes: ["esp_suppressed"], broken: "reachability",
  },
  no_push_device: {
    // An older push (of another broadcast) that found no device: the person uses push.
    person: { id: "tr-no-device", email: "tr-no-device@example.com", cio_id: "b3000020", segments: [1], activities: [{ type: "event", name: "order_shipped", ago: 2 * HOUR }],
      messages: [{ id: "tr-dlv-push-old", type: "push", broadcast_id: 32, ago: 30 * DAY, metrics: { undeliverable: 30 * DAY } }] },
    args: { campaign_id: 14 }, codes: ["no_push_device"], broken: "reachability",
  },
  push_disabled: {
    person: { id: "tr-push-off", email: "tr-push-off@example.com", cio_id: "b3000021", phone: "+14155550123", segments: [1],
      devices: [{ id: "fcm-token-0000000000push-off", platform: "android", lastUsedAgo: 2 * DAY, push_enabled: "false" }],
      activities: [{ type: "event", name: "order_shipped", ago: 2 * HOUR }] },
    args: { campaign_id: 14, channel: "push" }, codes: ["push_disabled"], broken: "reachability",
  },
  /** An SMS campaign for a person who texted STOP to its sender: a warning on the reachability link (no contract code). */
  sms_opt_out: {
    person: { id: "tr-sms-stop", email: "tr-sms-stop@example.com", cio_id: "b3000031", phone: "+14155550199", segments: [1],
      optouts: [{ channel: "sms", from: "+15551234567" }], activities: [{ type: "event", name: "order_shipped", ago: 2 * HOUR }] },
    args: { campaign_id: 19 }, codes: [], broken: null,
  },
  message_drafted: {
    person: { id: "tr-drafted", email: "tr-drafted@example.com", cio_id: "b3000022", segments: [1],
      activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }],
      messages: [{ id: "tr-dlv-drafted", type: "email", campaign_id: 11, subject: "Welcome!", ago: 3 * HOUR - 60, metrics: { drafted: 3 * HOUR - 60 } }] },
    args: { campaign_id: 11 }, codes: ["message_drafted"], broken: "delivery",
  },
  message_failed: {
    person: { id: "tr-failed", email: "tr-failed@example.com", cio_id: "b3000023", segments: [1],
      messages: [{ id: "tr-dlv-failed", type: "email", transactional_id: 41, subject: "Reset your password", ago: HOUR, metrics: { failed: HOUR }, failure_message: "Sender identity reset@example.com is not verified" }] },
    args: { transactional_id: 41 }, codes: ["message_failed"], broken: "delivery",
  },
  liquid_error: {
    person: { id: "tr-liquid", email: "tr-liquid@example.com", cio_id: "b3000024", segments: [1],
      activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }],
      messages: [{ id: "tr-dlv-liquid", type: "email", campaign_id: 11, subject: "Welcome!", ago: 3 * HOUR - 60, metrics: { failed: 3 * HOUR - 60 }, failure_message: "Liquid error: undefined variable customer.first_name" }] },
    args: { campaign_id: 11 }, codes: ["liquid_error"], broken: "delivery",
  },
  message_undeliverable: {
    person: { id: "tr-undeliverable", email: "tr-undeliverable@example.com", cio_id: "b3000025", segments: [1],
      activities: [{ type: "event", name: "signed_up", ago: 3 * HOUR }],
      messages: [{ id: "tr-dlv-undeliverable", type: "email", campaign_id: 11, subject: "Welcome!", ago: 3 * HOUR - 60, metrics: { undeliverable: 3 * HOUR - 60 } }] },
    args: { campaign_id: 11 }, codes: ["message_undeliverable"], broken: "delivery",
  },
  message_dropped: {
    person: { id: "tr-dropped", email: "tr-dropped@example.com", cio_id: "b3000026", segments: [1],
      messages: [{ id: "tr-dlv-dropped", type: "email", broadcast_id: 32, subject: "Maintenance tonight", ago: DAY - 60, metrics: { dropped: DAY - 60 } }] },
    args: { broadcast_id: 32 }, codes: ["message_dropped"], broken: "delivery",
  },
  bounced: {
    person: { id: "tr-bounced", email: "tr-bounced@example.com", cio_id: "b3000027", segments: [1],
      messages: [{ id: "tr-dlv-bounced", type: "email", campaign_id: 11, subject: "Welcome!", ago: 2 * DAY, metrics: { sent: 2 * DAY, bounced: 2 * DAY - 30 }, failure_message: "550 5.1.1 user unknown" }] },
    args: { delivery_id: "tr-dlv-bounced" }, codes: ["bounced"], broken: "delivery",
  },
  spam_complaint: {
    person: { id: "tr-spam", email: "tr-spam@example.com", cio_id: "b3000028", segments: [1],
      messages: [{ id: "tr-dlv-spam", type: "email", campaign_id: 11, subject: "Welcome!", ago: 4 * DAY, metrics: { ...sent(4 * DAY), spammed: 3 * DAY } }] },
    args: { campaign_id: 11 }, codes: ["spam_complaint"], broken: "delivery",
  },
} as const satisfies Record<string, { person: TracePersonSeed | null; args: Record<string, unknown>; codes: readonly string[]; broken: string | null }>;

export type TraceCaseName = keyof typeof TRACE_CASES;

/** The arguments of one case, with the person's id. */
export function traceArgs(name: TraceCaseName): Record<string, unknown> {
  const c = TRACE_CASES[name];
  return c.person ? { id: c.person.id, ...c.args } : { ...c.args };
}

export function tracePeople(): TracePersonSeed[] {
  return Object.values(TRACE_CASES).flatMap((c) => (c.person ? [c.person as TracePersonSeed] : []));
}
