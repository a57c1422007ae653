/**
 * Read-only App API reads about what should have reached a person: campaigns,
 * broadcasts and their triggers, transactional templates, segments,
 * deliveries and the workspace's reporting webhooks. Each read is one GET
 * (never the archived-message endpoint: it allows 100 requests a day); a
 * failure is returned, never thrown. `READS` lists every
 * response field the parsers read, by operation, for the contract tests.
 */
import { isRecord, text } from "./values.js";
import type { AppAccess, AppResult, CustomerRef } from "./customers.js";
import { appRead } from "./customers.js";

/** The channels a message goes out on, as trace_delivery names them (a `twilio` delivery is `sms`). */
export const CHANNELS = ["email", "push", "sms", "in_app", "whatsapp", "webhook"] as const;
export type Channel = (typeof CHANNELS)[number];

export const DELIVERY_ENDPOINTS = {
  campaigns: "GET /v1/campaigns",
  campaign: "GET /v1/campaigns/{campaign_id}",
  broadcast: "GET /v1/broadcasts/{broadcast_id}",
  broadcastTriggers: "GET /v1/broadcasts/{broadcast_id}/triggers",
  triggerErrors: "GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors",
  transactionalList: "GET /v1/transactional",
  transactional: "GET /v1/transactional/{transactional_id}",
  transactionalMessages: "GET /v1/transactional/{transactional_id}/messages",
  message: "GET /v1/messages/{message_id}",
  customerMessages: "GET /v1/customers/{customer_id}/messages",
  segment: "GET /v1/segments/{segment_id}",
  reportingWebhooks: "GET /v1/reporting_webhooks",
} as const;

const CAMPAIGN_FIELDS = ["id", "name", "state", "active", "event_name", "trigger_segment_ids", "filter_segment_ids", "first_started", "type", "actions[].type"];
const MESSAGE_FIELDS = [
  "id",
  "type",
  "created",
  "campaign_id",
  "broadcast_id",
  "metrics",
  "failure_message",
  "recipient",
  "subject",
  "customer_identifiers.id",
  "customer_identifiers.email",
  "customer_identifiers.cio_id",
];
const TEMPLATE_FIELDS = ["id", "name", "queue_drafts", "send_to_unsubscribed"];

const DELIVERY_READ_FIELDS: Record<string, readonly string[]> = {
  [DELIVERY_ENDPOINTS.campaigns]: CAMPAIGN_FIELDS.map((f) => `campaigns[].${f}`),
  [DELIVERY_ENDPOINTS.campaign]: CAMPAIGN_FIELDS.map((f) => `campaign.${f}`),
  [DELIVERY_ENDPOINTS.broadcast]: ["id", "name", "state", "active", "first_started"].map((f) => `broadcast.${f}`),
  [DELIVERY_ENDPOINTS.broadcastTriggers]: ["triggers[].id", "triggers[].created_at", "triggers[].processed_at"],
  [DELIVERY_ENDPOINTS.triggerErrors]: ["errors[]"],
  [DELIVERY_ENDPOINTS.transactionalList]: TEMPLATE_FIELDS.map((f) => `messages[].${f}`),
  [DELIVERY_ENDPOINTS.transactional]: TEMPLATE_FIELDS.map((f) => `message.${f}`),
  [DELIVERY_ENDPOINTS.transactionalMessages]: MESSAGE_FIELDS.map((f) => `messages[].${f}`),
  [DELIVERY_ENDPOINTS.message]: MESSAGE_FIELDS.map((f) => `message.${f}`),
  [DELIVERY_ENDPOINTS.customerMessages]: ["id", "type", "created", "campaign_id", "broadcast_id", "metrics", "failure_message", "recipient", "subject"].map(
    (f) => `messages[].${f}`,
  ),
  [DELIVERY_ENDPOINTS.segment]: ["segment.id", "segment.name", "segment.state", "segment.progress"],
  [DELIVERY_ENDPOINTS.reportingWebhooks]: ["reporting_webhooks[].id", "reporting_webhooks[].name", "reporting_webhooks[].disabled", "reporting_webhooks[].events"],
};

/** Every response field the parsers below read, by operation (the contract tests check each against the spec). */
export const READS: ReadonlyArray<{ operation: string; status: number; fields: readonly string[] }> = Object.entries(DELIVERY_READ_FIELDS).map(
  ([operation, fields]) => ({ operation, status: 200, fields }),
);

export interface Campaign {
  id: number;
  name: string;
  /** `running`, `draft` or `stopped` (the spec's enum); anything else is passed on. */
  state: string | null;
  active: boolean | null;
  /** The Event variant's trigger. */
  event_name: string | null;
  trigger_segment_ids: number[];
  filter_segment_ids: number[];
  /** Unix seconds. */
  first_started: number | null;
  /** The deprecated `type` (segment, event, form, date, …), when sent. */
  trigger_type: string | null;
  /** The types of the campaign's actions (email, push, twilio, webhook, delay…), in order. */
  action_types: string[];
}

