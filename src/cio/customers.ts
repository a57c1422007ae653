/**
 * Read-only App API calls about one person: search by email, attributes,
 * segments, activities and messages. Every call returns parsed data or a
 * classified failure; an HTTP or network problem is never thrown.
 * Response wrappers the docs leave unspecified are parsed tolerantly.
 */
import { isRecord } from "./values.js";
import type { Region } from "../config.js";
import { CioRequestError, type CioHttp, type CioResponse, type ParsedBody } from "./types.js";

/** `phone` is E.164 (`+14155552671`); the path encoding turns its `+` into `%2B`, as the App spec asks. */
export type IdType = "id" | "email" | "cio_id" | "phone";

/** How a person is addressed in `/v1/customers/{id}/...` calls. */
export interface CustomerRef {
  value: string;
  idType: IdType;
}

/** One profile returned by the email search. */
export interface CustomerMatch {
  id: string | null;
  email: string | null;
  cio_id: string | null;
}

export interface CustomerProfile {
  id: string | null;
  email: string | null;
  cio_id: string | null;
  /** Every value as a string, as the App API returns them. */
  attributes: Record<string, string>;
  /** Globally unsubscribed (the top-level `customer.unsubscribed`). */
  unsubscribed: boolean;
  /** Unix seconds of the unsubscription, when the API tells. */
  unsubscribedAt: number | null;
  /** How many devices the profile lists. */
  devices: number;
  /** The devices themselves (App spec `customer.devices[]`). */
  deviceList: CustomerDevice[];
}

export interface CustomerDevice {
  id: string;
  platform: string | null;
  /** Unix seconds the device was last identified. */
  lastUsed: number | null;
  /** `attributes.push_enabled` ("true"/"false"); null when the device does not say. */
  pushEnabled: boolean | null;
}

export interface CustomerSegment {
  id: number | string;
  name: string;
  description: string | null;
  /** Not in the App spec's segment item: always null (kept for callers that still look). */
  type: string | null;
}

export interface CustomerActivity {
  id: string | null;
  type: string;
  name: string | null;
  /** Unix seconds. */
  timestamp: number | null;
  deliveryId: string | null;
  deliveryType: string | null;
  /**
   * Never set: the App spec's activity has no failure reason (`data` is a message delivery
   * or an attribute change), so none is read. Kept optional for older callers.
   */
  reason?: string | null;
}

export interface CustomerMessage {
  id: string;
  type: string | null;
  subject: string | null;
  campaignId: number | string | null;
  /** Metric name → unix seconds it happened. */
  metrics: Record<string, number>;
  failureMessage: string | null;
  /** Unix seconds the delivery was created. */
  created: number | null;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page; null when this is the last one. */
  next: string | null;
}

/** What the caller needs to make App API calls. */
export interface AppAccess {
  http: CioHttp;
  region: Region;
  /** The App API key (Bearer token). */
  token: string;
  signal?: AbortSignal;
}

export type AppFailureKind =
  | "not_found"
  | "invalid_credentials"
  | "forbidden"
  | "region_mismatch"
  | "rate_limited"
  | "bad_request"
  | "upstream_error"
  | "unexpected_response"
  | "timeout"
  | "network_error"
  | "cancelled";

export interface AppFailure {
  kind: AppFailureKind;
  /** The endpoint as a template, e.g. `GET /v1/customers/{id}/attributes`. */
  endpoint: string;
  status: number | null;
  /** Short, secret-free description of what came back. */
  detail: string;
  retryAfter?: string;
  /** Where a redirect pointed (host and path only). */
  redirectTo?: string;
  /** The App error object's stable `code`, when the body had one. */
  errorCode?: string;
  /** A 429 without Retry-After: the daily quota ("If you hit a daily quota, this header is not set"). */
  dailyQuota?: boolean;
}

export type AppResult<T> =
  | { ok: true; data: T; response: CioResponse }
  | { ok: false; failure: AppFailure };

export const ENDPOINTS = {
  search: "GET /v1/customers?email=",
  attributes: "GET /v1/customers/{id}/attributes",
  segments: "GET /v1/customers/{id}/segments",
  activities: "GET /v1/customers/{id}/activities",
  messages: "GET /v1/customers/{id}/messages",
} as const;

/** The documented maximum page size of the activity and message lists. */
export const MAX_PAGE_SIZE = 100;

const SHORT = 200;

