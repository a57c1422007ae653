/**
 * trace_delivery: why did (or didn't) one person get one message? Walks the
 * chain person → target → trigger → audience → reachability → delivery with
 * read-only App API GETs (at most 12, independent ones at the same time) and
 * names the first broken link with its fix.
 *
 * gather (src/cio reads) → diagnose (src/diagnosis pure functions) → present.
 */
import { setMaxListeners } from "node:events";
import { z } from "zod";
import type { Region } from "../config.js";
import { UserInputError } from "../errors.js";
import { findingSchema, sortFindings, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import {
  getCustomerActivities,
  getCustomerAttributes,
  getCustomerSegments,
  searchCustomersByEmail,
  type AppAccess,
  type AppFailure,
  type AppResult,
  type CustomerActivity,
  type CustomerProfile,
  type CustomerRef,
  type CustomerSegment,
  type IdType,
} from "../cio/customers.js";
import {
  devicesFromAttributes,
  getDeletedPersonActivities,
  getOptouts,
  getSubscriptionPreferences,
  searchEspSuppression,
  type EspSuppression,
  type SenderOptOut,
  type SubscriptionPreferences,
} from "../cio/person-reads.js";
import {
  getBroadcast,
  getCampaign,
  getCustomerDeliveries,
  getMessage,
  getSegment,
  getTransactional,
  getTriggerErrors,
  listBroadcastTriggers,
  listCampaigns,
  listTransactional,
  listTransactionalMessages,
  type Broadcast,
  type BroadcastTrigger,
  type Campaign,
  type Delivery,
  type Segment,
  type TransactionalTemplate,
} from "../cio/delivery-reads.js";
import {
  audienceLink,
  broadcastTargetLink,
  broadcastTriggerLink,
  campaignTargetLink,
  composeChain,
  deliveryLink,
  deliveryState,
  eventTriggerLink,
  segmentTriggerLink,
  targetNotFoundLink,
  transactionalTargetLink,
  type ChainLink,
  type Step,
} from "../diagnosis/delivery.js";
import { normalizeEventName } from "../diagnosis/profile.js";
import { failureFindings } from "../diagnosis/lookup.js";
import { CHANNELS, personDeletedFinding, reachabilityLink, type Channel, type Link } from "../diagnosis/reachability.js";
import { parseLookup } from "./lookup-customer.js";
import { defineTool, NETWORK_READ_ONLY, type ToolContext } from "./define.js";
import { renderResult } from "./render.js";
import { keyed } from "./schema.js";

/** The contract's bound on one trace. */
export const MAX_TRACE_REQUESTS = 12;
/** Campaigns traced for an event name alone. */
export const MAX_EVENT_CAMPAIGNS = 3;
/** Segment states read per trace (for "still building"). */
const MAX_SEGMENT_READS = 2;
const MAX_NAME = 512;
/** The template messages read: the latest page of the workspace-wide list, filtered by person. */
const TEMPLATE_PAGE = 100;

type TargetKind = "campaign" | "broadcast" | "transactional" | "delivery" | "event";

export interface TraceInput {
  person: { by: IdType; value: string };
  target?: { kind: "campaign" | "broadcast"; id: number } | { kind: "transactional"; id: number | string } | { kind: "delivery"; id: string };
  eventName?: string;
  channel?: Channel;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

function boundedName(raw: unknown, what: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") throw new UserInputError(`${what} must be a string.`);
  const value = raw.trim();
  if (value === "") return undefined;
  if (value.length > MAX_NAME) throw new UserInputError(`${what} is longer than ${MAX_NAME} characters.`);
  if (hasLoneSurrogate(value)) throw new UserInputError(`${what} contains invalid Unicode (a lone surrogate).`);
  return value;
}

export function parseTraceInput(args: Record<string, unknown>): TraceInput {
  const person = parseLookup(args as { id?: unknown; email?: unknown; cio_id?: unknown });
  const given = (["campaign_id", "broadcast_id", "transactional_id", "delivery_id"] as const).filter((k) => args[k] !== undefined && args[k] !== null);
  if (given.length > 1) throw new UserInputError(`Give at most one of campaign_id, broadcast_id, transactional_id, delivery_id (got ${given.join(" and ")}).`);
  const input: TraceInput = { person };
  const which = given[0];
  if (which === "campaign_id" || which === "broadcast_id") {
    const id = args[which];
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) throw new UserInputError(`${which} must be a positive integer.`);
    input.target = { kind: which === "campaign_id" ? "campaign" : "broadcast", id };
  } else if (which === "transactional_id") {
    const raw = args.transactional_id;
    if (typeof raw === "number") {
      if (!Number.isSafeInteger(raw) || raw < 1) throw new UserInputError("transactional_id must be a positive integer or a trigger name.");
      input.target = { kind: "transactional", id: raw };
    } else {
      const name = boundedName(raw, "transactional_id");
      if (!name) throw new UserInputError("transactional_id is empty.");
      input.target = { kind: "transactional", id: /^\d{1,15}$/.test(name) ? Number(name) : name };
    }
  } else if (which === "delivery_id") {
    const id = boundedName(args.delivery_id, "delivery_id");
    if (!id) throw new UserInputError("delivery_id is empty.");
    if (id === "." || id === "..") throw new UserInputError("delivery_id cannot be a dot segment.");
    input.target = { kind: "delivery", id };
  }
  const eventName = boundedName(args.event_name, "event_name");
  if (eventName) input.eventName = eventName;
  if (args.channel !== undefined && args.channel !== null) {
    if (!CHANNELS.includes(args.channel as Channel)) throw new UserInputError(`channel must be one of ${CHANNELS.join(", ")}.`);
    input.channel = args.channel as Channel;
  }
  return input;
}

// ---- gather ----

/** Counts requests and the longest chain of dependent ones (each read names the round it waited for). */
class Reads {
  requests = 0;
  rounds = 0;
  /** Time the requests waited for the App API limiter (10 per second, shared by every call), summed. */
  queuedMs = 0;
  failures: AppFailure[] = [];
  constructor(
    readonly access: AppAccess,
    readonly limit = MAX_TRACE_REQUESTS,
  ) {}
  run<T>(round: number, read: (a: AppAccess) => Promise<AppResult<T>>): Promise<AppResult<T>> | undefined {
    if (this.requests >= this.limit) return undefined;
    this.requests++;
    this.rounds = Math.max(this.rounds, round);
    return read(this.access).then((r) => {
      if (!r.ok && r.failure.kind !== "not_found") this.failures.push(r.failure);
      if (r.ok) this.queuedMs += r.response.queuedMs ?? 0;
      return r;
    });
  }
}

const data = <T>(r: AppResult<T> | undefined): T | undefined => (r && r.ok ? r.data : undefined);

interface PersonFacts {
  ref: CustomerRef | null;
  /** null: not found; undefined: could not be read. */
  profile: CustomerProfile | null | undefined;
  body: unknown;
  segments?: CustomerSegment[];
  activities: CustomerActivity[];
  exactEvents?: CustomerActivity[];
  prefs?: SubscriptionPreferences;
  esp?: EspSuppression | null;
  optouts?: SenderOptOut[];
  deleted?: Finding;
  deliveries?: Delivery[];
  round: number;
}

type TargetFacts =
  | { kind: "campaign"; campaigns: Campaign[]; missing?: string }
  | { kind: "broadcast"; broadcast?: Broadcast; triggers?: BroadcastTrigger[]; errors?: string[]; missing?: string }
  | { kind: "transactional"; template?: TransactionalTemplate; deliveries?: Delivery[]; missing?: string }
  | { kind: "none" };

function deliveryChannel(type: string | undefined): Channel | undefined {
  if (!type) return undefined;
  if (type === "twilio") return "sms";
  return (CHANNELS as readonly string[]).includes(type) ? (type as Channel) : undefined;
}

function refFor(input: TraceInput, match?: { id: string | null; cio_id: string | null }): CustomerRef {
  if (match?.cio_id) return { value: match.cio_id, idType: "cio_id" };
  if (match?.id) return { value: match.id, idType: "id" };
  return { value: input.person.value, idType: input.person.by };
}

/** The person's segments and deliveries, as soon as they are read (the segment-state reads wait only for them). */
type SegmentsReady = (facts: { segments?: CustomerSegment[]; deliveries?: Delivery[]; round: number } | undefined) => void;

async function gatherPerson(
  reads: Reads,
  input: TraceInput,
  ref0: Promise<{ ref: CustomerRef | null; round: number; failed?: boolean }>,
  eventName: Promise<{ name: string; round: number } | undefined>,
  knownEmail: string | undefined,
  withDeliveries: boolean,
  onSegments: SegmentsReady,
  channel: Promise<Channel>,
): Promise<PersonFacts> {
  const { ref, round: r0, failed } = await ref0;
  if (!ref) {
    onSegments(undefined);
    return { ref: null, profile: failed ? undefined : null, body: undefined, activities: [], round: r0 };
  }
  const r = r0 + 1;
  const attrsP = reads.run(r, (a) => getCustomerAttributes(a, ref));
  const segsP = reads.run(r, (a) => getCustomerSegments(a, ref));
  const actsP = reads.run(r, (a) => getCustomerActivities(a, ref, { limit: 100 }));
  const prefsP = input.channel === "webhook" || input.channel === "in_app" ? undefined : reads.run(r, (a) => getSubscriptionPreferences(a, ref));
  const delsP = withDeliveries ? reads.run(r, (a) => getCustomerDeliveries(a, ref, 100)) : undefined;
  // The provider's suppression matters only for email; the channel is known once the target is read.
  const espP = knownEmail ? channel.then((ch) => (ch === "email" ? reads.run(r, (a) => searchEspSuppression(a, knownEmail)) : undefined)) : undefined;
  // The exact-name event read waits only for the event name (known at once, or from the campaign).
  const exactP = eventName.then((e) => (e ? reads.run(Math.max(r, e.round + 1), (a) => getCustomerActivities(a, ref, { type: "event", name: e.name, limit: 10 })) : undefined));
  void Promise.all([segsP, delsP]).then(([segs, dels]) => onSegments({ ...(data(segs) ? { segments: data(segs)! } : {}), ...(data(dels) ? { deliveries: data(dels)! } : {}), round: r }));

  const attrs = await attrsP;
  let profile: CustomerProfile | null | undefined;
  let body: unknown;
  if (attrs?.ok) {
    profile = attrs.data;
    body = attrs.response.body;
  } else if (attrs && !attrs.ok && attrs.failure.kind === "not_found") profile = null;
  let esp = data(await espP);
  let deleted: Finding | undefined;
  if (profile === null) {
    const gone = data(await reads.run(r + 1, (a) => getDeletedPersonActivities(a, ref)));
    deleted = gone ? personDeletedFinding(gone) : undefined;
  } else if (profile && !espP) {
    const email = profile.email ?? profile.attributes.email;
    if (email && (await channel) === "email") esp = data(await reads.run(r + 1, (a) => searchEspSuppression(a, email)));
  }
  // Sender opt-outs matter only for SMS and WhatsApp.
  const optoutsP = channel.then((ch) => (ch === "sms" || ch === "whatsapp" ? reads.run(r, (a) => getOptouts(a, ref)) : undefined));
  const [segs, acts, prefs, dels, exact, optouts] = await Promise.all([segsP, actsP, prefsP, delsP, exactP, optoutsP]);
  return {
    ref,
    profile,
    body,
    ...(data(segs) ? { segments: data(segs)! } : {}),
    activities: data(acts)?.items ?? [],
    ...(data(exact) ? { exactEvents: data(exact)!.items } : {}),
    ...(data(prefs) ? { prefs: data(prefs)! } : {}),
    ...(data(optouts) ? { optouts: data(optouts)! } : {}),
    ...(esp !== undefined ? { esp } : {}),
    ...(deleted ? { deleted } : {}),
    ...(data(dels) ? { deliveries: data(dels)! } : {}),
    round: r,
  };
}

function matchesPerson(d: Delivery, person: PersonFacts, input: TraceInput): boolean {
  const p = person.profile;
  const c = d.customer;
  if (c) {
    if (p?.cio_id && c.cio_id === p.cio_id) return true;
    if (p?.id && c.id === p.id) return true;
  }
  const email = (p?.email ?? p?.attributes.email ?? (input.person.by === "email" ? input.person.value : undefined))?.toLowerCase();
  return !!email && d.recipient?.toLowerCase() === email;
}

interface Gathered {
  person: PersonFacts;
  target: TargetFacts;
  message?: Delivery;
  messageMissing?: boolean;
  segmentStates: Map<number, Segment>;
}

async function gather(input: TraceInput, reads: Reads): Promise<Gathered> {
  const t = input.target;
  // Round 1: the delivery (when given), the email search, the target.
  const messageP = t?.kind === "delivery" ? reads.run(1, (a) => getMessage(a, t.id)) : undefined;
  const refP: Promise<{ ref: CustomerRef | null; round: number; failed?: boolean }> =
    input.person.by === "email"
      ? reads.run(1, (a) => searchCustomersByEmail(a, input.person.value))!.then((s) => {
          // A failed search found no one: the person is unknown, not missing.
          if (!s.ok) return { ref: null, round: 1, failed: true };
          return s.data.length ? { ref: refFor(input, s.data[0]), round: 1 } : { ref: null, round: 1 };
        })
      : Promise.resolve({ ref: refFor(input), round: 0 });

  const targetP: Promise<TargetFacts> = (async () => {
    let kind = t?.kind;
    let id: number | string | undefined = t && t.kind !== "delivery" ? t.id : undefined;
    let round = 1;
    if (t?.kind === "delivery") {
      const m = data(await messageP);
      if (!m) return { kind: "none" };
      round = 2;
      if (m.campaign_id !== null) [kind, id] = ["campaign", m.campaign_id];
      else if (m.broadcast_id !== null) [kind, id] = ["broadcast", m.broadcast_id];
      else return { kind: "none" };
    }
    if (kind === "campaign") {
      const c = await reads.run(round, (a) => getCampaign(a, id as number));
      return c?.ok ? { kind: "campaign", campaigns: [c.data] } : { kind: "campaign", campaigns: [], missing: c && !c.ok && c.failure.kind === "not_found" ? "not_found" : "unread" };
    }
    if (kind === "broadcast") {
      const [b, trig] = await Promise.all([reads.run(round, (a) => getBroadcast(a, id as number)), reads.run(round, (a) => listBroadcastTriggers(a, id as number))]);
      if (!b?.ok) return { kind: "broadcast", missing: b && !b.ok && b.failure.kind === "not_found" ? "not_found" : "unread" };
      const triggers = data(trig) ?? [];
      const latest = [...triggers].sort((x, y) => (y.created_at ?? 0) - (x.created_at ?? 0))[0];
      const errs = latest ? data(await reads.run(round + 1, (a) => getTriggerErrors(a, id as number, latest.id))) : undefined;
      return { kind: "broadcast", broadcast: b.data, triggers, ...(errs ? { errors: errs } : {}) };
    }
    if (kind === "transactional") {
      let template: TransactionalTemplate | undefined;
      let msgsP: Promise<AppResult<Delivery[]>> | undefined;
      if (typeof id === "number") {
        const n = id;
        msgsP = reads.run(1, (a) => listTransactionalMessages(a, n, TEMPLATE_PAGE));
        const r = await reads.run(1, (a) => getTransactional(a, n));
        if (!r?.ok) return { kind: "transactional", missing: r && !r.ok && r.failure.kind === "not_found" ? "not_found" : "unread" };
        template = r.data;
      } else {
        const list = await reads.run(1, listTransactional);
        if (!list?.ok) return { kind: "transactional", missing: "unread" };
        const name = String(id);
        template = list.data.find((m) => m.name === name) ?? list.data.find((m) => m.name.toLowerCase() === name.toLowerCase());
        if (!template) return { kind: "transactional", missing: "not_found" };
        const tid = template.id;
        msgsP = reads.run(2, (a) => listTransactionalMessages(a, tid, TEMPLATE_PAGE));
      }
      const msgs = data(await msgsP);
      return { kind: "transactional", template, ...(msgs ? { deliveries: msgs } : {}) };
    }
    if (input.eventName) {
      const list = await reads.run(1, listCampaigns);
      if (!list?.ok) return { kind: "campaign", campaigns: [], missing: "unread" };
      const want = normalizeEventName(input.eventName);
      const onEvent = list.data.filter((c) => c.event_name !== null);
      const exact = onEvent.filter((c) => c.event_name === input.eventName);
      const matching = exact.length ? exact : onEvent.filter((c) => normalizeEventName(c.event_name!) === want);
      // Running campaigns first; when none runs, the stopped or draft ones explain the silence.
      const running = matching.filter((c) => c.state === "running" && c.active !== false);
      const chosen = (running.length ? running : matching)
        .sort((a, b) => (b.first_started ?? 0) - (a.first_started ?? 0))
        .slice(0, MAX_EVENT_CAMPAIGNS);
      return chosen.length ? { kind: "campaign", campaigns: chosen } : { kind: "campaign", campaigns: [], missing: "no_campaign" };
    }
    return { kind: "none" };
  })();

  // The exact-name event read needs the campaign's event when none was given; a delivery that
  // went out already proves the trigger fired, so then it is not read.
  const eventP: Promise<{ name: string; round: number } | undefined> = input.eventName
    ? Promise.resolve({ name: input.eventName, round: 0 })
    : targetP.then(async (tf) => {
        if (tf.kind !== "campaign" || !tf.campaigns[0]?.event_name) return undefined;
        if (t?.kind === "delivery") {
          const m = data(await messageP);
          if (m && !["drafted", "created"].includes(deliveryState(m))) return undefined;
          return { name: tf.campaigns[0].event_name, round: 2 };
        }
        return { name: tf.campaigns[0].event_name, round: 1 };
      });
  const knownEmail = input.person.by === "email" ? input.person.value : undefined;
  // The channel: as asked, else the delivery's, else the campaign's first message action, else email.
  // Each waits only for the read that tells (a broadcast's or template's channel shows only in its deliveries).
  const campaignChannel = (tf: TargetFacts): Channel => {
    for (const c of tf.kind === "campaign" ? tf.campaigns : []) {
      const ch = c.action_types.map(deliveryChannel).find((x) => x !== undefined);
      if (ch) return ch;
    }
    return "email";
  };
  const channelP: Promise<Channel> = input.channel
    ? Promise.resolve(input.channel)
    : t?.kind === "delivery"
      ? messageP!.then((m) => deliveryChannel(data(m)?.type) ?? "email")
      : t?.kind === "broadcast" || t?.kind === "transactional"
        ? Promise.resolve("email")
        : targetP.then(campaignChannel);
  const wantsCustomerDeliveries = t?.kind !== "transactional" && t?.kind !== "delivery";
  let segmentsReady: SegmentsReady = () => {};
  const segmentsP = new Promise<Parameters<SegmentsReady>[0]>((resolve) => (segmentsReady = resolve));
  // Segment states, only for segments the person is not in (trigger first, then filters); they wait
  // only for the person's segments and the target, not for the rest of the person's reads.
  const segmentStates = new Map<number, Segment>();
  const statesP = Promise.all([segmentsP, targetP]).then(async ([person, target]) => {
    if (target.kind !== "campaign" || !person?.segments) return;
    const sent = t?.kind === "delivery" ? data(await messageP) : undefined;
    if (sent && !["drafted", "created"].includes(deliveryState(sent))) return;
    const inSeg = new Set(person.segments.map((s) => String(s.id)));
    const delivered = new Set((person.deliveries ?? []).map((d) => d.campaign_id));
    const wanted = [
      ...new Set(
        target.campaigns
          .filter((c) => !delivered.has(c.id))
          .flatMap((c) => [...c.trigger_segment_ids, ...c.filter_segment_ids])
          .filter((id) => !inSeg.has(String(id))),
      ),
    ].slice(0, MAX_SEGMENT_READS);
    const round = Math.max(person.round, t?.kind === "delivery" ? 2 : 1) + 1;
    const states = await Promise.all(wanted.map((id) => reads.run(round, (a) => getSegment(a, id))));
    for (const s of states) if (s?.ok) segmentStates.set(s.data.id, s.data);
  });
  const [person, target, message] = await Promise.all([
    gatherPerson(reads, input, refP, eventP, knownEmail, wantsCustomerDeliveries, segmentsReady, channelP),
    targetP,
    messageP,
    statesP,
  ]);
  return {
    person,
    target,
    ...(message?.ok ? { message: message.data } : {}),
    ...(message && !message.ok && message.failure.kind === "not_found" ? { messageMissing: true } : {}),
    segmentStates,
  };
}

// ---- diagnose ----

interface TraceOutcome {
  links: Partial<Record<Step, Link>>;
  target: TargetOut | null;
  deliveries: Delivery[];
  channel: Channel;
}

interface TargetOut {
  kind: TargetKind;
  id: number | string;
  name: string;
  state?: string;
  active?: boolean;
  trigger?: { type: string; event_name?: string; segment_ids?: number[] };
}

function personLink(g: Gathered, input: TraceInput): Link {
  const p = g.person;
  const owner = g.message?.customer;
  if (p.profile && owner && ((owner.cio_id && p.profile.cio_id && owner.cio_id !== p.profile.cio_id) || (!owner.cio_id && owner.id && p.profile.id && owner.id !== p.profile.id))) {
    return {
      status: "warning",
      summary: `Delivery ${g.message!.id} was sent to another person (${owner.id ? `id ${JSON.stringify(owner.id.slice(0, 80))}` : `cio_id ${owner.cio_id}`}), not to this one.`,
      findings: [],
    };
  }
  if (p.profile) {
    const who = [p.profile.id ? `id ${JSON.stringify(p.profile.id)}` : "", p.profile.cio_id ? `cio_id ${p.profile.cio_id}` : ""].filter(Boolean).join(", ");
    return { status: "ok", summary: `Found the person (${who}).`, findings: [] };
  }
  if (p.deleted) return { status: "broken", summary: p.deleted.message, fix: p.deleted.fix, evidence: p.deleted.evidence, findings: [p.deleted] };
  if (p.profile === undefined) return { status: "unknown", summary: "The person could not be read (see the findings).", findings: [] };
  const message = `No person with ${input.person.by} ${JSON.stringify(input.person.value)} exists in this workspace.`;
  const fix = "Check the identifier (and the workspace and region: CUSTOMERIO_REGION); identify the person from your app first.";
  return { status: "broken", summary: message, fix, findings: [{ code: "not_found", severity: "error", message, fix }] };
}

function campaignOut(c: Campaign): TargetOut {
  const trigger = c.event_name !== null
    ? { type: "event", event_name: c.event_name }
    : c.trigger_segment_ids.length
      ? { type: "segment", segment_ids: c.trigger_segment_ids }
      : { type: c.trigger_type ?? "other" };
  return { kind: "campaign", id: c.id, name: c.name, ...(c.state ? { state: c.state } : {}), ...(c.active !== null ? { active: c.active } : {}), trigger };
}

function traceCampaign(c: Campaign, g: Gathered, input: TraceInput, now: Date, base: Partial<Record<Step, Link>>): TraceOutcome {
  const deliveries = (g.message ? [g.message] : (g.person.deliveries ?? [])).filter((d) => d.campaign_id === c.id);
  const delivered = deliveries.some((d) => !["drafted", "created"].includes(deliveryState(d)));
  const links: Partial<Record<Step, Link>> = { ...base, target: campaignTargetLink(c) };
  const facts = { activities: g.person.activities, ...(g.person.exactEvents ? { exactEvents: g.person.exactEvents } : {}), ...(g.person.segments ? { segments: g.person.segments } : {}), delivered, now };
  if (c.event_name !== null) {
    const l = eventTriggerLink(c.event_name, facts);
    if (input.eventName && input.eventName !== c.event_name && l.status !== "broken") l.evidence = `${l.evidence ?? ""}; you named ${JSON.stringify(input.eventName)}`;
    links.trigger = l;
  } else if (c.trigger_segment_ids.length) links.trigger = segmentTriggerLink(c.trigger_segment_ids, facts, g.segmentStates);
  else links.trigger = { status: "unknown", summary: `The campaign's ${c.trigger_type ?? "trigger"} trigger cannot be checked per person.`, findings: [] };
  links.audience = audienceLink(c.filter_segment_ids, g.person.segments, g.segmentStates, delivered);
  const channel = input.channel ?? deliveryChannel(deliveries[0]?.type) ?? c.action_types.map(deliveryChannel).find((ch) => ch !== undefined) ?? "email";
  links.delivery = deliveryLink(deliveries, { target: `campaign ${c.id}` });
  return { links, target: campaignOut(c), deliveries, channel };
}

function diagnose(g: Gathered, input: TraceInput, now: Date): TraceOutcome[] {
  const base: Partial<Record<Step, Link>> = { person: personLink(g, input) };
  const tf = g.target;
  const t = input.target;
  const outcomes: TraceOutcome[] = [];
  if (t?.kind === "delivery" && !g.message) {
    base.target = g.messageMissing
      ? targetNotFoundLink("delivery", t.id, "Check the delivery id (from the message's page or a reporting webhook) and the workspace.")
      : { status: "unknown", summary: "The delivery could not be read.", findings: [] };
    outcomes.push({ links: base, target: null, deliveries: [], channel: input.channel ?? "email" });
  } else if (tf.kind === "campaign") {
    if (tf.campaigns.length === 0) {
      const link =
        tf.missing === "no_campaign"
          ? targetNotFoundLink("running campaign triggered by the event", input.eventName ?? "", `Check the event name against the campaign triggers (case-sensitive) and that the campaign is started.`)
          : tf.missing === "not_found"
            ? targetNotFoundLink("campaign", t && t.kind !== "delivery" ? t.id : (g.message?.campaign_id ?? ""), "Check the campaign id (in its URL in Customer.io) and the workspace's region.")
            : { status: "unknown" as const, summary: "The campaign could not be read.", findings: [] };
      outcomes.push({ links: { ...base, target: link }, target: null, deliveries: [], channel: input.channel ?? "email" });
    } else for (const c of tf.campaigns) outcomes.push(traceCampaign(c, g, input, now, base));
  } else if (tf.kind === "broadcast") {
    if (!tf.broadcast) {
      const link = tf.missing === "not_found" ? targetNotFoundLink("broadcast", t && t.kind !== "delivery" ? t.id : (g.message?.broadcast_id ?? ""), "Check the broadcast id and the workspace's region.") : { status: "unknown" as const, summary: "The broadcast could not be read.", findings: [] };
      outcomes.push({ links: { ...base, target: link }, target: null, deliveries: [], channel: input.channel ?? "email" });
    } else {
      const b = tf.broadcast;
      const deliveries = (g.message ? [g.message] : (g.person.deliveries ?? [])).filter((d) => d.broadcast_id === b.id);
      const delivered = deliveries.some((d) => !["drafted", "created"].includes(deliveryState(d)));
      outcomes.push({
        links: {
          ...base,
          target: broadcastTargetLink(b),
          trigger: broadcastTriggerLink(tf.triggers ?? [], tf.errors, delivered),
          audience: delivered ? { status: "ok", summary: "The person was among the broadcast's recipients.", findings: [] } : { status: "unknown", summary: "A broadcast's recipients are chosen by each trigger request; they cannot be checked afterwards.", findings: [] },
          delivery: deliveryLink(deliveries, { target: `broadcast ${b.id}` }),
        },
        target: { kind: "broadcast", id: b.id, name: b.name, ...(b.state ? { state: b.state } : {}), ...(b.active !== null ? { active: b.active } : {}), trigger: { type: "api" } },
        deliveries,
        channel: input.channel ?? deliveryChannel(deliveries[0]?.type) ?? "email",
      });
    }
  } else if (tf.kind === "transactional") {
    if (!tf.template) {
      const id = t && t.kind === "transactional" ? t.id : "";
      const link = tf.missing === "not_found" ? targetNotFoundLink("transactional message", id, "Use the id or trigger name shown on the transactional message's page, in this workspace and region.") : { status: "unknown" as const, summary: "The transactional message could not be read.", findings: [] };
      outcomes.push({ links: { ...base, target: link }, target: null, deliveries: [], channel: input.channel ?? "email" });
    } else {
      const tm = tf.template;
      const deliveries = (tf.deliveries ?? []).filter((d) => matchesPerson(d, g.person, input));
      const trigger: Link = deliveries.length
        ? { status: "ok", summary: `Your app's send request reached Customer.io (${deliveries.length} message${deliveries.length === 1 ? "" : "s"} for this person).`, findings: [] }
        : tf.deliveries && tf.deliveries.length >= TEMPLATE_PAGE
          ? { status: "unknown", summary: `The person is not among the template's latest ${TEMPLATE_PAGE} messages; an older send cannot be ruled out.`, findings: [] }
          : tf.deliveries
          ? { status: "broken", summary: "No message from this template was created for the person: the send request never reached Customer.io or was rejected.", fix: "Check your app's response to POST /v1/send/email (run diagnose_status_code on it) and the identifiers it sends", findings: [] }
          : { status: "unknown", summary: "The template's messages could not be read.", findings: [] };
      outcomes.push({
        links: {
          ...base,
          target: transactionalTargetLink(tm),
          trigger,
          audience: { status: "skipped", summary: "Transactional messages have no audience: the request names the recipient.", findings: [] },
          delivery: deliveryLink(deliveries, { target: `transactional message ${tm.id}`, queueDrafts: tm.queue_drafts === true }),
        },
        target: { kind: "transactional", id: tm.id, name: tm.name, trigger: { type: "api" } },
        deliveries,
        channel: input.channel ?? deliveryChannel(deliveries[0]?.type) ?? "email",
      });
    }
  } else if (t?.kind === "delivery" && g.message) {
    // A delivery outside any campaign or broadcast (a transactional send): the delivery is the target.
    const m = g.message;
    const channel = input.channel ?? deliveryChannel(m.type) ?? "email";
    outcomes.push({
      links: {
        ...base,
        target: { status: "ok", summary: `Delivery ${m.id} (${m.type}) exists; it belongs to no campaign or broadcast.`, findings: [] },
        trigger: { status: "ok", summary: "The message was created, so its send request reached Customer.io.", findings: [] },
        audience: { status: "skipped", summary: "A message sent by an API request has no audience.", findings: [] },
        delivery: deliveryLink([m], { target: `delivery ${m.id}` }),
      },
      target: { kind: "delivery", id: m.id, name: m.subject ?? m.type },
      deliveries: [m],
      channel,
    });
  } else {
    // No target: the person's latest deliveries on the channel.
    const all = g.message ? [g.message] : (g.person.deliveries ?? []);
    const channel = input.channel ?? deliveryChannel(g.message?.type) ?? "email";
    const deliveries = all.filter((d) => (deliveryChannel(d.type) ?? d.type) === channel);
    outcomes.push({
      links: { ...base, target: { status: "skipped", summary: "No campaign, broadcast or transactional message was named.", findings: [] }, delivery: deliveryLink(deliveries, { target: `any ${channel} message` }) },
      target: null,
      deliveries,
      channel,
    });
  }
  // Reachability is a fact about the person, decided once for the channel of each trace.
  for (const o of outcomes) {
    if (g.person.profile) {
      const p = g.person.profile;
      const sendToUnsub = g.target.kind === "transactional" && g.target.template?.send_to_unsubscribed === true;
      o.links.reachability = reachabilityLink(
        o.channel,
        {
          email: p.email ?? p.attributes.email ?? null,
          phone: p.attributes.phone ?? null,
          unsubscribed: p.unsubscribed || g.person.prefs?.unsubscribed === true,
          devices: devicesFromAttributes(g.person.body),
          ...(g.person.prefs ? { topics: g.person.prefs.topics } : {}),
          ...(g.person.esp !== undefined ? { esp: g.person.esp } : {}),
          ...(g.person.optouts ? { optouts: g.person.optouts } : {}),
        },
        { now, sendToUnsubscribed: sendToUnsub },
      );
    }
    // A delivery that reached the person settles the links before it.
    if (o.links.delivery?.status === "ok") {
      for (const step of ["trigger", "audience", "reachability"] as const) {
        const l = o.links[step];
        if (l?.status === "broken") o.links[step] = { ...l, status: "warning", fix: undefined };
      }
    }
  }
  return outcomes;
}

// ---- present ----

// Typed by their key fields (src/tools/schema.ts): the output schema is in every tools/list.
const personSchema = keyed({ id: z.string().optional(), email: z.string().optional(), cio_id: z.string().optional() });
const targetSchema = keyed<{ kind: z.ZodString; name: z.ZodString }, TargetOut>({ kind: z.string(), name: z.string() });
const linkSchema = keyed<{ step: z.ZodString; status: z.ZodString; summary: z.ZodString }, { evidence?: string }>({ step: z.string(), status: z.string(), summary: z.string() });
const deliverySchema = keyed<{ id: z.ZodString; state: z.ZodString }, DeliveryOut>({ id: z.string(), state: z.string() });

const outputSchema = {
  ok: z.boolean(),
  person: personSchema.nullable(),
  target: targetSchema.nullable(),
  chain: z.array(linkSchema),
  verdict: z.string(),
  deliveries: z.array(deliverySchema),
  other_traces: z.array(z.string()).optional(),
  requests: z.number(),
  request_rounds: z.number(),
  summary: z.string(),
  findings: z.array(findingSchema),
};

interface DeliveryOut {
  id: string;
  type: string;
  created?: string;
  state: string;
  metrics: string[];
  failure_message?: string;
  recipient?: string;
}
type TraceResult = {
  ok: boolean;
  person: { id?: string; email?: string; cio_id?: string } | null;
  target: TargetOut | null;
  chain: ChainLink[];
  verdict: string;
  deliveries: DeliveryOut[];
  other_traces?: string[];
  requests: number;
  request_rounds: number;
  summary: string;
  findings: Finding[];
};

const isoOf = (s: number | null) => (s ? new Date(s * 1000).toISOString().replace(".000Z", "Z") : undefined);

function deliveryOut(d: Delivery): DeliveryOut {
  const created = isoOf(d.created);
  return {
    id: d.id,
    type: d.type,
    ...(created ? { created } : {}),
    state: deliveryState(d),
    metrics: Object.keys(d.metrics).filter((k) => !k.startsWith("human_") && !k.startsWith("prefetch_")).slice(0, 12),
    ...(d.failure_message ? { failure_message: d.failure_message.slice(0, 300) } : {}),
    ...(d.recipient ? { recipient: d.recipient } : {}),
  };
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function missingKeyResult(variable: string): TraceResult {
  const fix = `Create an App API key (Account Settings > API Credentials > App API Keys) and set ${variable} in the server's environment, then restart it.`;
  const message = `${variable} is not set: tracing a delivery needs an App API key.`;
  return {
    ok: false,
    person: null,
    target: null,
    chain: ["person", "target", "trigger", "audience", "reachability", "delivery"].map((step) => ({ step: step as Step, status: "unknown" as const, summary: "Not checked: no App API key." })),
    verdict: `${fix.replace(/\.$/, "")} — nothing could be read: ${message}`,
    deliveries: [],
    requests: 0,
    request_rounds: 0,
    summary: `${message} ${fix}`,
    findings: [{ code: "missing_credentials", severity: "error", message, fix, evidence: `${variable} is unset or empty` }],
  };
}

export async function traceDeliveryFor(input: TraceInput, ctx: ToolContext): Promise<TraceResult> {
  const key = ctx.config.appApiKey;
  if (!key.value) return missingKeyResult(key.variable);
  const http = await ctx.http();
  let region: Region = ctx.config.region ?? "us";
  // Up to 12 requests (and their limiter waits) listen on one signal: more than Node's default 10.
  const signal = new AbortController();
  setMaxListeners(4 * MAX_TRACE_REQUESTS, signal.signal);
  if (ctx.signal.aborted) signal.abort(ctx.signal.reason);
  else ctx.signal.addEventListener("abort", () => signal.abort(ctx.signal.reason), { once: true });
  let reads = new Reads({ http, region, token: key.value, signal: signal.signal });
  let g = await gather(input, reads);
  let regionNote = "";
  // CUSTOMERIO_REGION unset and the US host refused or redirected the key: the workspace may be in the EU.
  const refused = (r: Reads) => r.failures.some((f) => f.kind === "region_mismatch" || f.kind === "invalid_credentials");
  if (!ctx.config.region && g.person.profile === undefined && refused(reads) && !signal.signal.aborted && reads.requests < MAX_TRACE_REQUESTS) {
    const eu = new Reads({ http, region: "eu", token: key.value, signal: signal.signal }, MAX_TRACE_REQUESTS - reads.requests);
    const ge = await gather(input, eu);
    if (!refused(eu)) {
      eu.requests += reads.requests;
      [reads, g, region] = [eu, ge, "eu"];
      regionNote = " (CUSTOMERIO_REGION is unset and the key belongs to the EU region; set CUSTOMERIO_REGION=eu to skip the US attempt.)";
    } else reads.requests += eu.requests;
  }
  const outcomes = diagnose(g, input, ctx.now());
  const composed = outcomes.map((o) => ({ o, ...composeChain(o.links) }));
  const primary = composed[0]!;
  const p = g.person.profile;
  // Without the person or the target there is no trace: the failed reads are the answer.
  const blocking = g.person.profile === undefined || primary.chain.some((c) => (c.step === "person" || c.step === "target") && c.status === "unknown");
  const failed = failureFindings(reads.failures.map((failure) => ({ failure, blocking })), ctx.config, region, maskSecret(key.value) ?? "none");
  if (blocking && failed.length > 0 && !primary.chain.some((c) => c.status === "broken")) {
    const f = failed[0]!;
    primary.verdict = `${(f.fix ?? "").replace(/\.$/, "")} — the trace could not be made: ${f.message}`;
    primary.ok = false;
  }
  const findings = sortFindings(dedupe([...composed.flatMap((c) => c.findings), ...failed]));
  const who = p ? (p.id ?? p.email ?? p.cio_id ?? input.person.value) : input.person.value;
  const what = primary.o.target ? `${primary.o.target.kind} ${primary.o.target.id}` : input.target?.kind === "delivery" ? `delivery ${input.target.id}` : `${primary.o.channel} messages`;
  const ok = composed.every((c) => c.ok) && !findings.some((f) => f.severity === "error");
  const more = composed.length > 1 ? ` ${composed.length - 1} more campaign${composed.length === 2 ? "" : "s"} ${composed.length === 2 ? "starts" : "start"} on this event: see other_traces.` : "";
  const unread = reads.failures.length ? ` ${reads.failures.length} read(s) failed; see findings.` : "";
  const brokenStep = primary.chain.find((c) => c.status === "broken")?.step;
  const firstCode = primary.findings.find((f) => f.severity === "error")?.code ?? findings.find((f) => f.severity === "error")?.code;
  const warned = primary.chain.find((c) => c.status === "warning")?.step;
  const headline = brokenStep
    ? `${who} → ${what}: the ${brokenStep} link is broken${firstCode ? ` (${firstCode})` : ""}; the verdict says what to fix.`
    : primary.ok
      ? `${who} → ${what}: nothing is broken${warned ? `; the ${warned} link has a warning` : ""}.`
      : `${who} → ${what}: the trace could not be made${firstCode ? ` (${firstCode})` : ""}.`;
  const keyNote = key.problem ? ` (${key.variable} ${key.problem}; key ${maskSecret(key.value)})` : "";
  return {
    ok,
    person: p ? { ...(p.id ? { id: p.id } : {}), ...((p.email ?? p.attributes.email) ? { email: (p.email ?? p.attributes.email)! } : {}), ...(p.cio_id ? { cio_id: p.cio_id } : {}) } : null,
    target: primary.o.target,
    chain: primary.chain,
    verdict: primary.verdict,
    deliveries: primary.o.deliveries.slice(0, 5).map(deliveryOut),
    ...(composed.length > 1 ? { other_traces: composed.slice(1).map((c) => `campaign ${c.o.target!.id} ${JSON.stringify(c.o.target!.name)}: ${c.verdict === primary.verdict ? "the same verdict" : `${c.ok ? "✔" : "✖"} ${c.verdict}`}`) } : {}),
    requests: reads.requests,
    request_rounds: reads.rounds,
    summary: `${headline}${more}${unread}${keyNote}${regionNote}${reads.queuedMs >= 500 ? ` The reads waited ${Math.round(reads.queuedMs)} ms in total for the App API limit of 10 requests per second.` : ""}`,
    findings,
  };
}

const ICON: Record<string, string> = { ok: "✔", broken: "✖", warning: "⚠", unknown: "?", skipped: "·" };

export function renderChain(chain: ReadonlyArray<{ step: string; status: string; summary: string }>): string {
  return chain.map((c) => `${ICON[c.status]} ${c.step}: ${c.summary}`).join("\n");
}

export const traceDelivery = defineTool({
  name: "trace_delivery",
  title: "Trace one message to one person",
  description:
    "Why did (or didn't) a person get a message? First call for email/push not received, campaign not triggering, transactional not arriving. Walks person, target, trigger, audience, reachability, delivery (read-only); names the first broken link and its fix. One of id/email/cio_id; one target or event_name.",
  inputSchema: {
    id: z.string().optional(),
    email: z.string().optional(),
    cio_id: z.string().optional(),
    campaign_id: z.number().optional(),
    broadcast_id: z.number().optional(),
    transactional_id: z.union([z.number().min(1), z.string().min(1)]).optional(),
    delivery_id: z.string().optional(),
    event_name: z.string().optional(),
    channel: z.enum(CHANNELS).optional(),
  },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<TraceResult> {
    return traceDeliveryFor(parseTraceInput(args as Record<string, unknown>), ctx);
  },
  render(result) {
    const sections: Array<[string, string | undefined]> = [["Chain", renderChain(result.chain)]];
    if (result.other_traces?.length) sections.push(["Other campaigns on this event", result.other_traces.map((o) => `- ${o}`).join("\n")]);
    const problems = result.findings.filter((f) => f.severity !== "info");
    return renderResult({
      title: `Delivery trace: ${result.ok ? "nothing broken" : "broken link found"}`,
      summary: `**Verdict:** ${result.verdict}\n\n${result.summary} (${result.requests} API requests)`,
      sections,
      ...(problems.length ? { findings: problems.map((f) => ({ code: f.code, severity: f.severity, message: f.code, ...(f.pitfall ? { pitfall: f.pitfall } : {}) })) } : {}),
    });
  },
});
