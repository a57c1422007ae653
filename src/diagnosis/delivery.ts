/**
 * Why did (or didn't) one person get one message? Pure decisions, one per
 * link of the chain person → target → trigger → audience → reachability →
 * delivery, over what the App API returned. Codes are trace_delivery's in
 * the public contract; reachability is decided in ./reachability.ts.
 */
import type { Finding } from "../findings.js";
import type { CustomerActivity, CustomerSegment } from "../cio/customers.js";
import type { Broadcast, BroadcastTrigger, Campaign, Delivery, Segment, TransactionalTemplate } from "../cio/delivery-reads.js";
import { compareEventNames } from "../domain/event-names.js";
import type { Channel, Link, LinkStatus } from "./reachability.js";

export const STEPS = ["person", "target", "trigger", "audience", "reachability", "delivery"] as const;
export type Step = (typeof STEPS)[number];

/** Only events timestamped within 72 hours of their arrival can trigger campaigns. */
export const TRIGGER_WINDOW_SECONDS = 72 * 3600;

function iso(seconds: number | null | undefined): string {
  if (!seconds || !Number.isFinite(seconds)) return "unknown time";
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

function q(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

function broken(summary: string, fix: string, findings: Finding[], evidence?: string): Link {
  return { status: "broken", summary, fix, findings, ...(evidence ? { evidence } : {}) };
}

function link(status: LinkStatus, summary: string, findings: Finding[] = [], evidence?: string): Link {
  return { status, summary, findings, ...(evidence ? { evidence } : {}) };
}

// ---- deliveries ----

export type DeliveryState =
  | "failed"
  | "undeliverable"
  | "dropped"
  | "bounced"
  | "spammed"
  | "drafted"
  | "opened"
  | "clicked"
  | "delivered"
  | "sent"
  | "created";

/** The most telling state of one delivery, from its metrics (the spec's message `metrics`). */
export function deliveryState(d: Pick<Delivery, "metrics" | "failure_message">): DeliveryState {
  const m = d.metrics;
  for (const s of ["failed", "undeliverable", "dropped", "bounced", "spammed"] as const) if (m[s]) return s;
  if (d.failure_message && !m.sent && !m.delivered) return "failed";
  if (m.clicked || m.human_clicked) return "clicked";
  if (m.opened || m.human_opened) return "opened";
  if (m.delivered) return "delivered";
  if (m.sent) return "sent";
  if (m.drafted) return "drafted";
  return "created";
}

/**
 * The Liquid variable a failure message names (`customer.plan_name` in
 * "Liquid error: undefined variable customer.plan_name"), scanned by hand.
 */
export function liquidVariable(message: string): string | undefined {
  const text = message.slice(0, 2000);
  const lower = text.toLowerCase();
  if (!lower.includes("liquid") && !lower.includes("{{")) return undefined;
  const isNameChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 91 || c === 93;
  const take = (from: number) => {
    let i = from;
    while (i < text.length && (text[i] === " " || text[i] === "'" || text[i] === '"' || text[i] === "`")) i++;
    let end = i;
    while (end < text.length && end - i < 120 && isNameChar(text.charCodeAt(end))) end++;
    const name = text.slice(i, end).replace(/\.+$/, "");
    return name && /[A-Za-z_]/.test(name[0]!) ? name : undefined;
  };
  for (const word of ["variable", "undefined method", "undefined"]) {
    const at = lower.indexOf(word);
    if (at >= 0) {
      const name = take(at + word.length);
      if (name && name !== "variable" && name !== "method") return name;
    }
  }
  const open = text.indexOf("{{");
  return open >= 0 ? take(open + 2) : undefined;
}

function deliveryLabel(d: Delivery): string {
  return `${d.type} ${d.id}${d.subject ? ` ${q(d.subject, 50)}` : ""} (created ${iso(d.created)})`;
}

/** The delivery link: the latest matching delivery decides; older ones only add evidence. */
export function deliveryLink(deliveries: readonly Delivery[], context: { target: string; queueDrafts?: boolean }): Link {
  if (deliveries.length === 0) {
    return link("unknown", `No delivery of ${context.target} exists for this person yet.`);
  }
  const latest = [...deliveries].sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0]!;
  const state = deliveryState(latest);
  const label = deliveryLabel(latest);
  const reason = latest.failure_message ? `: ${q(latest.failure_message, 160)}` : "";
  const evidence = `${label}, metrics ${Object.keys(latest.metrics).join(", ") || "none"}${reason}`;
  const f = (code: string, message: string, fix: string, pitfall?: number): Link =>
    broken(message, fix, [{ code, severity: "error", message, fix, evidence, ...(pitfall ? { pitfall } : {}) }], evidence);
  switch (state) {
    case "failed": {
      const variable = latest.failure_message ? liquidVariable(latest.failure_message) : undefined;
      if (variable) {
        return f(
          "liquid_error",
          `The message failed to render: its Liquid references ${variable}, which this person's profile or the trigger data does not have.`,
          `Give ${variable} a default in the template ({{ ${variable} | default: "…" }}) or make sure the attribute or event property is always sent.`,
        );
      }
      return f("message_failed", `The message failed${reason || " without a failure message"}.`, "Fix the cause the failure message names (sender identity, template, or data) and resend.");
    }
    case "undeliverable":
      return f(
        "message_undeliverable",
        "The message was undeliverable: Customer.io never sent it (message limits, a cancelled newsletter, or delivery disabled for the channel).",
        "Check the workspace's message limits and the campaign's frequency settings, and that the channel's delivery is enabled.",
      );
    case "dropped":
      return f(
        "message_dropped",
        "The message was dropped because the person's address is suppressed.",
        "Look up the suppression (lookup_customer shows esp_suppression) and remove it only if the address works again.",
      );
    case "bounced":
      return f("bounced", "The message bounced: the receiving server rejected the address.", "Get a working address from the person; handle bounce webhooks so your app stops sending to it.", 8);
    case "spammed":
      return f("spam_complaint", "The person marked the message as spam.", "Do not send to them again unless they opt back in; review the campaign's consent and frequency.");
    case "drafted": {
      const message = context.queueDrafts
        ? "The message was queued as a draft (the template has queue drafts on) and waits for someone to send it."
        : "The message was created as a draft and was never sent.";
      return f("message_drafted", message, "Send or approve the draft in Customer.io, or turn off queue drafts on the message if it should go out automatically.");
    }
    case "created":
      return link("warning", `The message was created (${label}) but has no sent or delivered metric yet.`, [], evidence);
    default: {
      const message = `The message was ${state} (${label}).`;
      return { status: "ok", summary: message, evidence, findings: [{ code: "delivered", severity: "info", message, evidence }] };
    }
  }
}

// ---- target ----

export function campaignTargetLink(campaign: Campaign): Link {
  const running = campaign.state === "running" && campaign.active !== false;
  const what = `campaign ${campaign.id} ${q(campaign.name, 60)}`;
  const evidence = `state ${campaign.state ?? "unknown"}, active ${campaign.active ?? "unknown"}`;
  if (running) return link("ok", `The ${what} is running.`, [], evidence);
  const message =
    campaign.state === "running"
      ? `The ${what} is running but not active, so it sends nothing.`
      : `The ${what} is ${campaign.state ?? "not running"}, so it sends nothing.`;
  const fix = campaign.state === "draft" ? "Start the campaign in Customer.io (it is still a draft)." : "Start (or resume) the campaign in Customer.io.";
  return broken(message, fix, [{ code: "campaign_not_running", severity: "error", message, fix, evidence }], evidence);
}

export function broadcastTargetLink(broadcast: Broadcast): Link {
  const evidence = `state ${broadcast.state ?? "unknown"}, active ${broadcast.active ?? "unknown"}`;
  return link("ok", `Broadcast ${broadcast.id} ${q(broadcast.name, 60)} exists (${broadcast.state ?? "state unknown"}).`, [], evidence);
}

export function transactionalTargetLink(template: TransactionalTemplate): Link {
  const what = `Transactional message ${template.id} ${q(template.name, 60)}`;
  const evidence = `queue_drafts ${template.queue_drafts ?? "unknown"}, send_to_unsubscribed ${template.send_to_unsubscribed ?? "unknown"}`;
  if (template.queue_drafts) {
    const message = `${what} queues drafts: each send waits as a draft until someone sends it from Customer.io.`;
    const fix = "Turn off \"queue drafts\" on the transactional message if it should send automatically.";
    return { status: "warning", summary: message, fix, evidence, findings: [{ code: "transactional_queues_drafts", severity: "warning", message, fix, evidence }] };
  }
  return link("ok", `${what} exists in this workspace.`, [], evidence);
}

export function targetNotFoundLink(kind: string, id: string | number, hint: string): Link {
  const message = `No ${kind} ${typeof id === "number" ? id : q(String(id))} exists in this workspace.`;
  const fix = hint;
  return broken(message, fix, [{ code: "target_not_found", severity: "error", message, fix }]);
}

// ---- trigger ----

export interface TriggerFacts {
  /** Recent activity (newest arrival first, as the API lists them). */
  activities: readonly CustomerActivity[];
  /** Events with exactly the campaign's name, from a name-filtered read. */
  exactEvents?: readonly CustomerActivity[];
  segments?: readonly CustomerSegment[];
  /** Whether a delivery of this campaign exists (then the trigger fired). */
  delivered: boolean;
  now: Date;
}

function isEvent(a: CustomerActivity): a is CustomerActivity & { name: string } {
  return a.type === "event" && typeof a.name === "string" && a.name !== "";
}

/**
 * When an event arrived at the earliest: activities listed after it (they
 * arrived earlier) bound its arrival from below. Undefined when nothing does.
 */
function arrivalLowerBound(activities: readonly CustomerActivity[], event: CustomerActivity): number | undefined {
  const at = activities.indexOf(event);
  if (at < 0) return undefined;
  let bound: number | undefined;
  for (let i = at + 1; i < activities.length; i++) {
    const t = activities[i]!.timestamp;
    if (t !== null && (bound === undefined || t > bound)) bound = t;
  }
  return bound;
}

export function eventTriggerLink(eventName: string, facts: TriggerFacts): Link {
  const events = [...facts.activities, ...(facts.exactEvents ?? [])].filter(isEvent);
  const exact = events.filter((e) => e.name === eventName).sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  // A delivery of the campaign proves the trigger fired, whatever the activity page still shows.
  if (facts.delivered) {
    return link("ok", exact.length ? `${q(eventName)} arrived (latest ${iso(exact[0]!.timestamp)}) and started the campaign.` : "The campaign started for this person (a delivery exists).");
  }
  if (exact.length === 0) {
    // Another convention (SignedUp) or one character off (signed_upp): the near misses of the trigger's name.
    const variants = [...new Set(events.map((e) => e.name))].filter((n) => {
      const relation = compareEventNames(n, eventName);
      return relation === "spelling" || relation === "near_miss";
    });
    if (variants.length > 0) {
      const message = `The campaign waits for ${q(eventName)}, but this person's events arrive as ${variants.map((v) => q(v)).join(", ")}; event names are case-sensitive, so it never triggered.`;
      const fix = `Track the event as exactly ${q(eventName)} (or change the campaign trigger to match), one spelling everywhere.`;
      const evidence = `expected ${q(eventName)}; arrived ${variants.map((v) => `${q(v)} ×${events.filter((e) => e.name === v).length}`).join(", ")}`;
      return broken(message, fix, [{ code: "trigger_event_mismatch", severity: "error", pitfall: 10, message, fix, evidence }], evidence);
    }
    const message = `No ${q(eventName)} event arrived for this person, so the campaign never triggered.`;
    const fix = `Track ${q(eventName)} for this person's id (identify first, same workspace and region) with a current timestamp.`;
    const seen = [...new Set(events.map((e) => e.name))].slice(0, 5);
    const evidence = `${events.length} event(s) read${seen.length ? `: ${seen.map((n) => q(n, 40)).join(", ")}` : ""}`;
    return broken(message, fix, [{ code: "trigger_event_missing", severity: "error", pitfall: 3, message, fix, evidence }], evidence);
  }
  const latest = exact[0]!;
  const evidence = `${exact.length} ${q(eventName)} event(s), latest at ${iso(latest.timestamp)}`;

  // A merge that came after the event: the event reached this profile through it.
  const merge = facts.activities.find((a) => (a.type === "anon_merge" || a.type === "profile_merge") && a.timestamp !== null && latest.timestamp !== null && a.timestamp >= latest.timestamp);
  if (merge) {
    const message = `${q(eventName)} reached this profile through a merge (${merge.type} at ${iso(merge.timestamp)}); merged events do not trigger campaigns (anonymous ones only within 72 hours of their timestamp).`;
    const fix = "Identify the person before tracking the event (pitfall 3), or track it again after the merge.";
    return broken(message, fix, [{ code: "trigger_event_merged", severity: "error", pitfall: 3, message, fix, evidence: `${evidence}; ${merge.type} at ${iso(merge.timestamp)}` }], evidence);
  }
  const arrived = arrivalLowerBound(facts.activities, latest);
  if (latest.timestamp !== null && arrived !== undefined && arrived - latest.timestamp > TRIGGER_WINDOW_SECONDS) {
    const message = `${q(eventName)} carries the timestamp ${iso(latest.timestamp)}, more than 72 hours before it arrived (after activity at ${iso(arrived)}); such events never trigger campaigns.`;
    const fix = "Send events with the current time (unix seconds), not a stored or replayed date; replay old events without the timestamp if they must trigger.";
    return broken(message, fix, [{ code: "trigger_event_too_old", severity: "error", message, fix, evidence }], evidence);
  }
  return link("ok", `${q(eventName)} arrived (latest ${iso(latest.timestamp)}).`, [], evidence);
}

export function segmentTriggerLink(segmentIds: readonly number[], facts: TriggerFacts, states: ReadonlyMap<number, Segment>): Link {
  if (facts.delivered) return link("ok", "The person entered a trigger segment and the campaign started.");
  if (!facts.segments) return link("unknown", "The person's segments could not be read.");
  const member = segmentIds.filter((id) => facts.segments!.some((s) => String(s.id) === String(id)));
  if (member.length > 0) return link("ok", `The person is in trigger segment ${member[0]}.`, [], `segments ${member.join(", ")}`);
  const building = segmentIds.map((id) => states.get(id)).filter((s): s is Segment => !!s && s.state !== null && s.state !== "finished");
  const evidence = `trigger segments ${segmentIds.join(", ")}; person in ${facts.segments.map((s) => s.id).slice(0, 10).join(", ") || "none"}`;
  if (building.length > 0) return buildingLink(building, evidence);
  const message = `The person is in none of the campaign's trigger segments (${segmentIds.join(", ")}), so it never started for them.`;
  const fix = "Check the segment's conditions against the person's attributes and events (an attribute name or value that differs).";
  return broken(message, fix, [{ code: "not_in_trigger_segment", severity: "error", message, fix, evidence }], evidence);
}

function buildingLink(building: readonly Segment[], evidence: string): Link {
  const s = building[0]!;
  const message = `Segment ${s.id} ${q(s.name, 50)} is still building (${s.state}${s.progress !== null ? `, ${s.progress}%` : ""}); membership is not final yet.`;
  const fix = "Wait for the segment to finish building, then trace again.";
  return { status: "warning", summary: message, fix, evidence, findings: [{ code: "segment_building", severity: "warning", message, fix, evidence }] };
}

export function broadcastTriggerLink(triggers: readonly BroadcastTrigger[], errors: readonly string[] | undefined, delivered: boolean): Link {
  if (triggers.length === 0) {
    return delivered ? link("ok", "The broadcast was sent.") : link("broken", "The broadcast was never triggered through the API.", [], undefined);
  }
  const latest = [...triggers].sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0))[0]!;
  const evidence = `trigger ${latest.id} created ${iso(latest.created_at)}, processed ${latest.processed_at ? iso(latest.processed_at) : "not yet"}`;
  if (errors && errors.length > 0) {
    const message = `The broadcast's latest trigger (${latest.id}) reported ${errors.length} error${errors.length === 1 ? "" : "s"}: ${q(errors[0]!, 160)}.`;
    const fix = "Fix the trigger request (recipients filter, ids that exist, data the template needs) and trigger the broadcast again.";
    return broken(message, fix, [{ code: "broadcast_trigger_failed", severity: "error", message, fix, evidence: `${evidence}; ${errors.slice(0, 3).map((e) => q(e, 80)).join("; ")}` }], evidence);
  }
  if (!latest.processed_at) return link("warning", `The latest trigger (${latest.id}) is not processed yet.`, [], evidence);
  return link("ok", `The broadcast was triggered (latest trigger ${latest.id}, processed).`, [], evidence);
}

