/**
 * Sandbox App API routes for delivery traces (app-us / app-eu): campaigns,
 * broadcasts and their triggers, transactional templates and their
 * messages, segments, deliveries, reporting webhooks, the email provider's
 * suppression search, subscription preferences and deleted-people
 * activities, plus every per-person read of the trace fixture people
 * (./trace-people.ts). Bodies follow the App API spec's schemas (the
 * contract tests validate them); other people fall through to ./customers.ts.
 */
import { appKeyCheck } from "./app.js";
import { customerRoutes } from "./customers.js";
import { BROADCASTS, CAMPAIGNS, SEGMENTS, TOPICS, TRANSACTIONAL, tracePeople, type MessageSeed, type TracePersonSeed } from "./trace-people.js";
import type { RouteHandler, SandboxReply, SandboxRequest } from "./types.js";

/** Which reporting webhooks each workspace has; tests may switch the US one. */
export const journeyScenario: { webhooks: { us: WebhookScenario; eu: WebhookScenario } } = { webhooks: { us: "healthy", eu: "none" } };
export type WebhookScenario = "healthy" | "none" | "disabled" | "no_bounce_events";

const notFound = (what: string): SandboxReply => ({ status: 404, body: { errors: [{ detail: `${what} not found`, status: "404" }] } });

function campaignBody(c: (typeof CAMPAIGNS)[number], now: number): Record<string, unknown> {
  const common = {
    id: c.id,
    name: c.name,
    state: c.state,
    active: c.active,
    actions: c.actions,
    filter_segment_ids: c.filter_segment_ids ?? [],
    created: now - 500 * 86_400,
    updated: now - 86_400,
    deduplicate_id: `${c.id}:${now - 86_400}`,
    tags: [],
    ...(c.startedAgo !== undefined ? { first_started: now - c.startedAgo } : {}),
  };
  // The deprecated `type` names the variant: without it every trigger variant of the oneOf would match.
  if (c.event_name !== undefined) return { ...common, type: "event", event_name: c.event_name };
  return { ...common, type: "segment", trigger_segment_ids: c.trigger_segment_ids ?? [] };
}

/** Identifiers as the spec types them: `email` has format email, so an invalid address stays in the attributes only. */
function identifiersOf(p: TracePersonSeed): { id: string; email: string | null; cio_id: string } {
  const valid = p.email !== null && p.email.slice(p.email.indexOf("@") + 1).includes(".");
  return { id: p.id, email: valid ? p.email : null, cio_id: p.cio_id };
}

function messageBody(p: TracePersonSeed, m: MessageSeed, now: number, full: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: m.id,
    deduplicate_id: `${m.id}:${now - m.ago}`,
    type: m.type,
    created: now - m.ago,
    customer_id: p.id,
    recipient: m.type === "email" ? (p.email ?? "") : m.type === "push" ? "device" : (p.phone ?? p.id),
    metrics: Object.fromEntries(Object.entries(m.metrics).map(([k, ago]) => [k, now - ago])),
    failure_message: m.failure_message ?? null,
    forgotten: false,
    action_id: 1000 + (m.campaign_id ?? m.broadcast_id ?? m.transactional_id ?? 0),
    broadcast_id: m.broadcast_id ?? null,
    newsletter_id: null,
    ...(m.subject !== undefined ? { subject: m.subject } : {}),
  };
  // The customer messages list types campaign_id as an integer (not null); the others allow null.
  if (m.campaign_id !== undefined) body.campaign_id = m.campaign_id;
  else if (full) body.campaign_id = null;
  if (full) body.customer_identifiers = identifiersOf(p);
  return body;
}

function attributesBody(p: TracePersonSeed, now: number): unknown {
  const attributes: Record<string, string> = {
    id: p.id,
    cio_id: p.cio_id,
    created_at: String(now - 120 * 86_400),
    ...(p.email !== null ? { email: p.email } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.topics ? { cio_subscription_preferences: JSON.stringify({ topics: Object.fromEntries(Object.entries(p.topics).map(([id, v]) => [`topic_${id}`, v])) }) } : {}),
    ...p.attributes,
  };
  return {
    customer: {
      id: p.id,
      identifiers: identifiersOf(p),
      attributes,
      devices: (p.devices ?? []).map((d) => ({
        id: d.id,
        platform: d.platform,
        last_used: now - d.lastUsedAgo,
        ...(d.push_enabled ? { attributes: { push_enabled: d.push_enabled } } : {}),
      })),
      unsubscribed: p.unsubscribed === true,
    },
  };
}