export interface Broadcast {
  id: number;
  name: string;
  state: string | null;
  active: boolean | null;
  first_started: number | null;
}

export interface BroadcastTrigger {
  id: number;
  created_at: number | null;
  processed_at: number | null;
}

export interface TransactionalTemplate {
  id: number;
  name: string;
  queue_drafts: boolean | null;
  send_to_unsubscribed: boolean | null;
}

export interface Delivery {
  id: string;
  type: string;
  created: number | null;
  campaign_id: number | null;
  broadcast_id: number | null;
  /** Metric → unix seconds it happened (only the ones that happened). */
  metrics: Record<string, number>;
  failure_message: string | null;
  recipient: string | null;
  subject: string | null;
  customer: { id: string | null; email: string | null; cio_id: string | null } | null;
}

export interface Segment {
  id: number;
  name: string;
  state: string | null;
  progress: number | null;
}

export interface ReportingWebhook {
  id: number | null;
  name: string;
  disabled: boolean;
  events: string[];
}

function int(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && value.length <= 16 && /^\d+$/.test(value)) return Number(value);
  return null;
}

function bool(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return null;
}

function ints(value: unknown): number[] {
  return Array.isArray(value) ? value.slice(0, 100).map(int).filter((n): n is number => n !== null) : [];
}

/** A list under `key`; `null` (as the SDK's recorded answers show) is an empty list. */
function listOf(value: unknown, key: string): unknown[] | undefined {
  if (!isRecord(value)) return undefined;
  const list = value[key];
  if (list === null) return [];
  return Array.isArray(list) ? list : undefined;
}

// ---- parsers (pure) ----

export function parseCampaign(c: unknown): Campaign | undefined {
  if (!isRecord(c)) return undefined;
  const id = int(c.id);
  if (id === null) return undefined;
  return {
    id,
    name: text(c.name) ?? `campaign ${id}`,
    state: text(c.state, 40),
    active: bool(c.active),
    event_name: typeof c.event_name === "string" ? c.event_name.slice(0, 512) : null,
    trigger_segment_ids: ints(c.trigger_segment_ids),
    filter_segment_ids: ints(c.filter_segment_ids),
    first_started: int(c.first_started),
    trigger_type: text(c.type, 40),
    action_types: Array.isArray(c.actions) ? c.actions.slice(0, 50).flatMap((a) => (isRecord(a) && typeof a.type === "string" ? [a.type.slice(0, 40)] : [])) : [],
  };
}

export function parseCampaignList(value: unknown): Campaign[] | undefined {
  const list = listOf(value, "campaigns");
  return list?.map(parseCampaign).filter((c): c is Campaign => c !== undefined);
}

export function parseBroadcast(value: unknown): Broadcast | undefined {
  const b = isRecord(value) ? value.broadcast : undefined;
  if (!isRecord(b)) return undefined;
  const id = int(b.id);
  if (id === null) return undefined;
  return { id, name: text(b.name) ?? `broadcast ${id}`, state: text(b.state, 40), active: bool(b.active), first_started: int(b.first_started) };
}

export function parseBroadcastTriggers(value: unknown): BroadcastTrigger[] | undefined {
  const list = listOf(value, "triggers");
  return list?.filter(isRecord).flatMap((t) => {
    const id = int(t.id);
    return id === null ? [] : [{ id, created_at: int(t.created_at), processed_at: int(t.processed_at) }];
  });
}

export function parseTriggerErrors(value: unknown): string[] | undefined {
  const list = listOf(value, "errors");
  return list?.slice(0, 20).map((e) => text(e, 300)).filter((e): e is string => e !== null);
}

function parseTemplate(t: unknown): TransactionalTemplate | undefined {
  if (!isRecord(t)) return undefined;
  const id = int(t.id);
  if (id === null) return undefined;
  return { id, name: text(t.name) ?? `transactional ${id}`, queue_drafts: bool(t.queue_drafts), send_to_unsubscribed: bool(t.send_to_unsubscribed) };
}

export function parseTransactionalList(value: unknown): TransactionalTemplate[] | undefined {
  return listOf(value, "messages")?.map(parseTemplate).filter((t): t is TransactionalTemplate => t !== undefined);
}

export function parseDelivery(m: unknown): Delivery | undefined {
  if (!isRecord(m)) return undefined;
  const id = text(m.id, 200);
  if (!id) return undefined;
  const metrics: Record<string, number> = {};
  if (isRecord(m.metrics)) {
    for (const [k, v] of Object.entries(m.metrics).slice(0, 40)) {
      const t = int(v);
      if (t !== null && t > 0) metrics[k] = t;
    }
  }
  const ids = isRecord(m.customer_identifiers) ? m.customer_identifiers : undefined;
  return {
    id,
    type: text(m.type, 40) ?? "unknown",
    created: int(m.created),
    campaign_id: int(m.campaign_id),
    broadcast_id: int(m.broadcast_id),
    metrics,
    failure_message: typeof m.failure_message === "string" && m.failure_message.trim() ? m.failure_message.slice(0, 2000) : null,
    recipient: text(m.recipient, 254),
    subject: text(m.subject, 200),
    customer: ids ? { id: text(ids.id, 200), email: text(ids.email, 254), cio_id: text(ids.cio_id, 80) } : null,
  };
}