function shorten(text: string, max = SHORT): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function asText(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function asUnix(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** The error text of any of the three App API error shapes, shortened. */
export function errorTextFromBody(body: ParsedBody): string | undefined {
  if (body.kind === "empty") return undefined;
  if (body.kind !== "json") return body.kind === "html" ? "an HTML page" : shorten(body.text, 120) || undefined;
  const v = body.value;
  if (!isRecord(v)) return undefined;
  const meta = v.meta;
  if (isRecord(meta)) {
    if (typeof meta.error === "string") return shorten(meta.error);
    if (Array.isArray(meta.errors)) return shorten(meta.errors.filter((e) => typeof e === "string").join("; "));
  }
  if (Array.isArray(v.errors)) {
    const details = v.errors.map(appErrorText).filter((d): d is string => d !== null);
    if (details.length) return shorten(details.join("; "));
  }
  return undefined;
}

/**
 * One App error object: its stable `code` first (the spec: "Use this rather than the text in
 * `detail`"), then `detail`, then `source.pointer`. Track v2 items carry `reason`/`field`/`message`.
 */
function appErrorText(e: unknown): string | null {
  if (!isRecord(e)) return asText(e);
  const code = asText(e.code);
  const detail = asText(e.detail) ?? asText(e.message) ?? asText(e.reason);
  const source = isRecord(e.source) ? asText(e.source.pointer) : null;
  const where = source ?? asText(e.field);
  const text = [code, detail].filter((t): t is string => t !== null).join(": ");
  if (!text) return null;
  return where ? `${text} (at ${where})` : text;
}

/** The stable `code` of the first App error object, when the body has one. */
export function errorCodeFromBody(body: ParsedBody): string | undefined {
  if (body.kind !== "json" || !isRecord(body.value) || !Array.isArray(body.value.errors)) return undefined;
  for (const e of body.value.errors) if (isRecord(e) && typeof e.code === "string" && e.code) return shorten(e.code, 60);
  return undefined;
}

function hostAndPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return shorten(url, 120);
  }
}

/** Turns a non-2xx answer into a failure; undefined for a 2xx. */
export function classifyAppResponse(response: CioResponse, endpoint: string): AppFailure | undefined {
  const { status } = response;
  const text = errorTextFromBody(response.body);
  const said = text ? `: ${text}` : "";
  const location = response.blockedRedirect ?? response.headers.location;
  if (response.blockedRedirect || (status >= 300 && status < 400)) {
    return {
      kind: "region_mismatch",
      endpoint,
      status,
      detail: `HTTP ${status}${said}`,
      ...(location ? { redirectTo: hostAndPath(location) } : {}),
    };
  }
  if (status >= 200 && status < 300) return undefined;
  const code = errorCodeFromBody(response.body);
  const base = { endpoint, status, detail: `HTTP ${status}${said}`, ...(code ? { errorCode: code } : {}) };
  if (status === 401) return { kind: "invalid_credentials", ...base };
  if (status === 403) return { kind: "forbidden", ...base };
  if (status === 404) return { kind: "not_found", ...base };
  if (status === 429) {
    const retryAfter = response.headers["retry-after"];
    // App spec responses/429/headers/Retry-After: "If you hit a daily quota, this header is not set."
    return { kind: "rate_limited", ...base, ...(retryAfter ? { retryAfter: shorten(retryAfter, 40) } : { dailyQuota: true }) };
  }
  if (status === 400 || status === 422) return { kind: "bad_request", ...base };
  return { kind: "upstream_error", ...base };
}

/** Turns a thrown request error into a failure. */
export function classifyRequestError(err: unknown, endpoint: string): AppFailure {
  if (err instanceof CioRequestError) {
    const code = err.causeCode ? ` (${err.causeCode})` : "";
    return { kind: err.kind, endpoint, status: null, detail: `${shorten(err.message, 160)}${code}` };
  }
  const name = isRecord(err) ? err.name : undefined;
  if (name === "AbortError" || name === "TimeoutError") {
    return { kind: "cancelled", endpoint, status: null, detail: "the request was aborted" };
  }
  return { kind: "network_error", endpoint, status: null, detail: "the request failed before an answer arrived" };
}

/** One GET on the App API, classified: the only way the App reads touch the network. */
export async function appRead<T>(
  access: AppAccess,
  endpoint: string,
  path: string,
  query: Record<string, string | number | undefined>,
  parse: (value: unknown) => T | undefined,
): Promise<AppResult<T>> {
  let response: CioResponse;
  try {
    response = await access.http.get({
      api: "app",
      region: access.region,
      path,
      query,
      auth: { kind: "bearer", token: access.token },
      ...(access.signal ? { signal: access.signal } : {}),
    });
  } catch (err) {
    return { ok: false, failure: classifyRequestError(err, endpoint) };
  }
  const failure = classifyAppResponse(response, endpoint);
  if (failure) return { ok: false, failure };
  const data = response.body.kind === "json" && !response.truncated ? parse(response.body.value) : undefined;
  if (data === undefined) {
    const what = response.truncated ? "a body cut at the size cap" : `a ${response.body.kind} body of an unexpected shape`;
    return {
      ok: false,
      failure: { kind: "unexpected_response", endpoint, status: response.status, detail: `HTTP ${response.status} with ${what}` },
    };
  }
  return { ok: true, data, response };
}