function activityBody(p: TracePersonSeed, a: NonNullable<TracePersonSeed["activities"]>[number], i: number, now: number): Record<string, unknown> {
  return {
    id: `tr-act-${p.cio_id}-${i}`,
    customer_id: p.id,
    customer_identifiers: identifiersOf(p),
    type: a.type,
    timestamp: now - a.ago,
    ...(a.name ? { name: a.name } : {}),
    // Only delivery activities carry data: `{}` would match both data variants of the spec's oneOf.
    ...(a.delivery_id ? { delivery_id: a.delivery_id, delivery_type: "email", data: { delivery_id: a.delivery_id } } : {}),
  };
}

function findPerson(value: string, idType: string): TracePersonSeed | undefined {
  const v = idType === "cio_id" && value.startsWith("cio_") ? value.slice(4) : value;
  if (idType === "phone") return tracePeople().find((p) => p.phone !== undefined && p.phone === v);
  return tracePeople().find((p) => (idType === "cio_id" ? p.cio_id === v : idType === "email" ? p.email?.toLowerCase() === v.toLowerCase() : p.id === v));
}

function limitOf(req: SandboxRequest, fallback: number, max = 1000): number {
  const n = Number(req.query.get("limit") ?? fallback);
  return Number.isFinite(n) ? Math.min(max, Math.max(1, Math.floor(n))) : fallback;
}

const PERSON_PATH = /^\/v1\/customers\/([^/]+)\/(attributes|segments|activities|messages|subscription_preferences|optouts)$/;

/** Whether ./customers.ts knows this person (its attributes answer is a 200). */
function otherPersonExists(req: SandboxRequest, rawId: string, state: Parameters<RouteHandler>[1]): boolean {
  const reply = customerRoutes({ ...req, path: `/v1/customers/${rawId}/attributes` }, state);
  return reply?.status === 200;
}

function personRoute(req: SandboxRequest, state: Parameters<RouteHandler>[1], now: number): SandboxReply | undefined {
  if (req.path === "/v1/customers") {
    const email = req.query.get("email");
    const hit = email ? tracePeople().filter((p) => p.email !== null && p.email.toLowerCase() === email.toLowerCase()) : [];
    return hit.length ? { status: 200, body: { results: hit.map((p) => ({ id: p.id, email: p.email, cio_id: p.cio_id })) } } : undefined;
  }
  const m = PERSON_PATH.exec(req.path);
  if (!m) return undefined;
  const [, rawId, leaf] = m as unknown as [string, string, string];
  let value: string;
  try {
    value = decodeURIComponent(rawId);
  } catch {
    return undefined;
  }
  const idType = req.query.get("id_type") ?? "id";
  const p = findPerson(value, idType);
  if (!p) {
    // Everyone else's topic preferences: the workspace's topics, all subscribed.
    if (leaf === "subscription_preferences" && otherPersonExists(req, rawId, state)) {
      return { status: 200, body: { customer: { id: value, identifiers: { id: value, email: null, cio_id: "" }, unsubscribed: false, topics: TOPICS.map((t) => ({ ...t, subscribed: true })) } } };
    }
    if (leaf === "subscription_preferences") return notFound("customer");
    return undefined;
  }
  if (p.deleted) return notFound("customer");
  switch (leaf) {
    case "attributes":
      return { status: 200, body: attributesBody(p, now) };
    case "segments":
      return { status: 200, body: { segments: p.segments.map((id) => SEGMENTS.find((s) => s.id === id)!).map((s) => ({ id: s.id, name: s.name, description: "" })) } };
    case "activities": {
      const type = req.query.get("type");
      const name = req.query.get("name");
      const items = (p.activities ?? []).map((a, i) => activityBody(p, a, i, now)).filter((a) => (!type || a.type === type) && (!name || a.name === name));
      return { status: 200, body: { activities: items.slice(0, limitOf(req, 10, 100)), next: "" } };
    }
    case "messages": {
      const list = (p.messages ?? []).filter((msg) => msg.transactional_id === undefined || true).map((msg) => messageBody(p, msg, now, false));
      return { status: 200, body: { messages: list.slice(0, limitOf(req, 50)) } };
    }
    case "optouts":
      return { status: 200, body: { optouts: (p.optouts ?? []).map((o) => ({ channel: o.channel, from: o.from })) } };
    case "subscription_preferences":
      return {
        status: 200,
        body: {
          customer: {
            id: p.id,
            identifiers: identifiersOf(p),
            unsubscribed: p.unsubscribed === true,
            topics: TOPICS.map((t) => ({ ...t, subscribed: p.topics?.[t.id] ?? true })),
          },
        },
      };
    default:
      return undefined;
  }
}