export function parseDeliveryList(value: unknown): Delivery[] | undefined {
  return listOf(value, "messages")?.map(parseDelivery).filter((d): d is Delivery => d !== undefined);
}

export function parseSegment(value: unknown): Segment | undefined {
  const s = isRecord(value) ? value.segment : undefined;
  if (!isRecord(s)) return undefined;
  const id = int(s.id);
  if (id === null) return undefined;
  return { id, name: text(s.name) ?? `segment ${id}`, state: text(s.state, 40), progress: int(s.progress) };
}

export function parseReportingWebhooks(value: unknown): ReportingWebhook[] | undefined {
  const list = listOf(value, "reporting_webhooks");
  return list?.filter(isRecord).slice(0, 100).map((w) => ({
    id: int(w.id),
    name: text(w.name) ?? "unnamed webhook",
    disabled: bool(w.disabled) === true,
    events: Array.isArray(w.events) ? w.events.slice(0, 100).map((e) => text(e, 60)).filter((e): e is string => e !== null) : [],
  }));
}

// ---- reads ----

const CAMPAIGN_LIST_CAP = 1000;

export function listCampaigns(access: AppAccess): Promise<AppResult<Campaign[]>> {
  return appRead(access, DELIVERY_ENDPOINTS.campaigns, "/v1/campaigns", {}, (v) => parseCampaignList(v)?.slice(0, CAMPAIGN_LIST_CAP));
}

export function getCampaign(access: AppAccess, id: number): Promise<AppResult<Campaign>> {
  return appRead(access, DELIVERY_ENDPOINTS.campaign, `/v1/campaigns/${id}`, {}, (v) => (isRecord(v) ? parseCampaign(v.campaign) : undefined));
}

export function getBroadcast(access: AppAccess, id: number): Promise<AppResult<Broadcast>> {
  return appRead(access, DELIVERY_ENDPOINTS.broadcast, `/v1/broadcasts/${id}`, {}, parseBroadcast);
}

export function listBroadcastTriggers(access: AppAccess, id: number): Promise<AppResult<BroadcastTrigger[]>> {
  return appRead(access, DELIVERY_ENDPOINTS.broadcastTriggers, `/v1/broadcasts/${id}/triggers`, {}, parseBroadcastTriggers);
}

/** The spec files this under `/v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors`. */
export function getTriggerErrors(access: AppAccess, broadcastId: number, triggerId: number): Promise<AppResult<string[]>> {
  return appRead(access, DELIVERY_ENDPOINTS.triggerErrors, `/v1/campaigns/${broadcastId}/triggers/${triggerId}/errors`, { limit: 10 }, parseTriggerErrors);
}

export function getTransactional(access: AppAccess, id: number): Promise<AppResult<TransactionalTemplate>> {
  return appRead(access, DELIVERY_ENDPOINTS.transactional, `/v1/transactional/${id}`, {}, (v) => (isRecord(v) ? parseTemplate(v.message) : undefined));
}

export function listTransactional(access: AppAccess): Promise<AppResult<TransactionalTemplate[]>> {
  return appRead(access, DELIVERY_ENDPOINTS.transactionalList, "/v1/transactional", {}, parseTransactionalList);
}

export function listTransactionalMessages(access: AppAccess, id: number, limit = 100): Promise<AppResult<Delivery[]>> {
  return appRead(access, DELIVERY_ENDPOINTS.transactionalMessages, `/v1/transactional/${id}/messages`, { limit }, parseDeliveryList);
}

export function getMessage(access: AppAccess, id: string): Promise<AppResult<Delivery>> {
  return appRead(access, DELIVERY_ENDPOINTS.message, `/v1/messages/${encodeURIComponent(id)}`, {}, (v) => (isRecord(v) ? parseDelivery(v.message) : undefined));
}

export function getCustomerDeliveries(access: AppAccess, ref: CustomerRef, limit = 100): Promise<AppResult<Delivery[]>> {
  return appRead(
    access,
    DELIVERY_ENDPOINTS.customerMessages,
    `/v1/customers/${encodeURIComponent(ref.value)}/messages`,
    { id_type: ref.idType, limit },
    parseDeliveryList,
  );
}

export function getSegment(access: AppAccess, id: number): Promise<AppResult<Segment>> {
  return appRead(access, DELIVERY_ENDPOINTS.segment, `/v1/segments/${id}`, {}, parseSegment);
}

export function listReportingWebhooks(access: AppAccess): Promise<AppResult<ReportingWebhook[]>> {
  return appRead(access, DELIVERY_ENDPOINTS.reportingWebhooks, "/v1/reporting_webhooks", {}, parseReportingWebhooks);
}