function customerPath(ref: CustomerRef, leaf: string): string {
  return `/v1/customers/${encodeURIComponent(ref.value)}/${leaf}`;
}

// ---- parsers (pure; exported for tests) ----

export function parseCustomerMatches(value: unknown): CustomerMatch[] | undefined {
  if (!isRecord(value)) return undefined;
  // A null list is an empty one (the SDKs' recorded answers hold `{"exports": null}`-style nulls).
  const list = value.results === null ? [] : value.results;
  if (!Array.isArray(list)) return undefined;
  return list.filter(isRecord).map((r) => ({ id: asText(r.id), email: asText(r.email), cio_id: asText(r.cio_id) }));
}

function attributeText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return "";
    }
  }
  return String(value);
}

export function parseCustomerProfile(value: unknown): CustomerProfile | undefined {
  const customer = isRecord(value) ? value.customer : undefined;
  if (!isRecord(customer)) return undefined;
  const attributes: Record<string, string> = {};
  if (isRecord(customer.attributes)) {
    for (const [k, v] of Object.entries(customer.attributes)) attributes[k] = attributeText(v);
  }
  const ids = isRecord(customer.identifiers) ? customer.identifiers : {};
  const pick = (key: "id" | "email" | "cio_id") => asText(ids[key]) ?? asText(attributes[key]);
  const flag = customer.unsubscribed;
  // Deprecated in the spec, but still sent: the time each attribute was set, keyed by its name.
  const timestamps = isRecord(customer.timestamps) ? customer.timestamps : {};
  const unsubscribedAt = asUnix(timestamps.unsubscribed);
  const deviceList = (Array.isArray(customer.devices) ? customer.devices : []).filter(isRecord).flatMap((d): CustomerDevice[] => {
    const id = asText(d.id);
    if (!id) return [];
    const push = isRecord(d.attributes) ? d.attributes.push_enabled : undefined;
    return [
      {
        id,
        platform: asText(d.platform),
        lastUsed: asUnix(d.last_used),
        pushEnabled: push === true || push === "true" ? true : push === false || push === "false" ? false : null,
      },
    ];
  });
  return {
    id: asText(customer.id) ?? pick("id"),
    email: pick("email"),
    cio_id: pick("cio_id"),
    attributes,
    unsubscribed: flag === true || flag === "true",
    unsubscribedAt: unsubscribedAt && unsubscribedAt > 0 ? unsubscribedAt : null,
    devices: deviceList.length,
    deviceList,
  };
}

/** The first array found under one of `keys`, or the value itself if it is an array. */
function listUnder(value: unknown, keys: string[]): unknown[] | undefined {
  // A bare list (no wrapper) reads no field at all: tolerated.
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return undefined;
  for (const k of keys) {
    const v = value[k];
    if (Array.isArray(v)) return v;
    // A null list is an empty one (`{"exports": null}`-style answers).
    if (v === null) return [];
  }
  return undefined;
}

function nextCursor(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const next = asText(value.next);
  return next && next.trim() ? next : null;
}

export function parseSegments(value: unknown): CustomerSegment[] | undefined {
  const list = listUnder(value, ["segments"]);
  if (!list) return undefined;
  return list.filter(isRecord).flatMap((s) => {
    const id = typeof s.id === "number" || typeof s.id === "string" ? s.id : null;
    if (id === null) return [];
    return [{ id, name: asText(s.name) ?? `segment ${id}`, description: asText(s.description), type: null }];
  });
}

export function parseActivities(value: unknown): Page<CustomerActivity> | undefined {
  const list = listUnder(value, ["activities"]);
  if (!list) return undefined;
  const items = list.filter(isRecord).flatMap((a) => {
    const type = asText(a.type);
    if (!type) return [];
    return [
      {
        id: asText(a.id),
        type,
        name: asText(a.name),
        timestamp: asUnix(a.timestamp),
        deliveryId: asText(a.delivery_id),
        deliveryType: asText(a.delivery_type),
      },
    ];
  });
  return { items, next: nextCursor(value) };
}

export function parseMessages(value: unknown): Page<CustomerMessage> | undefined {
  const list = listUnder(value, ["messages"]);
  if (!list) return undefined;
  const items = list.filter(isRecord).flatMap((m) => {
    const id = asText(m.id);
    if (!id) return [];
    const metrics: Record<string, number> = {};
    if (isRecord(m.metrics)) {
      for (const [k, v] of Object.entries(m.metrics)) {
        const t = asUnix(v);
        // A metric with a falsy time did not happen.
        if (t !== null && t > 0) metrics[k] = t;
        else if (v === true) metrics[k] = 0;
      }
    }
    const campaign = m.campaign_id;
    return [
      {
        id,
        type: asText(m.type),
        subject: asText(m.subject),
        campaignId: typeof campaign === "number" || (typeof campaign === "string" && campaign) ? campaign : null,
        metrics,
        failureMessage: typeof m.failure_message === "string" && m.failure_message.trim() ? shorten(m.failure_message) : null,
        created: asUnix(m.created),
      },
    ];
  });
  return { items, next: nextCursor(value) };
}

