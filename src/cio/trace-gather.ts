/**
 * Gather for trace_delivery: which App API reads one trace makes and when.
 * Every read starts as soon as what it needs is known (the email search, the
 * target, the person's segments), so a trace costs its longest chain of
 * dependent requests; at most 12 requests, never the archived-message
 * endpoint. Nothing is decided here: src/diagnosis/trace.ts reads the result.
 */
import { compareEventNames } from "../domain/event-names.js";
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
} from "./customers.js";
import {
  getDeletedPersonActivities,
  getOptouts,
  getSubscriptionPreferences,
  searchEspSuppression,
  type DeletedActivity,
  type EspSuppression,
  type SenderOptOut,
  type SubscriptionPreferences,
} from "./person-reads.js";
import {
  CHANNELS,
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
  type Channel,
  type Delivery,
  type Segment,
  type TransactionalTemplate,
} from "./delivery-reads.js";

/** The contract's bound on one trace. */
export const MAX_TRACE_REQUESTS = 12;
/** Campaigns traced for an event name alone. */
export const MAX_EVENT_CAMPAIGNS = 3;
/** Segment states read per trace (for "still building"). */
const MAX_SEGMENT_READS = 2;
/** The template messages read: the latest page of the workspace-wide list, filtered by person. */
export const TEMPLATE_PAGE = 100;

export interface TraceInput {
  person: { by: IdType; value: string };
  target?: { kind: "campaign" | "broadcast"; id: number } | { kind: "transactional"; id: number | string } | { kind: "delivery"; id: string };
  eventName?: string;
  channel?: Channel;
}

/** Whether a delivery went out (not a draft, not merely created): then the reads it makes moot are skipped. */
export function wentOut(d: Pick<Delivery, "metrics" | "failure_message">): boolean {
  return Object.keys(d.metrics).some((k) => k !== "drafted" && k !== "created") || d.failure_message !== null;
}


/** Counts requests and the longest chain of dependent ones (each read names the round it waited for). */
export class Reads {
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

export const data = <T>(r: AppResult<T> | undefined): T | undefined => (r && r.ok ? r.data : undefined);

export interface PersonFacts {
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
  /** What the deleted-people activities say, read when the person is not found. */
  deleted?: DeletedActivity[];
  deliveries?: Delivery[];
  round: number;
}

export type TargetFacts =
  | { kind: "campaign"; campaigns: Campaign[]; missing?: string }
  | { kind: "broadcast"; broadcast?: Broadcast; triggers?: BroadcastTrigger[]; errors?: string[]; missing?: string }
  | { kind: "transactional"; template?: TransactionalTemplate; deliveries?: Delivery[]; missing?: string }
  | { kind: "none" };

export function deliveryChannel(type: string | undefined): Channel | undefined {
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
  const r0a = r0 + 1;
  const attrsP = reads.run(r0a, (a) => getCustomerAttributes(a, ref));
  // Given an id or cio_id, only the attributes read tells whether the person exists: the reads that
  // need the person wait for it, so a missing or unreadable person costs no further person reads.
  // (Found by the email search, the person exists and everything starts at once.)
  const gated = r0 === 0;
  const exists: Promise<boolean> = gated ? Promise.resolve(attrsP).then((a) => a?.ok === true) : Promise.resolve(true);
  const r = gated ? r0a + 1 : r0a;
  const ifExists = <T>(read: () => Promise<T> | undefined): Promise<T | undefined> => exists.then((ok) => (ok ? read() : undefined));
  const segsP = ifExists(() => reads.run(r, (a) => getCustomerSegments(a, ref)));
  const actsP = ifExists(() => reads.run(r, (a) => getCustomerActivities(a, ref, { limit: 100 })));
  const prefsP = input.channel === "webhook" || input.channel === "in_app" ? undefined : ifExists(() => reads.run(r, (a) => getSubscriptionPreferences(a, ref)));
  const delsP = withDeliveries ? ifExists(() => reads.run(r, (a) => getCustomerDeliveries(a, ref, 100))) : undefined;
  // The provider's suppression matters only for email; the channel is known once the target is read.
  const espP = knownEmail ? channel.then((ch) => (ch === "email" ? reads.run(r, (a) => searchEspSuppression(a, knownEmail)) : undefined)) : undefined;
  // The exact-name event read waits only for the event name (known at once, or from the campaign).
  const exactP = eventName.then((e) => (e ? ifExists(() => reads.run(Math.max(r, e.round + 1), (a) => getCustomerActivities(a, ref, { type: "event", name: e.name, limit: 10 }))) : undefined));
  void Promise.all([segsP, delsP]).then(([segs, dels]) => onSegments({ ...(data(segs) ? { segments: data(segs)! } : {}), ...(data(dels) ? { deliveries: data(dels)! } : {}), round: r }));

  const attrs = await attrsP;
  let profile: CustomerProfile | null | undefined;
  let body: unknown;
  if (attrs?.ok) {
    profile = attrs.data;
    body = attrs.response.body;
  } else if (attrs && !attrs.ok && attrs.failure.kind === "not_found") profile = null;
  let esp = data(await espP);
  let deleted: DeletedActivity[] | undefined;
  if (profile === null) {
    deleted = data(await reads.run(r0a + 1, (a) => getDeletedPersonActivities(a, ref)));
  } else if (profile && !espP) {
    const email = profile.email ?? profile.attributes.email;
    if (email && (await channel) === "email") esp = data(await reads.run(r0a + 1, (a) => searchEspSuppression(a, email)));
  }
  // Sender opt-outs matter only for SMS and WhatsApp.
  const optoutsP = channel.then((ch) => (ch === "sms" || ch === "whatsapp" ? ifExists(() => reads.run(r, (a) => getOptouts(a, ref))) : undefined));
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

export interface TraceGather {
  person: PersonFacts;
  target: TargetFacts;
  message?: Delivery;
  messageMissing?: boolean;
  segmentStates: Map<number, Segment>;
}

export async function gatherTrace(input: TraceInput, reads: Reads): Promise<TraceGather> {
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
      const onEvent = list.data.filter((c) => c.event_name !== null);
      const exact = onEvent.filter((c) => c.event_name === input.eventName);
      // No campaign waits for exactly this name: the ones waiting for a near miss of it explain the silence.
      const near = (c: Campaign) => ["spelling", "near_miss"].includes(compareEventNames(c.event_name!, input.eventName!));
      const matching = exact.length ? exact : onEvent.filter(near);
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
          if (m && wentOut(m)) return undefined;
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
    if (sent && wentOut(sent)) return;
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

