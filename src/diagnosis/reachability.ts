/**
 * Can this person be reached on this channel? Pure decisions over what the
 * App API returned (profile, devices, topic preferences, the provider's
 * suppression list, deleted-people activities). lookup_customer and
 * trace_delivery both ask here, so a fact about a profile is decided once.
 */
import type { Finding } from "../findings.js";
import type { DeletedActivity, EspSuppression, PersonDevice, SenderOptOut, TopicPreference } from "../cio/person-reads.js";

import { CHANNELS, type Channel } from "../cio/delivery-reads.js";

export { CHANNELS, type Channel };

export type LinkStatus = "ok" | "broken" | "warning" | "unknown" | "skipped";

/** One link of a delivery chain, decided. */
export interface Link {
  status: LinkStatus;
  summary: string;
  evidence?: string;
  findings: Finding[];
  /** The one fix of the first broken link (the verdict uses it). */
  fix?: string;
}

/** Everything read about how the person can be reached; `undefined` = not read. */
export interface ReachFacts {
  email: string | null;
  phone: string | null;
  unsubscribed: boolean;
  devices: readonly PersonDevice[];
  topics?: readonly TopicPreference[];
  esp?: EspSuppression | null;
  /** SMS/WhatsApp senders opted out of (read for those channels only). */
  optouts?: readonly SenderOptOut[];
}

const DAY = 86_400;
/** A device not identified for this long has probably uninstalled the app or rotated its token. */
export const STALE_DEVICE_DAYS = 180;

function iso(seconds: number | null | undefined): string {
  if (!seconds || !Number.isFinite(seconds)) return "unknown";
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function names(list: readonly string[], max = 3): string {
  const shown = list.slice(0, max).map((n) => `"${n}"`).join(", ");
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

/** A deliverable-looking address: one `@`, no spaces, a dotted domain. Scanned by hand (linear). */
export function isPlausibleEmail(value: string): boolean {
  if (value.length < 6 || value.length > 254) return false;
  const at = value.indexOf("@");
  if (at <= 0 || at !== value.lastIndexOf("@")) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || c === 127 || c === 60 || c === 62 || c === 44 || c === 59) return false;
  }
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  return dot > 0 && dot < domain.length - 2 && !domain.includes("..") && !domain.startsWith(".");
}

