/**
 * Diagnose for trace_delivery (pure): what the reads gathered in
 * src/cio/trace-gather.ts say about each link, one outcome per traced target.
 * The links themselves are decided in ./delivery.ts and ./reachability.ts.
 */
import type { Campaign, Channel, Delivery } from "../cio/delivery-reads.js";
import { devicesFromAttributes } from "../cio/person-reads.js";
import { deliveryChannel, TEMPLATE_PAGE, type PersonFacts, type TraceGather, type TraceInput } from "../cio/trace-gather.js";
import {
  audienceLink,
  broadcastTargetLink,
  broadcastTriggerLink,
  campaignTargetLink,
  deliveryLink,
  deliveryState,
  eventTriggerLink,
  segmentTriggerLink,
  targetNotFoundLink,
  transactionalTargetLink,
  type Step,
} from "./delivery.js";
import { personDeletedFinding, reachabilityLink, type Link } from "./reachability.js";

export type TargetKind = "campaign" | "broadcast" | "transactional" | "delivery" | "event";

export function matchesPerson(d: Delivery, person: PersonFacts, input: TraceInput): boolean {
  const p = person.profile;
  const c = d.customer;
  if (c) {
    if (p?.cio_id && c.cio_id === p.cio_id) return true;
    if (p?.id && c.id === p.id) return true;
  }
  const email = (p?.email ?? p?.attributes.email ?? (input.person.by === "email" ? input.person.value : undefined))?.toLowerCase();
  return !!email && d.recipient?.toLowerCase() === email;
}


export interface TraceOutcome {
  links: Partial<Record<Step, Link>>;
  target: TargetOut | null;
  deliveries: Delivery[];
  channel: Channel;
}

export interface TargetOut {
  kind: TargetKind;
  id: number | string;
  name: string;
  state?: string;
  active?: boolean;
  trigger?: { type: string; event_name?: string; segment_ids?: number[] };
}

function personLink(g: TraceGather, input: TraceInput): Link {
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
  const gone = p.deleted ? personDeletedFinding(p.deleted) : undefined;
  if (gone) return { status: "broken", summary: gone.message, fix: gone.fix, evidence: gone.evidence, findings: [gone] };
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

function traceCampaign(c: Campaign, g: TraceGather, input: TraceInput, now: Date, base: Partial<Record<Step, Link>>): TraceOutcome {
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

export function diagnoseTrace(g: TraceGather, input: TraceInput, now: Date): TraceOutcome[] {
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
  for (const o of outcomes) {
    // No such person (or a deleted one): nothing about them was read, so the links after the target
    // are not checked (the chain says so) instead of claiming no event or no delivery exists.
    if (o.links.person?.status === "broken") {
      for (const step of ["trigger", "audience", "reachability", "delivery"] as const) delete o.links[step];
      if (input.target?.kind !== "delivery") o.deliveries = [];
      continue;
    }
    // Reachability is a fact about the person, decided once for the channel of each trace.
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