function allMessages(now: number): Array<{ p: TracePersonSeed; m: MessageSeed; body: Record<string, unknown> }> {
  return tracePeople().flatMap((p) => (p.messages ?? []).map((m) => ({ p, m, body: messageBody(p, m, now, true) })));
}

function webhooksFor(region: "us" | "eu"): unknown[] {
  const scenario = journeyScenario.webhooks[region];
  const base = { id: 4, name: "Bounces to our API", endpoint: "https://hooks.example.com/customerio", type: "webhook", full_resolution: false, with_content: false };
  switch (scenario) {
    case "none":
      return [];
    case "disabled":
      return [{ ...base, disabled: true, events: ["email_bounced", "email_spammed", "email_dropped"] }];
    case "no_bounce_events":
      return [{ ...base, name: "Opens", disabled: false, events: ["email_opened", "email_clicked"] }];
    default:
      return [{ ...base, disabled: false, events: ["email_bounced", "email_spammed", "email_dropped", "email_failed"] }];
  }
}

function workspaceRoute(req: SandboxRequest, region: "us" | "eu", now: number): SandboxReply | undefined {
  const path = req.path;
  if (path === "/v1/reporting_webhooks") return { status: 200, body: { reporting_webhooks: webhooksFor(region) } };
  if (region !== "us") {
    // The EU workspace has no journeys.
    if (path === "/v1/campaigns") return { status: 200, body: { campaigns: [] } };
    if (path === "/v1/transactional") return { status: 200, body: { messages: [] } };
    return /^\/v1\/(campaigns|broadcasts|transactional|segments|messages)\//.test(path) ? notFound("object") : undefined;
  }
  if (path === "/v1/campaigns") return { status: 200, body: { campaigns: CAMPAIGNS.map((c) => campaignBody(c, now)) } };
  let m = /^\/v1\/campaigns\/(\d+)$/.exec(path);
  if (m) {
    const c = CAMPAIGNS.find((x) => x.id === Number(m![1]));
    return c ? { status: 200, body: { campaign: campaignBody(c, now) } } : notFound("campaign");
  }
  m = /^\/v1\/broadcasts\/(\d+)(\/triggers)?$/.exec(path);
  if (m) {
    const b = BROADCASTS.find((x) => x.id === Number(m![1]));
    if (!b) return notFound("broadcast");
    if (m[2]) {
      return { status: 200, body: { triggers: b.triggers.map((t) => ({ id: t.id, broadcast_id: b.id, created_at: now - t.createdAgo, ...(t.processedAgo !== undefined ? { processed_at: now - t.processedAgo } : {}) })) } };
    }
    return { status: 200, body: { broadcast: { id: b.id, name: b.name, state: b.state, active: b.active, type: "triggered_broadcast", created: now - 100 * 86_400, updated: now - 86_400, first_started: now - 90 * 86_400, tags: [], actions: [{ id: 3000 + b.id, type: "email" }] } } };
  }
  m = /^\/v1\/campaigns\/(\d+)\/triggers\/(\d+)\/errors$/.exec(path);
  if (m) {
    const t = BROADCASTS.find((x) => x.id === Number(m![1]))?.triggers.find((x) => x.id === Number(m![2]));
    return t ? { status: 200, body: { errors: t.errors ?? [] } } : notFound("trigger");
  }
  if (path === "/v1/transactional") return { status: 200, body: { messages: TRANSACTIONAL.map((t) => ({ ...t, created_at: now - 200 * 86_400, updated_at: now - 10 * 86_400, hide_message_body: false, link_tracking: true, open_tracking: true })) } };
  m = /^\/v1\/transactional\/(\d+)(\/messages)?$/.exec(path);
  if (m) {
    const t = TRANSACTIONAL.find((x) => x.id === Number(m![1]));
    if (!t) return notFound("transactional message");
    if (m[2]) {
      const list = allMessages(now).filter((x) => x.m.transactional_id === t.id).map((x) => x.body);
      return { status: 200, body: { messages: list.slice(0, limitOf(req, 50)) } };
    }
    return { status: 200, body: { message: { ...t, created_at: now - 200 * 86_400, updated_at: now - 10 * 86_400, hide_message_body: false, link_tracking: true, open_tracking: true } } };
  }
  m = /^\/v1\/messages\/([^/]+)$/.exec(path);
  if (m) {
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      return notFound("message");
    }
    const hit = allMessages(now).find((x) => x.m.id === id);
    return hit ? { status: 200, body: { message: hit.body } } : notFound("message");
  }
  m = /^\/v1\/segments\/(\d+)$/.exec(path);
  if (m) {
    const s = SEGMENTS.find((x) => x.id === Number(m![1]));
    return s ? { status: 200, body: { segment: { ...s, description: "", type: "dynamic", tags: null, deduplicate_id: `${s.id}:${now - 3600}`, created_at: now - 300 * 86_400, updated_at: now - 3600 } } } : notFound("segment");
  }
  return undefined;
}