/** E.164 as the App API wants phone identifiers: `+`, 7–15 digits, no leading 0. */
export function isE164(value: string): boolean {
  if (value.length < 8 || value.length > 16 || value[0] !== "+" || value[1] === "0") return false;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// ---- findings, one place for each fact ----

export function personDeletedFinding(activities: readonly DeletedActivity[]): Finding | undefined {
  const gone = activities.find((a) => a.type === "profile_delete" || a.type === "profile_merge");
  if (!gone && activities.length === 0) return undefined;
  const merged = gone?.type === "profile_merge";
  return {
    code: "person_deleted",
    severity: "error",
    message: merged
      ? "This profile was merged into another person, so it no longer exists and cannot receive messages; its history lives on the surviving profile."
      : "This person was deleted from the workspace, so nothing can be sent to them.",
    fix: merged
      ? "Look up the surviving profile (by email or cio_id) and check why your app still uses the old identifier."
      : "If they should exist, identify them again from your app; find what deleted them (a suppress/delete call or a workspace deletion) before re-adding.",
    evidence: `${gone?.type ?? activities[0]!.type} at ${iso(gone?.timestamp ?? activities[0]!.timestamp)} (GET /v1/activities?deleted=true)`,
  };
}

export function unsubscribedFinding(facts: ReachFacts, blocking: boolean): Finding | undefined {
  if (!facts.unsubscribed) return undefined;
  return {
    code: "unsubscribed",
    severity: blocking ? "error" : "warning",
    message: "The person is globally unsubscribed: campaigns and broadcasts skip them on email, SMS, WhatsApp and push.",
    fix: "Only the person can resubscribe (subscription center); check that your app does not send unsubscribed: true by mistake.",
    evidence: "customer.unsubscribed is true",
  };
}

export function topicFinding(topics: readonly TopicPreference[] | undefined, blocking: boolean): Finding | undefined {
  const off = (topics ?? []).filter((t) => !t.subscribed);
  if (off.length === 0) return undefined;
  return {
    code: "topic_unsubscribed",
    severity: blocking ? "error" : "warning",
    message: `The person opted out of ${off.length === 1 ? "the topic" : `${off.length} topics`} ${names(off.map((t) => t.name))}: messages sent under ${off.length === 1 ? "that topic" : "those topics"} skip them.`,
    fix: "Check which subscription topic the message uses; only the person can opt back in (subscription center).",
    evidence: off.slice(0, 5).map((t) => `topic ${t.id} "${t.name}" subscribed=false`).join("; "),
  };
}

export function espFinding(esp: EspSuppression | null | undefined, email: string | null): Finding | undefined {
  if (!esp) return undefined;
  return {
    code: "esp_suppressed",
    severity: "error",
    message: `The email provider suppresses ${email ? email.slice(0, 120) : "this address"} (${esp.category.slice(0, 40)}): Customer.io drops every email to it.`,
    fix:
      esp.category === "spam"
        ? "Do not remove a spam suppression unless the person asks to be emailed again; then remove it under Settings > Email > Suppressions."
        : "Get a working address from the person, or, if the bounce was temporary, remove the address under Settings > Email > Suppressions.",
    evidence: [`category ${esp.category}`, esp.status ? `status ${esp.status}` : "", esp.reason ? `reason "${esp.reason.slice(0, 120)}"` : "", `since ${iso(esp.created)}`]
      .filter(Boolean)
      .join(", "),
  };
}

/** no_push_device / push_disabled, or a stale-device note (no code). */
export function pushFindings(devices: readonly PersonDevice[], blocking: boolean): Finding[] {
  if (devices.length === 0) {
    return [
      {
        code: "no_push_device",
        severity: blocking ? "error" : "warning",
        message: "The person has no device registered, so push notifications have nowhere to go.",
        fix: "Register the device token from the app after identify (the Customer.io mobile SDK does it when push is set up), for the same person id.",
        evidence: "customer.devices is empty",
      },
    ];
  }
  const enabled = devices.filter((d) => d.push_enabled !== false);
  if (enabled.length === 0) {
    return [
      {
        code: "push_disabled",
        severity: blocking ? "error" : "warning",
        message: `Push is turned off on every device of this person (${devices.length}): push_enabled is "false".`,
        fix: "The person must allow notifications in the OS settings; the app should ask for permission and let the SDK update the device.",
        evidence: devices.slice(0, 3).map((d) => `${d.platform} …${d.id.slice(-6)} push_enabled=false`).join("; "),
      },
    ];
  }
  return [];
}

/** Person-level reachability findings for lookup_customer (push codes only when the person uses push). */
export function personReachFindings(facts: ReachFacts, options: { usesPush: boolean }): Finding[] {
  const out: Finding[] = [];
  const topic = topicFinding(facts.topics, false);
  if (topic) out.push(topic);
  const esp = espFinding(facts.esp, facts.email);
  if (esp) out.push(esp);
  if (options.usesPush || facts.devices.length > 0) out.push(...pushFindings(facts.devices, false));
  return out;
}

// ---- the reachability link of a trace ----

export interface ReachOptions {
  now: Date;
  /** A transactional template that sends to unsubscribed people. */
  sendToUnsubscribed?: boolean;
}

export function reachabilityLink(channel: Channel, facts: ReachFacts, options: ReachOptions): Link {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const globalUnsub = channel !== "webhook" && channel !== "in_app" && !options.sendToUnsubscribed ? unsubscribedFinding(facts, true) : undefined;

  if (channel === "email") {
    const email = facts.email?.trim() ?? "";
    if (!email) {
      findings.push({
        code: "missing_email",
        severity: "error",
        pitfall: 5,
        message: "The person has no email attribute, so email messages cannot be sent to them.",
        fix: "Send email as an attribute in identify (the id alone is not an address).",
        evidence: "attributes.email is unset",
      });
    } else if (!isPlausibleEmail(email)) {
      findings.push({
        code: "invalid_email",
        severity: "error",
        message: `The email attribute "${email.slice(0, 80)}" is not a valid address, so emails are undeliverable.`,
        fix: "Validate addresses in your app before identify and correct this person's email.",
        evidence: `attributes.email = "${email.slice(0, 80)}"`,
      });
    } else notes.push(`email ${email}`);
    if (globalUnsub) findings.push(globalUnsub);
    const esp = espFinding(facts.esp, email || null);
    if (esp) findings.push(esp);
    else if (facts.esp === null) notes.push("not suppressed by the provider");
    const topic = topicFinding(facts.topics, false);
    if (topic) findings.push(topic);
  } else if (channel === "push") {
    if (globalUnsub) findings.push(globalUnsub);
    findings.push(...pushFindings(facts.devices, true));
    const now = options.now.getTime() / 1000;
    const fresh = facts.devices.filter((d) => d.push_enabled !== false && d.last_used !== null && now - d.last_used < STALE_DEVICE_DAYS * DAY);
    const enabled = facts.devices.filter((d) => d.push_enabled !== false);
    if (enabled.length > 0 && fresh.length === 0) {
      notes.push(`every device was last used over ${STALE_DEVICE_DAYS} days ago (latest ${iso(Math.max(...enabled.map((d) => d.last_used ?? 0)))}): the token may be dead`);
    } else if (enabled.length > 0) notes.push(`${enabled.length} device${enabled.length === 1 ? "" : "s"} (${[...new Set(enabled.map((d) => d.platform))].join(", ")})`);
  } else if (channel === "sms" || channel === "whatsapp") {
    if (globalUnsub) findings.push(globalUnsub);
    const phone = facts.phone?.trim() ?? "";
    if (!phone || !isE164(phone)) {
      return {
        status: "broken",
        summary: phone ? `The phone attribute "${phone.slice(0, 20)}" is not E.164, so ${channel} cannot be sent.` : `The person has no phone attribute, so ${channel} cannot be sent.`,
        fix: "Set the phone attribute in E.164 form, e.g. +14155552671.",
        findings,
      };
    }
    notes.push(`phone ${phone}`);
    const out = (facts.optouts ?? []).filter((o) => o.channel === channel);
    if (out.length > 0) {
      return {
        status: "warning",
        summary: `The person opted out of ${channel} from ${out.map((o) => o.from ?? "a sender").slice(0, 3).join(", ")}: messages from ${out.length === 1 ? "that sender" : "those senders"} skip them.`,
        evidence: `GET /v1/customers/{id}/optouts: ${out.length} ${channel} opt-out(s)`,
        findings,
      };
    }
  } else {
    return { status: "skipped", summary: `${channel} messages need no address on the profile.`, findings: [] };
  }

  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    return { status: "broken", summary: errors[0]!.message, fix: errors[0]!.fix, evidence: errors.map((f) => f.evidence ?? f.code).join("; "), findings };
  }
  const warnings = findings.filter((f) => f.severity === "warning");
  const staleNote = notes.find((n) => n.startsWith("every device"));
  if (warnings.length > 0 || staleNote) {
    return { status: "warning", summary: warnings[0]?.message ?? `Reachable by ${channel}, but ${staleNote}.`, evidence: notes.join("; "), findings };
  }
  return { status: "ok", summary: `Reachable by ${channel}${notes.length ? `: ${notes.join(", ")}` : ""}.`, findings };
}