// ---- audience ----

export function audienceLink(filterIds: readonly number[], segments: readonly CustomerSegment[] | undefined, states: ReadonlyMap<number, Segment>, delivered: boolean): Link {
  if (filterIds.length === 0) return link("ok", "The campaign has no filter segments.");
  if (delivered) return link("ok", "The person passed the campaign's filters.");
  if (!segments) return link("unknown", "The person's segments could not be read.");
  const missing = filterIds.filter((id) => !segments.some((s) => String(s.id) === String(id)));
  const evidence = `filter segments ${filterIds.join(", ")}; person in ${segments.map((s) => s.id).slice(0, 10).join(", ") || "none"}`;
  if (missing.length === 0) return link("ok", `The person is in every filter segment (${filterIds.join(", ")}).`, [], evidence);
  const building = missing.map((id) => states.get(id)).filter((s): s is Segment => !!s && s.state !== null && s.state !== "finished");
  if (building.length === missing.length) return buildingLink(building, evidence);
  const id = missing.find((m) => !building.some((b) => b.id === m))!;
  const name = states.get(id)?.name;
  const message = `The person is not in the campaign's filter segment ${id}${name ? ` ${q(name, 50)}` : ""}, so the campaign skips them.`;
  const fix = "Compare the segment's conditions with the person's attributes, or remove the filter if it should not apply.";
  return broken(message, fix, [{ code: "not_in_filter_segment", severity: "error", message, fix, evidence }], evidence);
}

