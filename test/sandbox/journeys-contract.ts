/**
 * Contract-test rows (see test/contract.test.ts) for the journey and
 * reachability endpoints trace_delivery, lookup_customer and run_diagnostics
 * read: every fixture the sandbox serves from ./journeys.ts, each documented
 * error, a bad key and the per-second 429.
 */
import { SANDBOX_CUSTOMERS as C } from "./customers.js";
import { BROADCASTS, CAMPAIGNS, SEGMENTS, TRANSACTIONAL, tracePeople } from "./trace-people.js";
import type { SandboxFault, SandboxHost } from "./types.js";

type AuthAs = "app-us" | "app-eu" | "bad-bearer";
interface Call {
  label: string;
  host: SandboxHost;
  path: string;
  auth: AuthAs;
  fault?: SandboxFault;
  status: number;
}
interface Row {
  spec: "app";
  operation: string;
  calls: Call[];
}

const RATE_LIMITED: SandboxFault = { kind: "rate_limit", retryAfter: "1", times: 1 };
const enc = encodeURIComponent;
const us = (label: string, path: string, status = 200): Call => ({ label, host: "app-us", path, auth: "app-us", status });

/** A bad key and the per-second limit on one path. */
function errors(path: string): Call[] {
  return [
    { label: "bad key", host: "app-us", path, auth: "bad-bearer", status: 401 },
    { label: "per-second limit", host: "app-us", path, auth: "app-us", fault: RATE_LIMITED, status: 429 },
  ];
}

function perTracePerson(leaf: string, query = ""): Call[] {
  const q = query ? `&${query}` : "";
  const calls = tracePeople().flatMap((p) =>
    p.deleted
      ? [us(`${p.id} (deleted)`, `/v1/customers/${enc(p.id)}/${leaf}?id_type=id${q}`, 404)]
      : [us(`${p.id} by id`, `/v1/customers/${enc(p.id)}/${leaf}?id_type=id${q}`), us(`${p.id} by cio_id`, `/v1/customers/${enc(p.cio_id)}/${leaf}?id_type=cio_id${q}`)],
  );
  return [...calls, ...errors(`/v1/customers/tr-delivered/${leaf}?id_type=id${q}`)];
}

const allMessages = tracePeople().flatMap((p) => p.messages ?? []);

