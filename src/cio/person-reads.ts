/**
 * Read-only App API reads about how one person can be reached: devices (from
 * the attributes answer already read), topic preferences, the email
 * provider's suppression list, and the activities of deleted people. Each
 * read is one GET; a failure is returned, never thrown. Every field read is
 * one the App API operations document (`READS` lists them).
 */
import { isRecord, text } from "./values.js";
import { appRead, type AppAccess, type AppResult, type CustomerRef } from "./customers.js";
import type { ParsedBody } from "./types.js";

export const PERSON_ENDPOINTS = {
  attributes: "GET /v1/customers/{customer_id}/attributes",
  subscriptionPreferences: "GET /v1/customers/{customer_id}/subscription_preferences",
  espSuppression: "GET /v1/esp/search_suppression/{email_address}",
  deletedActivities: "GET /v1/activities",
  optouts: "GET /v1/customers/{customer_id}/optouts",
} as const;

/** The response fields each parser reads, by operation (checked against the spec by the contract tests). */
const PERSON_READ_FIELDS: Record<string, readonly string[]> = {
  [PERSON_ENDPOINTS.attributes]: [
    "customer.devices[].id",
    "customer.devices[].platform",
    "customer.devices[].last_used",
    "customer.devices[].attributes.push_enabled",
  ],
  [PERSON_ENDPOINTS.subscriptionPreferences]: [
    "customer.unsubscribed",
    "customer.topics[].id",
    "customer.topics[].name",
    "customer.topics[].subscribed",
  ],
  [PERSON_ENDPOINTS.espSuppression]: [
    "category",
    "suppressions[].email",
    "suppressions[].reason",
    "suppressions[].status",
    "suppressions[].created",
  ],
  [PERSON_ENDPOINTS.deletedActivities]: ["activities[].type", "activities[].timestamp", "activities[].customer_identifiers.cio_id"],
  [PERSON_ENDPOINTS.optouts]: ["optouts[].channel", "optouts[].from"],
};

export const READS: ReadonlyArray<{ operation: string; status: number; fields: readonly string[] }> = Object.entries(PERSON_READ_FIELDS).map(
  ([operation, fields]) => ({ operation, status: 200, fields }),
);

export interface PersonDevice {
  id: string;
  platform: string;
  /** Unix seconds the device was last identified, when known. */
  last_used: number | null;
  /** From the device attribute `push_enabled` ("true"/"false"); null when not set. */
  push_enabled: boolean | null;
}

export interface TopicPreference {
  id: string;
  name: string;
  subscribed: boolean;
}

export interface SubscriptionPreferences {
  unsubscribed: boolean;
  topics: TopicPreference[];
}

export interface EspSuppression {
  category: string;
  reason: string | null;
  status: string | null;
  /** Unix seconds. */
  created: number | null;
}

/** An SMS or WhatsApp sender the person opted out of. */
export interface SenderOptOut {
  channel: string;
  from: string | null;
}

export interface DeletedActivity {
  type: string;
  timestamp: number | null;
  cio_id: string | null;
}

function unix(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.length <= 20 && /^\d+$/.test(value)) return Number(value);
  return null;
}

function flag(value: unknown): boolean | null {
  if (value === true || value === false) return value;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true" || v === "1") return true;
    if (v === "false" || v === "0") return false;
  }
  return null;
}


// ---- parsers (pure) ----

/** The devices of an attributes answer (`customer.devices[]`); `[]` for a missing or null list. */
export function devicesFromAttributes(body: ParsedBody | unknown): PersonDevice[] {
  const value = isRecord(body) && (body as { kind?: unknown }).kind === "json" ? (body as { value: unknown }).value : body;
  const customer = isRecord(value) ? value.customer : undefined;
  const list = isRecord(customer) && Array.isArray(customer.devices) ? customer.devices : [];
  return list.filter(isRecord).slice(0, 50).flatMap((d) => {
    const id = text(d.id, 400);
    if (!id) return [];
    const attributes = isRecord(d.attributes) ? d.attributes : {};
    return [{ id, platform: text(d.platform, 40) ?? "unknown", last_used: unix(d.last_used), push_enabled: flag(attributes.push_enabled) }];
  });
}

export function parseSubscriptionPreferences(value: unknown): SubscriptionPreferences | undefined {
  const customer = isRecord(value) ? value.customer : undefined;
  if (!isRecord(customer)) return undefined;
  const topics = Array.isArray(customer.topics) ? customer.topics : [];
  return {
    unsubscribed: flag(customer.unsubscribed) === true,
    topics: topics.filter(isRecord).slice(0, 100).flatMap((t) => {
      const id = text(t.id, 40);
      if (id === null) return [];
      return [{ id, name: text(t.name, 120) ?? `topic ${id}`, subscribed: flag(t.subscribed) !== false }];
    }),
  };
}