/**
 * Every response field the parsers above read, per operation and status (App spec keys).
 * `[]` steps into array items; test/contract.test.ts fails when one is not in the spec's schema.
 */
export const READS: ReadonlyArray<{ operation: string; status: number; fields: readonly string[] }> = [
  { operation: "GET /v1/customers", status: 200, fields: ["results[].id", "results[].email", "results[].cio_id"] },
  {
    operation: "GET /v1/customers/{customer_id}/attributes",
    status: 200,
    fields: [
      "customer.id",
      "customer.identifiers.id",
      "customer.identifiers.email",
      "customer.identifiers.cio_id",
      "customer.attributes",
      "customer.attributes.id",
      "customer.attributes.email",
      "customer.attributes.cio_id",
      "customer.unsubscribed",
      // Keyed by attribute name ("The epoch timestamps when corresponding attributes were set").
      "customer.timestamps",
      "customer.devices[].id",
      "customer.devices[].platform",
      "customer.devices[].last_used",
      "customer.devices[].attributes.push_enabled",
    ],
  },
  { operation: "GET /v1/customers/{customer_id}/segments", status: 200, fields: ["segments[].id", "segments[].name", "segments[].description"] },
  {
    operation: "GET /v1/customers/{customer_id}/activities",
    status: 200,
    fields: ["activities[].id", "activities[].type", "activities[].name", "activities[].timestamp", "activities[].delivery_id", "activities[].delivery_type"],
  },
  {
    operation: "GET /v1/customers/{customer_id}/messages",
    status: 200,
    fields: [
      "messages[].id",
      "messages[].type",
      "messages[].subject",
      "messages[].campaign_id",
      // Its keys are read as metric names (the spec lists sent and delivered).
      "messages[].metrics",
      "messages[].failure_message",
      "messages[].created",
    ],
  },
];

/** Fields `errorTextFromBody` / `errorCodeFromBody` read, with an operation whose spec documents each shape. */
export const ERROR_READS: ReadonlyArray<{ spec: "app" | "track"; operation: string; status: number; fields: readonly string[] }> = [
  { spec: "app", operation: "GET /v1/customers/{customer_id}/attributes", status: 429, fields: ["errors[].code", "errors[].detail", "errors[].source.pointer"] },
  { spec: "app", operation: "POST /v1/send/email", status: 403, fields: ["meta.error"] },
  { spec: "track", operation: "PUT /api/v1/customers/{identifier}/devices", status: 400, fields: ["meta.errors"] },
  { spec: "track", operation: "POST /api/v2/entity", status: 400, fields: ["errors[].reason", "errors[].field", "errors[].message"] },
];

// ---- calls ----

/** `GET /v1/customers?email=`; the client percent-encodes the query (a raw `+` would silently match nothing). */
export function searchCustomersByEmail(access: AppAccess, email: string): Promise<AppResult<CustomerMatch[]>> {
  return appRead(access, ENDPOINTS.search, "/v1/customers", { email }, parseCustomerMatches);
}

export function getCustomerAttributes(access: AppAccess, ref: CustomerRef): Promise<AppResult<CustomerProfile>> {
  return appRead(access, ENDPOINTS.attributes, customerPath(ref, "attributes"), { id_type: ref.idType }, parseCustomerProfile);
}

export function getCustomerSegments(access: AppAccess, ref: CustomerRef): Promise<AppResult<CustomerSegment[]>> {
  return appRead(access, ENDPOINTS.segments, customerPath(ref, "segments"), { id_type: ref.idType }, parseSegments);
}

export interface ActivityQuery {
  limit?: number;
  /** Activity type, e.g. `event`. */
  type?: string;
  /** Event or attribute name. */
  name?: string;
}

export function getCustomerActivities(
  access: AppAccess,
  ref: CustomerRef,
  query: ActivityQuery = {},
): Promise<AppResult<Page<CustomerActivity>>> {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? MAX_PAGE_SIZE)));
  return appRead(
    access,
    ENDPOINTS.activities,
    customerPath(ref, "activities"),
    { id_type: ref.idType, limit, type: query.type, name: query.name },
    parseActivities,
  );
}

export function getCustomerMessages(
  access: AppAccess,
  ref: CustomerRef,
  query: { limit?: number } = {},
): Promise<AppResult<Page<CustomerMessage>>> {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? 50)));
  return appRead(access, ENDPOINTS.messages, customerPath(ref, "messages"), { id_type: ref.idType, limit }, parseMessages);
}
