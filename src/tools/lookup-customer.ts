/**
 * lookup_customer: reads one person's profile, segments, recent activity and
 * messages through the App API (GET only) and says why messages or a
 * campaign trigger may not reach them.
 */
import { z } from "zod";
import type { Region } from "../config.js";
import { UserInputError } from "../errors.js";
import { findingSchema, hasErrors, sortFindings, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import type { AppAccess, CustomerActivity, CustomerMatch, CustomerMessage, CustomerProfile, CustomerRef, CustomerSegment, IdType } from "../cio/customers.js";
import { gatherCustomer, type CustomerGather } from "../cio/customer-lookup.js";
import { roundBudget, type RoundBudget } from "../cio/deadline.js";
import { appKeyFindings, diagnoseLookup, type LookupDiagnosis } from "../diagnosis/lookup.js";
import { isoFromUnix, recentEvents, selectAttributes } from "../diagnosis/profile.js";
import { deletedPersonFindings, reachabilityCheck } from "./lookup-reach.js";
import { isE164Phone } from "../domain/identifiers.js";
import { defineTool, NETWORK_READ_ONLY, type ToolContext } from "./define.js";
import { bulletList, renderResult } from "./render.js";
import { anObject, keyed, orNull } from "./schema.js";

export const MAX_IDENTIFIER_LENGTH = 512;
/** What `detail: "full"` shows; the default brief answer shows BRIEF_LIMITS. */
export const OUTPUT_LIMITS = { attributes: 40, attributeValue: 200, segments: 25, events: 25, messages: 20 } as const;
export const BRIEF_LIMITS = { attributes: 15, attributeValue: 200, segments: 10, events: 10, messages: 8 } as const;
type Limits = { attributes: number; attributeValue: number; segments: number; events: number; messages: number };

// Lengths are checked in the handler (parseLookup, parseEventName): fewer schema bytes, same answer.
const identifier = (what: string) => z.string().optional().describe(what);

type MessageOut = {
  id: string;
  type: string;
  subject?: string;
  campaign_id?: number;
  metrics: string[];
  failure_message?: string;
  created?: string;
};

type CustomerOut = {
  id: string | null;
  email: string | null;
  cio_id: string | null;
  unsubscribed: boolean;
  attributes: Record<string, string>;
  attributes_omitted: number;
  segments: Array<{ id: number; name: string }>;
  recent_events: Array<{ name: string; timestamp: string | null }>;
  recent_messages: MessageOut[];
  devices?: Array<{ id: string; platform: string; last_used?: string; push_enabled?: boolean }>;
  topics?: Array<{ id: string; name: string; subscribed: boolean }>;
  esp_suppression?: { category: string; reason?: string; status?: string; created?: string } | null;
};

/** The contract's customer, typed by its fields; each list's items by their key fields. */
const customerSchema = keyed<z.ZodRawShape, CustomerOut>({
  id: orNull("string"),
  email: orNull("string"),
  cio_id: orNull("string"),
  unsubscribed: z.boolean(),
  attributes: anObject(),
  attributes_omitted: z.number(),
  segments: z.array(keyed({ id: z.number(), name: z.string() })),
  recent_events: z.array(keyed({ name: z.string() })),
  recent_messages: z.array(keyed({ id: z.string(), type: z.string(), metrics: z.array(z.string()) })),
  devices: z.array(keyed({ id: z.string(), platform: z.string() })).optional(),
  topics: z.array(keyed({ id: z.string(), subscribed: z.boolean() })).optional(),
  esp_suppression: keyed({ category: z.string() }).nullable().optional(),
});

interface Lookup {
  by: IdType;
  value: string;
}

/** Exactly one identifier, trimmed and bounded; anything else is a usage error. */
/** Half of a UTF-16 surrogate pair: not text, and it cannot be put in a URL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseLookup(args: { id?: unknown; email?: unknown; cio_id?: unknown; phone?: unknown }): Lookup {
  const given: Lookup[] = [];
  for (const by of ["id", "email", "cio_id", "phone"] as const) {
    const raw = args[by];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== "string") throw new UserInputError(`${by} must be a string.`);
    const value = raw.trim();
    if (value === "") throw new UserInputError(`${by} is empty; give the person's ${by} or leave the field out.`);
    if (LONE_SURROGATE.test(value)) throw new UserInputError(`${by} contains invalid Unicode (a lone surrogate); send it as well-formed UTF-8 text.`);
    if (value.length > MAX_IDENTIFIER_LENGTH) {
      throw new UserInputError(`${by} is longer than ${MAX_IDENTIFIER_LENGTH} characters; Customer.io ids are at most 150 bytes.`);
    }
    given.push({ by, value });
  }
  if (given.length !== 1) {
    const which = given.length === 0 ? "none was given" : `got ${given.map((g) => g.by).join(" and ")}`;
    throw new UserInputError(`Give exactly one of id, email or cio_id (${which}); or phone, in E.164 form.`);
  }
  const lookup = given[0]!;
  if (lookup.by === "email" && !/^[^\s@]+@[^\s@]+$/.test(lookup.value)) {
    throw new UserInputError("email must be an address like name@example.com; to look a person up by their id, use id.");
  }
  if (lookup.by === "phone" && !isE164Phone(lookup.value)) {
    throw new UserInputError("phone must be in E.164 form, like +14155552671 (a +, the country code, no spaces or dashes).");
  }
  // The Track API addresses people as cio_<id>; the App API wants the bare cio_id.
  if (lookup.by === "cio_id" && /^cio_/.test(lookup.value) && lookup.value.length > 4) {
    lookup.value = lookup.value.slice(4);
  }
  // URL parsing folds a "." or ".." path segment away (even percent-encoded), which would
  // read workspace-wide lists as if they were this person's.
  if (lookup.value === "." || lookup.value === "..") {
    throw new UserInputError(`${lookup.by} cannot be "${lookup.value}": Customer.io cannot address a person by a dot segment.`);
  }
  return lookup;
}

function parseEventName(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") throw new UserInputError("event_name must be a string.");
  if (LONE_SURROGATE.test(raw)) throw new UserInputError("event_name contains invalid Unicode (a lone surrogate).");
  const value = raw.trim();
  if (value === "") return undefined;
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    throw new UserInputError(`event_name is longer than ${MAX_IDENTIFIER_LENGTH} characters; Customer.io event names are at most 100 bytes.`);
  }
  return value;
}

// ---- output shaping ----

function messageOut(m: CustomerMessage): MessageOut {
  return {
    id: m.id,
    type: m.type ?? "unknown",
    ...(m.subject ? { subject: m.subject.slice(0, OUTPUT_LIMITS.attributeValue) } : {}),
    ...(m.campaignId !== null && Number.isSafeInteger(Number(m.campaignId)) ? { campaign_id: Number(m.campaignId) } : {}),
    metrics: Object.keys(m.metrics).filter((k) => !/^(human_|prefetch_)/.test(k)).slice(0, 20),
    ...(m.failureMessage ? { failure_message: m.failureMessage } : {}),
    ...(isoFromUnix(m.created) ? { created: isoFromUnix(m.created)! } : {}),
  };
}

/** Segment ids are integers (App spec segments `responses/200`); anything else is left out. */
function segmentOut(s: CustomerSegment): Array<{ id: number; name: string }> {
  const id = Number(s.id);
  return Number.isSafeInteger(id) ? [{ id, name: s.name.slice(0, OUTPUT_LIMITS.attributeValue) }] : [];
}

interface Gathered {
  profile: CustomerProfile;
  segments: CustomerSegment[];
  activities: CustomerActivity[];
  messages: CustomerMessage[];
}

function customerOut(g: Gathered, L: Limits): { customer: CustomerOut; omitted: string[] } {
  const attrs = selectAttributes(g.profile.attributes, L.attributes, L.attributeValue);
  const events = recentEvents(g.activities, L.events);
  const messages = [...g.messages].sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  const omitted: string[] = [];
  if (attrs.omitted) omitted.push(`${attrs.omitted} of ${Object.keys(g.profile.attributes).length} attributes`);
  if (g.segments.length > L.segments) omitted.push(`${g.segments.length - L.segments} segments`);
  if (events.omitted) omitted.push(`${events.omitted} older events`);
  if (messages.length > L.messages) omitted.push(`${messages.length - L.messages} older messages`);
  const p = g.profile;
  return {
    customer: {
      id: p.id,
      email: p.email ?? p.attributes.email ?? null,
      cio_id: p.cio_id,
      unsubscribed: p.unsubscribed,
      attributes: attrs.attributes,
      attributes_omitted: attrs.omitted,
      segments: g.segments.slice(0, L.segments).flatMap(segmentOut),
      recent_events: events.events,
      recent_messages: messages.slice(0, L.messages).map(messageOut),
    },
    omitted,
  };
}

function countOf(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function describeLookup(l: Lookup): string {
  return l.by === "email" ? `email ${l.value}` : `${l.by} ${JSON.stringify(l.value)}`;
}

function summarize(parts: {
  lookup: Lookup;
  region: Region;
  found: boolean;
  matches: number;
  customer: CustomerOut | null;
  findings: Finding[];
  omitted: string[];
  eventName: string | undefined;
  expectedSeen: number;
  brief: boolean;
}): string {
  const { lookup, region, customer, findings } = parts;
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const where = `the ${region.toUpperCase()} workspace`;
  // The findings carry the sentences and fixes; the summary names them by code, so nothing is said twice.
  const codesOf = (list: Finding[]) => [...new Set(list.map((f) => f.code))].join(", ");
  if (!parts.found || !customer) {
    const first = errors[0] ?? findings[0];
    if (parts.found) return `Found ${describeLookup(lookup)} in ${where}, but the profile could not be read (${first?.code ?? "no details"}).`;
    if (first && first.code !== "not_found") return `Could not look up ${describeLookup(lookup)} (${codesOf(errors.length ? errors : findings)}).`;
    return `No person with ${describeLookup(lookup)} exists in ${where}.`;
  }
  const who = `${customer.id ? `id ${JSON.stringify(customer.id)}` : `cio_id ${customer.cio_id}`}${customer.email ? ` (${customer.email})` : ""}`;
  const head =
    errors.length > 0
      ? `Found ${who} in ${where}; ${errors.length === 1 ? "1 problem" : `${errors.length} problems`} can keep messages or campaigns from reaching them: ${codesOf(errors)}.`
      : warnings.length > 0
        ? `Found ${who} in ${where}; no blocking problem, but ${warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}: ${codesOf(warnings)}.`
        : `Found ${who} in ${where}; the profile looks healthy.`;
  const facts = [
    parts.matches > 1 ? `${parts.matches} profiles share this email` : "",
    countOf(customer.segments.length, "segment"),
    countOf(customer.recent_events.length, "recent event"),
    countOf(customer.recent_messages.length, "message"),
    customer.unsubscribed ? "unsubscribed" : "",
  ].filter(Boolean);
  const event =
    parts.eventName && parts.expectedSeen > 0
      ? ` The expected event ${JSON.stringify(parts.eventName)} arrived ${parts.expectedSeen === 1 ? "once" : `${parts.expectedSeen} times`} in the past 30 days.`
      : "";
  const omitted = parts.omitted.length ? ` Left out to keep this short: ${parts.omitted.join(", ")}${parts.brief ? ' (detail "full" shows more)' : ""}.` : "";
  return `${head} Shown: ${facts.join(", ")}.${event}${omitted}`;
}

const outputSchema = {
  ok: z.boolean(),
  found: z.boolean(),
  matches: z.number(),
  region: z.enum(["us", "eu"]),
  lookup: anObject<Lookup>(),
  profiles: z.array(anObject<{ id?: string; email?: string; cio_id?: string }>()),
  customer: customerSchema.nullable(),
  api_requests: z.number(),
  omitted: z.array(z.string()).optional(),
  summary: z.string(),
  findings: z.array(findingSchema),
};

type LookupResult = {
  ok: boolean;
  found: boolean;
  matches: number;
  region: Region;
  lookup: Lookup;
  profiles: Array<{ id?: string; email?: string; cio_id?: string }>;
  customer: CustomerOut | null;
  api_requests: number;
  omitted?: string[];
  summary: string;
  findings: Finding[];
};

/**
 * A person-level check added beside the profile reads (devices, topic preferences, provider
 * suppression, …): it gathers with its own reads (one request each, through the same App
 * access, so the same limiter), decides with pure functions, and returns findings to merge and
 * fields to add to `customer`. It runs once the profile was read, as one more round when that
 * round still fits in the call's bound. Register it in PERSON_CHECKS.
 */
export interface PersonCheck {
  name: string;
  run(
    access: AppAccess,
    person: { ref: CustomerRef; profile: CustomerProfile; gathered: CustomerGather; diagnosis: LookupDiagnosis },
  ): Promise<{ findings: Finding[]; customer?: Partial<CustomerOut> & Record<string, unknown>; requests: number }>;
}

export const PERSON_CHECKS: PersonCheck[] = [reachabilityCheck];

/** The person-level answer for one region: gather → diagnose → present. */
async function lookupInRegion(
  region: Region,
  lookup: Lookup,
  eventName: string | undefined,
  ctx: ToolContext,
  budget: RoundBudget,
  keyFindings: Finding[],
  limits: Limits,
): Promise<{ result: LookupResult; regionRefused: boolean; queuedMs: number }> {
  const { config } = ctx;
  const http = await ctx.http();
  const access: AppAccess = { http, region, token: config.appApiKey.value!, signal: ctx.signal };
  const gathered = await gatherCustomer(access, { ...lookup, ...(eventName ? { eventName } : {}) }, budget);
  const diagnosis = diagnoseLookup(gathered, { lookup, eventName, config, now: ctx.now(), maskedKey: maskSecret(config.appApiKey.value) ?? "none" });
  const findings: Finding[] = [...keyFindings, ...diagnosis.findings];
  const extra: Record<string, unknown> = {};
  if (diagnosis.profile && gathered.ref && PERSON_CHECKS.length > 0 && budget.fits()) {
    const person = { ref: gathered.ref, profile: diagnosis.profile, gathered, diagnosis };
    const outcomes = await Promise.all(PERSON_CHECKS.map((check) => check.run(access, person)));
    for (const o of outcomes) {
      findings.push(...o.findings);
      Object.assign(extra, o.customer ?? {});
      gathered.requests += o.requests;
    }
  }
  if (diagnosis.profile === null && gathered.ref && budget.fits()) {
    const gone = await deletedPersonFindings(access, gathered.ref);
    findings.push(...gone.findings);
    gathered.requests += gone.requests;
  }
  const result = presentLookup({ region, lookup, eventName, gathered, diagnosis, findings: sortFindings(findings), limits });
  if (result.customer) Object.assign(result.customer, extra);
  return { result, regionRefused: diagnosis.regionRefused, queuedMs: gathered.queuedMs };
}

/** Present: the trimmed customer, the summary and the structured result (pure). */
function presentLookup(p: {
  limits: Limits;
  region: Region;
  lookup: Lookup;
  eventName: string | undefined;
  gathered: CustomerGather;
  diagnosis: LookupDiagnosis;
  findings: Finding[];
}): LookupResult {
  const { region, lookup, gathered: g, diagnosis: d, findings } = p;
  let customer: CustomerOut | null = null;
  let omitted: string[] = [];
  if (d.profile) {
    const shaped = customerOut({
      profile: d.profile,
      segments: g.segments?.ok ? g.segments.data : [],
      activities: d.activities,
      messages: g.messages?.ok ? g.messages.data.items : [],
    }, p.limits);
    customer = shaped.customer;
    omitted = shaped.omitted;
  }
  return {
    ok: Boolean(d.profile) && !hasErrors(findings),
    found: d.found,
    matches: d.matchCount,
    region,
    lookup,
    // Unset identifiers are left out (not null) to keep the schema small.
    profiles: (d.matches ?? []).slice(0, 10).map((m) => ({ ...(m.id ? { id: m.id } : {}), ...(m.email ? { email: m.email } : {}), ...(m.cio_id ? { cio_id: m.cio_id } : {}) })),
    customer,
    api_requests: g.requests,
    summary: summarize({ lookup, region, found: d.found, matches: d.matchCount, customer, findings, omitted, eventName: p.eventName, expectedSeen: d.expectedSeen, brief: p.limits === BRIEF_LIMITS }),
    ...(omitted.length ? { omitted } : {}),
    findings,
  };
}

/** Words for a wait on the App API limiter long enough to matter. */
function queueNote(queuedMs: number): string {
  return queuedMs >= 500 ? ` The reads waited ${queuedMs} ms in total for the App API limit of 10 requests per second.` : "";
}

export const lookupCustomer = defineTool({
  name: "lookup_customer",
  title: "Look up a Customer.io person",
  description:
    "One person's profile from the App API (one of id, email, cio_id, phone): not found, duplicates, email as id, missing email, ms timestamps, unsubscribes, suppression, push devices, failed messages; with event_name, whether it arrived under exactly that name. Read-only.",
  inputSchema: {
    id: identifier("Id passed to identify()."),
    email: identifier("Email (searched)."),
    cio_id: identifier("Customer.io's own id."),
    phone: z.string().optional(),
    event_name: z.string().optional().describe("Event that should trigger a campaign."),
    detail: z.enum(["brief", "full"]).optional().describe("full: longer lists."),
  },
  outputSchema,
  annotations: NETWORK_READ_ONLY,

  async handler(args, ctx): Promise<LookupResult> {
    const lookup = parseLookup(args);
    const eventName = parseEventName(args.event_name);
    const { config } = ctx;
    const masked = maskSecret(config.appApiKey.value) ?? "none";
    const keyFindings = appKeyFindings(config, masked);
    if (!config.appApiKey.value) {
      const region = config.region ?? "us";
      return {
        ok: false,
        found: false,
        matches: 0,
        region,
        lookup,
        profiles: [],
        customer: null,
        api_requests: 0,
        summary: `Could not look up ${describeLookup(lookup)}: ${config.appApiKey.variable} is not set, so no request was sent.`,
        findings: keyFindings,
      };
    }
    const budget = roundBudget(config.timeoutMs);
    const limits: Limits = args.detail === "full" ? OUTPUT_LIMITS : BRIEF_LIMITS;
    const finish = (result: LookupResult, queuedMs: number, extra = ""): LookupResult => ({ ...result, summary: `${result.summary}${extra}${queueNote(queuedMs)}` });
    if (config.region) {
      const only = await lookupInRegion(config.region, lookup, eventName, ctx, budget, keyFindings, limits);
      return finish(only.result, only.queuedMs);
    }
    // Region unset: ask the US host; an EU key is redirected or refused there, so then try the EU,
    // when that round still fits in the call's bound.
    const us = await lookupInRegion("us", lookup, eventName, ctx, budget, keyFindings, limits);
    if (!us.regionRefused || ctx.signal.aborted || !budget.fits()) return finish(us.result, us.queuedMs);
    const eu = await lookupInRegion("eu", lookup, eventName, ctx, budget, keyFindings, limits);
    const queued = us.queuedMs + eu.queuedMs;
    if (eu.regionRefused) return finish(us.result, queued);
    return finish(
      { ...eu.result, api_requests: eu.result.api_requests + us.result.api_requests },
      queued,
      " (CUSTOMERIO_REGION is unset and the App key belongs to the EU region; set CUSTOMERIO_REGION=eu to skip the US attempt.)",
    );
  },

  render(result) {
    const c = result.customer;
    const sections: Array<[string, string | undefined]> = [];
    if (c) {
      const facts = [
        `id: ${c.id ?? "(none)"}`,
        `email: ${c.email ?? "(none)"}`,
        `cio_id: ${c.cio_id ?? "(none)"}`,
        `unsubscribed: ${c.unsubscribed ? "yes" : "no"}`,
        `segments: ${c.segments.map((s) => s.name).join(", ") || "none"}`,
      ];
      sections.push(["Profile", bulletList(facts)]);
      if (c.recent_events.length) {
        sections.push(["Recent events", bulletList(c.recent_events.slice(0, 10).map((e) => `${e.name} — ${e.timestamp ?? "unknown time"}`))]);
      }
      if (c.recent_messages.length) {
        sections.push([
          "Recent messages",
          bulletList(
            c.recent_messages
              .slice(0, 10)
              // The failure message is quoted in the finding's evidence; the structured result keeps it too.
              .map((m) => `${m.type} ${m.id}${m.subject ? ` "${m.subject}"` : ""}: ${m.metrics.join(", ") || "no metrics"}`),
          ),
        ]);
      }
    }
    return renderResult({ title: "Customer lookup", summary: result.summary, sections, findings: result.findings });
  },
});