function espRoute(req: SandboxRequest, now: number): SandboxReply | undefined {
  const m = /^\/v1\/esp\/search_suppression\/([^/]+)$/.exec(req.path);
  if (!m) return undefined;
  let email: string;
  try {
    email = decodeURIComponent(m[1]!);
  } catch {
    return { status: 400 };
  }
  const p = tracePeople().find((x) => x.email !== null && x.email.toLowerCase() === email.toLowerCase() && x.esp);
  if (!p?.esp) return { status: 200, body: { suppressions: [] } };
  return { status: 200, body: { category: p.esp.category, suppressions: [{ email: p.email, reason: p.esp.reason, status: p.esp.status, created: now - p.esp.ago }] } };
}

function deletedRoute(req: SandboxRequest, now: number): SandboxReply | undefined {
  if (req.path !== "/v1/activities") return undefined;
  const id = req.query.get("customer_id");
  const p = id ? findPerson(id, req.query.get("id_type") ?? "id") : undefined;
  const deleted = req.query.get("deleted") === "true";
  if (!p || !deleted || !p.deleted) return { status: 200, body: { activities: [], next: "" } };
  return {
    status: 200,
    body: { activities: [{ id: `tr-act-${p.cio_id}-gone`, customer_id: p.id, customer_identifiers: identifiersOf(p), type: p.deleted, timestamp: now - 2 * 86_400 }], next: "" },
  };
}

export const journeyRoutes: RouteHandler = (req, state) => {
  if (req.host !== "app-us" && req.host !== "app-eu") return undefined;
  if (req.method !== "GET") return undefined;
  const known =
    /^\/v1\/(campaigns|broadcasts|transactional|messages|segments|reporting_webhooks|esp\/search_suppression|activities)(\/|$)/.test(req.path) ||
    PERSON_PATH.test(req.path) ||
    req.path === "/v1/customers";
  if (!known) return undefined;
  const check = appKeyCheck(req);
  if ("reply" in check) return check.reply;
  const now = Math.floor(Date.now() / 1000);
  const { region } = check;
  if (region === "us") {
    const person = personRoute(req, state, now);
    if (person) return person;
  } else if (PERSON_PATH.exec(req.path)?.[2] === "subscription_preferences") {
    const m = PERSON_PATH.exec(req.path)!;
    if (otherPersonExists(req, m[1]!, state)) {
      return { status: 200, body: { customer: { id: "eu", identifiers: { id: null, email: null, cio_id: "" }, unsubscribed: false, topics: [] } } };
    }
    return notFound("customer");
  }
  return workspaceRoute(req, region, now) ?? espRoute(req, now) ?? deletedRoute(req, now);
};