export const JOURNEY_ROWS: Row[] = [
  {
    spec: "app",
    operation: "GET /v1/customers",
    calls: tracePeople().flatMap((p) => (p.email && p.email.slice(p.email.indexOf("@") + 1).includes(".") ? [us(`search ${p.id}`, `/v1/customers?email=${enc(p.email)}`)] : [])),
  },
  { spec: "app", operation: "GET /v1/customers/{customer_id}/attributes", calls: perTracePerson("attributes") },
  { spec: "app", operation: "GET /v1/customers/{customer_id}/segments", calls: perTracePerson("segments") },
  {
    spec: "app",
    operation: "GET /v1/customers/{customer_id}/activities",
    calls: [...perTracePerson("activities", "limit=100"), us("exact event name", "/v1/customers/tr-signedup-case/activities?id_type=id&type=event&name=signed_up&limit=10")],
  },
  { spec: "app", operation: "GET /v1/customers/{customer_id}/messages", calls: perTracePerson("messages", "limit=100") },
  {
    spec: "app",
    operation: "GET /v1/customers/{customer_id}/subscription_preferences",
    calls: [
      ...perTracePerson("subscription_preferences"),
      us("lookup person (healthy)", `/v1/customers/${enc(C.healthy.id)}/subscription_preferences?id_type=id`),
      { label: "EU person", host: "app-eu", path: `/v1/customers/${enc(C.eu.id)}/subscription_preferences?id_type=id`, auth: "app-eu", status: 200 },
    ],
  },
  { spec: "app", operation: "GET /v1/customers/{customer_id}/optouts", calls: perTracePerson("optouts") },
  {
    spec: "app",
    operation: "GET /v1/esp/search_suppression/{email_address}",
    calls: [
      ...tracePeople().flatMap((p) => (p.email ? [us(p.esp ? `${p.id} (suppressed)` : p.id, `/v1/esp/search_suppression/${enc(p.email)}`)] : [])),
      us("lookup person", `/v1/esp/search_suppression/${enc(C.healthy.email)}`),
      ...errors(`/v1/esp/search_suppression/${enc("tr-suppressed@example.com")}`),
    ],
  },
  {
    spec: "app",
    operation: "GET /v1/activities",
    calls: [
      us("deleted person", "/v1/activities?customer_id=tr-deleted&id_type=id&deleted=true&limit=20"),
      us("deleted person by cio_id", "/v1/activities?customer_id=cio_b3000003&id_type=cio_id&deleted=true&limit=20"),
      us("never existed", "/v1/activities?customer_id=tr-nobody&id_type=id&deleted=true&limit=20"),
      ...errors("/v1/activities?customer_id=tr-deleted&id_type=id&deleted=true&limit=20"),
    ],
  },
  {
    spec: "app",
    operation: "GET /v1/campaigns",
    calls: [us("US workspace", "/v1/campaigns"), { label: "EU workspace", host: "app-eu", path: "/v1/campaigns", auth: "app-eu", status: 200 }, ...errors("/v1/campaigns")],
  },
  {
    spec: "app",
    operation: "GET /v1/campaigns/{campaign_id}",
    calls: [...CAMPAIGNS.map((c) => us(`${c.name} (${c.state})`, `/v1/campaigns/${c.id}`)), ...errors("/v1/campaigns/11")],
  },
  {
    spec: "app",
    operation: "GET /v1/broadcasts/{broadcast_id}",
    calls: [...BROADCASTS.map((b) => us(b.name, `/v1/broadcasts/${b.id}`)), us("unknown broadcast", "/v1/broadcasts/999", 404), ...errors("/v1/broadcasts/31")],
  },
  {
    spec: "app",
    operation: "GET /v1/broadcasts/{broadcast_id}/triggers",
    calls: [...BROADCASTS.map((b) => us(b.name, `/v1/broadcasts/${b.id}/triggers`)), us("unknown broadcast", "/v1/broadcasts/999/triggers", 404), ...errors("/v1/broadcasts/31/triggers")],
  },
  {
    spec: "app",
    operation: "GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors",
    calls: [
      ...BROADCASTS.flatMap((b) => b.triggers.map((t) => us(`${b.name} trigger ${t.id}${t.errors ? " (errors)" : ""}`, `/v1/campaigns/${b.id}/triggers/${t.id}/errors?limit=10`))),
      us("unknown trigger", "/v1/campaigns/31/triggers/9999/errors?limit=10", 404),
      ...errors("/v1/campaigns/31/triggers/502/errors?limit=10"),
    ],
  },
  { spec: "app", operation: "GET /v1/transactional", calls: [us("templates", "/v1/transactional"), ...errors("/v1/transactional")] },
  {
    spec: "app",
    operation: "GET /v1/transactional/{transactional_id}",
    calls: [...TRANSACTIONAL.map((t) => us(t.name, `/v1/transactional/${t.id}`)), us("unknown template", "/v1/transactional/999", 404), ...errors("/v1/transactional/41")],
  },
  {
    spec: "app",
    operation: "GET /v1/transactional/{transactional_id}/messages",
    calls: [...TRANSACTIONAL.map((t) => us(t.name, `/v1/transactional/${t.id}/messages?limit=100`)), ...errors("/v1/transactional/41/messages?limit=100")],
  },
  {
    spec: "app",
    operation: "GET /v1/messages/{message_id}",
    calls: [...allMessages.map((m) => us(m.id, `/v1/messages/${enc(m.id)}`)), us("unknown delivery", "/v1/messages/no-such-delivery", 404), ...errors("/v1/messages/tr-dlv-ok")],
  },
  {
    spec: "app",
    operation: "GET /v1/segments/{segment_id}",
    calls: [...SEGMENTS.map((s) => us(`${s.name} (${s.state})`, `/v1/segments/${s.id}`)), us("unknown segment", "/v1/segments/999", 404), ...errors("/v1/segments/40")],
  },
  {
    spec: "app",
    operation: "GET /v1/reporting_webhooks",
    calls: [us("US workspace", "/v1/reporting_webhooks"), { label: "EU workspace (none)", host: "app-eu", path: "/v1/reporting_webhooks", auth: "app-eu", status: 200 }, ...errors("/v1/reporting_webhooks")],
  },
];