/** The suppression of one address, or null when the provider has none. Accepts one category object or a list of them. */
export function parseEspSuppression(value: unknown, email: string): EspSuppression | null | undefined {
  const groups = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.suppressions) ? [value] : isRecord(value) ? [] : undefined;
  if (!groups) return undefined;
  const wanted = email.trim().toLowerCase();
  for (const g of groups.filter(isRecord)) {
    const list = Array.isArray(g.suppressions) ? g.suppressions.filter(isRecord) : [];
    const hit = list.find((s) => typeof s.email !== "string" || s.email.trim().toLowerCase() === wanted);
    if (hit) {
      return { category: text(g.category, 40) ?? "unknown", reason: text(hit.reason), status: text(hit.status, 20), created: unix(hit.created) };
    }
  }
  return null;
}

export function parseOptouts(value: unknown): SenderOptOut[] | undefined {
  const list = isRecord(value) ? value.optouts : undefined;
  if (list === null) return [];
  if (!Array.isArray(list)) return undefined;
  return list.filter(isRecord).slice(0, 50).flatMap((o) => {
    const channel = text(o.channel, 20);
    return channel ? [{ channel, from: text(o.from, 40) }] : [];
  });
}

export function parseDeletedActivities(value: unknown): DeletedActivity[] | undefined {
  const list = isRecord(value) ? value.activities : undefined;
  if (list === null) return [];
  if (!Array.isArray(list)) return undefined;
  return list.filter(isRecord).slice(0, 100).flatMap((a) => {
    const type = text(a.type, 80);
    if (!type) return [];
    const ids = isRecord(a.customer_identifiers) ? a.customer_identifiers : {};
    return [{ type, timestamp: unix(a.timestamp), cio_id: text(ids.cio_id, 80) }];
  });
}

// ---- reads ----

function customerPath(ref: CustomerRef, leaf: string): string {
  return `/v1/customers/${encodeURIComponent(ref.value)}/${leaf}`;
}

/** `GET /v1/customers/{id}/subscription_preferences`: every topic with the person's choice. */
export function getSubscriptionPreferences(access: AppAccess, ref: CustomerRef): Promise<AppResult<SubscriptionPreferences>> {
  return appRead(access, PERSON_ENDPOINTS.subscriptionPreferences, customerPath(ref, "subscription_preferences"), { id_type: ref.idType }, parseSubscriptionPreferences);
}

/** `GET /v1/customers/{id}/optouts`: the SMS and WhatsApp senders the person opted out of. */
export function getOptouts(access: AppAccess, ref: CustomerRef): Promise<AppResult<SenderOptOut[]>> {
  return appRead(access, PERSON_ENDPOINTS.optouts, customerPath(ref, "optouts"), { id_type: ref.idType }, parseOptouts);
}

/** `GET /v1/esp/search_suppression/{email}`: whether the email provider suppresses the address. */
export function searchEspSuppression(access: AppAccess, email: string): Promise<AppResult<EspSuppression | null>> {
  return appRead(access, PERSON_ENDPOINTS.espSuppression, `/v1/esp/search_suppression/${encodeURIComponent(email)}`, {}, (v) =>
    parseEspSuppression(v, email),
  );
}

/**
 * `GET /v1/activities?deleted=true`: what happened to a person who is no
 * longer found (a `profile_delete` or `profile_merge` activity). The spec asks
 * for the `cio_` prefix when the identifier is a cio_id.
 */
export function getDeletedPersonActivities(access: AppAccess, ref: CustomerRef): Promise<AppResult<DeletedActivity[]>> {
  const customerId = ref.idType === "cio_id" && !ref.value.startsWith("cio_") ? `cio_${ref.value}` : ref.value;
  return appRead(
    access,
    PERSON_ENDPOINTS.deletedActivities,
    "/v1/activities",
    { customer_id: customerId, id_type: ref.idType, deleted: "true", limit: 20 },
    parseDeletedActivities,
  );
}

// ---- the person-level reads lookup_customer adds ----

/** What the reachability reads returned for one person; absent parts were not read. */
export interface PersonReach {
  preferences?: AppResult<SubscriptionPreferences>;
  esp?: AppResult<EspSuppression | null>;
  deleted?: AppResult<DeletedActivity[]>;
  requests: number;
}

/**
 * One round after the profile reads: topic preferences and the provider's
 * suppression when the person exists (the email from the profile), or the
 * deleted-people activities when they do not. Each read is one request.
 */
export async function gatherPersonReach(
  access: AppAccess,
  ref: CustomerRef | undefined,
  profile: { exists: boolean | undefined; email: string | null },
): Promise<PersonReach> {
  const out: PersonReach = { requests: 0 };
  if (!ref || profile.exists === undefined) return out;
  const count = <T>(p: Promise<AppResult<T>>) => {
    out.requests++;
    return p;
  };
  if (!profile.exists) {
    out.deleted = await count(getDeletedPersonActivities(access, ref));
    return out;
  }
  const [preferences, esp] = await Promise.all([
    count(getSubscriptionPreferences(access, ref)),
    profile.email ? count(searchEspSuppression(access, profile.email)) : Promise.resolve(undefined),
  ]);
  out.preferences = preferences;
  if (esp) out.esp = esp;
  return out;
}