// ---- lookup_customer: the person-level part ----

export interface PersonReachInput {
  preferences?: { ok: true; data: { unsubscribed: boolean; topics: TopicPreference[] } } | { ok: false };
  esp?: { ok: true; data: EspSuppression | null } | { ok: false };
  deleted?: { ok: true; data: DeletedActivity[] } | { ok: false };
}

/** person_deleted, topic_unsubscribed, esp_suppressed, no_push_device, push_disabled for a looked-up person. */
export function lookupReachFindings(
  reach: PersonReachInput,
  person: { email: string | null; devices: readonly PersonDevice[]; usesPush: boolean } | null,
): Finding[] {
  if (!person) {
    const gone = reach.deleted?.ok ? personDeletedFinding(reach.deleted.data) : undefined;
    return gone ? [gone] : [];
  }
  return personReachFindings(
    {
      email: person.email,
      phone: null,
      unsubscribed: false,
      devices: person.devices,
      ...(reach.preferences?.ok ? { topics: reach.preferences.data.topics } : {}),
      ...(reach.esp?.ok ? { esp: reach.esp.data } : {}),
    },
    { usesPush: person.usesPush },
  );
}

/** The output fields lookup_customer adds to `customer`. */
export function reachOut(reach: PersonReachInput, devices: readonly PersonDevice[]): {
  devices: Array<{ id: string; platform: string; last_used?: string; push_enabled?: boolean }>;
  topics?: Array<{ id: string; name: string; subscribed: boolean }>;
  esp_suppression: { category: string; reason?: string; status?: string; created?: string } | null;
} {
  const at = (s: number | null) => (s ? new Date(s * 1000).toISOString().replace(".000Z", "Z") : undefined);
  const topics = reach.preferences?.ok ? reach.preferences.data.topics : undefined;
  const esp = reach.esp?.ok ? reach.esp.data : null;
  return {
    // A device token is a push address: shown by its last 8 characters only.
    devices: devices.slice(0, 10).map((d) => {
      const used = at(d.last_used);
      return { id: d.id.length > 8 ? `…${d.id.slice(-8)}` : d.id, platform: d.platform, ...(used ? { last_used: used } : {}), ...(d.push_enabled !== null ? { push_enabled: d.push_enabled } : {}) };
    }),
    ...(topics && topics.length ? { topics: topics.slice(0, 25) } : {}),
    esp_suppression: esp
      ? { category: esp.category, ...(esp.reason ? { reason: esp.reason } : {}), ...(esp.status ? { status: esp.status } : {}), ...(at(esp.created) ? { created: at(esp.created)! } : {}) }
      : null,
  };
}