// ---- the whole chain ----

export interface ChainLink {
  step: Step;
  status: LinkStatus;
  summary: string;
  evidence?: string;
}

/** Links after the first broken one cannot be judged: they are skipped unless already decided by a delivery. */
export function composeChain(links: Partial<Record<Step, Link>>): { chain: ChainLink[]; verdict: string; ok: boolean; findings: Finding[] } {
  const chain: ChainLink[] = [];
  const findings: Finding[] = [];
  let firstBroken: { step: Step; link: Link } | undefined;
  for (const step of STEPS) {
    const l = links[step] ?? { status: "skipped" as const, summary: firstBroken ? `Not checked: the ${firstBroken.step} link is broken.` : "Not checked.", findings: [] };
    chain.push({ step, status: l.status, summary: l.summary, ...(l.evidence ? { evidence: l.evidence } : {}) });
    findings.push(...l.findings);
    if (l.status === "broken" && !firstBroken) firstBroken = { step, link: l };
  }
  if (firstBroken) {
    const { step, link: l } = firstBroken;
    const fix = l.fix ? `${l.fix.replace(/\.$/, "")} — ` : "";
    return { chain, ok: false, findings, verdict: `${fix}the ${step} link is broken: ${l.summary}` };
  }
  const warn = chain.find((c) => c.status === "warning");
  const deliveryLinkShown = chain.find((c) => c.step === "delivery")!;
  if (warn) return { chain, ok: true, findings, verdict: `Nothing is broken, but check the ${warn.step} link: ${warn.summary}` };
  return { chain, ok: true, findings, verdict: deliveryLinkShown.status === "ok" ? deliveryLinkShown.summary : `Nothing on the chain is broken. ${deliveryLinkShown.summary}` };
}

export type { Channel };
