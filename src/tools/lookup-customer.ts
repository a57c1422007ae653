/**
 * lookup_customer: reads one person's profile, segments, recent activity and
 * messages through the App API (GET only) and says why messages or a
 * campaign trigger may not reach them.
 */
import { z } from "zod";
import type { Config, Region } from "../config.js";
import { UserInputError } from "../errors.js";
import { findingSchema, hasErrors, sortFindings, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import {
  getCustomerActivities,
  getCustomerAttributes,
  getCustomerMessages,
  getCustomerSegments,
  searchCustomersByEmail,
  type AppAccess,
  type AppFailure,
  type AppResult,
  type CustomerActivity,
  type CustomerMatch,
  type CustomerMessage,
  type CustomerProfile,
  type CustomerRef,
  type CustomerSegment,
  type IdType,
} from "../cio/customers.js";
import { otherRegion } from "../diagnosis/credentials.js";
import { findingsForProfile, isoFromUnix, recentEvents, selectAttributes } from "../diagnosis/profile.js";
import { defineTool, NETWORK_READ_ONLY, type ToolContext } from "./define.js";
import { bulletList, renderResult } from "./render.js";

export const MAX_IDENTIFIER_LENGTH = 512;
export const OUTPUT_LIMITS = { attributes: 40, attributeValue: 200, segments: 25, events: 25, messages: 20 } as const;
/** One page of activity: the documented maximum. */
const ACTIVITY_PAGE = 100;
const MESSAGE_PAGE = 50;

const identifier = (what: string) =>
  z
    .string()
    .max(MAX_IDENTIFIER_LENGTH)
    .optional()
    .describe(`${what} Give exactly one of id, email, cio_id.`);

const messageSchema = z.object({
  id: z.string(),
  type: z.string(),
  subject: z.string().optional(),
  campaign_id: z.union([z.number(), z.string()]).optional(),
  metrics: z.array(z.string()).describe("Metric names that happened, e.g. sent, delivered, bounced."),
  failure_message: z.string().optional(),
  created: z.string().nullable().optional(),
});

const customerSchema = z.object({
  id: z.string().nullable(),
  email: z.string().nullable(),
  cio_id: z.string().nullable(),
  unsubscribed: z.boolean(),
  attributes: z.record(z.string(), z.string()),
  attributes_omitted: z.number().min(0),
  segments: z.array(z.object({ id: z.union([z.number(), z.string()]), name: z.string() })),
  recent_events: z.array(z.object({ name: z.string(), timestamp: z.string().nullable() })),
  recent_messages: z.array(messageSchema),
});

type CustomerOut = z.infer<typeof customerSchema>;
type MessageOut = z.infer<typeof messageSchema>;

interface Lookup {
  by: IdType;
  value: string;
}

/** Exactly one identifier, trimmed and bounded; anything else is a usage error. */
/** Half of a UTF-16 surrogate pair: not text, and it cannot be put in a URL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseLookup(args: { id?: unknown; email?: unknown; cio_id?: unknown }): Lookup {
  const given: Lookup[] = [];
  for (const by of ["id", "email", "cio_id"] as const) {
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
    throw new UserInputError(`Give exactly one of id, email or cio_id (${which}).`);
  }
  const lookup = given[0]!;
  if (lookup.by === "email" && !/^[^\s@]+@[^\s@]+$/.test(lookup.value)) {
    throw new UserInputError("email must be an address like name@example.com; to look a person up by their id, use id.");
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

// ---- request failures → findings ----

const KIND_TO_CODE: Record<AppFailure["kind"], string> = {
  not_found: "upstream_error",
  invalid_credentials: "invalid_credentials",
  forbidden: "forbidden",
  region_mismatch: "region_mismatch",
  rate_limited: "rate_limited",
  bad_request: "upstream_error",
  upstream_error: "upstream_error",
  unexpected_response: "upstream_error",
  timeout: "timeout",
  network_error: "network_error",
  // Our own deadline (or the client) stopped the request: it ran out of time.
  cancelled: "timeout",
};

function failureText(code: string, config: Config, region: Region): { message: string; fix: string } {
  const keyVar = config.appApiKey.variable;
  const other = otherRegion(region);
  const regionHint = config.region ? "" : ` If the workspace is in the ${other.toUpperCase()} region, set CUSTOMERIO_REGION=${other}.`;
  switch (code) {
    case "invalid_credentials":
      return {
        message: `The App API rejected ${keyVar} (401), so the person could not be read.`,
        fix: `Put an App API key in ${keyVar} (Account Settings > API Credentials > App API Keys), not a Track API key; check that it belongs to this workspace and that its IP allowlist admits this machine.${regionHint}`,
      };
    case "forbidden":
      return {
        message: `The App API refused the request (403): ${keyVar} may lack access to people data, or this machine's IP is not on the key's allowlist.`,
        fix: "Check the key's scope and IP allowlist under Account Settings > API Credentials, or create an App API key with access to people.",
      };
    case "region_mismatch":
      return {
        message: `The ${region.toUpperCase()} App API host redirected the request to another data center: this workspace lives in the ${other.toUpperCase()} region.`,
        fix: `Set CUSTOMERIO_REGION=${other} (and use the ${other.toUpperCase()} hosts, e.g. ${other === "eu" ? "api-eu.customer.io and track-eu.customer.io" : "api.customer.io and track.customer.io"}, in your app).`,
      };
    case "rate_limited":
      return {
        message: "The App API answered 429: this key is over its limit of 10 requests per second.",
        fix: "Wait a few seconds and look the person up again; other jobs using the same App API key share the limit.",
      };
    case "timeout":
      return {
        message: `The App API did not answer within CUSTOMERIO_TIMEOUT_MS (${config.timeoutMs} ms).`,
        fix: "Retry; if it persists, check check_status_page for an incident, your network or proxy, or raise CUSTOMERIO_TIMEOUT_MS.",
      };
    case "network_error":
      return {
        message: "The App API host could not be reached (connection failed).",
        fix: "Check DNS, firewall and proxy settings (and any CUSTOMERIO_APP_URL_* override), then retry.",
      };
    default:
      return {
        message: "The App API answered with an error or an unexpected body.",
        fix: "Retry shortly; run check_status_page to see whether Customer.io reports an incident.",
      };
  }
}

/** One finding per failure code; `error` when the profile itself could not be read. */
function failureFindings(
  failures: ReadonlyArray<{ failure: AppFailure; blocking: boolean }>,
  config: Config,
  region: Region,
): Finding[] {
  const byCode = new Map<string, Array<{ failure: AppFailure; blocking: boolean }>>();
  for (const f of failures) {
    const code = KIND_TO_CODE[f.failure.kind];
    byCode.set(code, [...(byCode.get(code) ?? []), f]);
  }
  const key = maskSecret(config.appApiKey.value) ?? "none";
  const out: Finding[] = [];
  for (const [code, list] of byCode) {
    const { message, fix } = failureText(code, config, region);
    const blocking = list.some((f) => f.blocking);
    const parts = list.map(({ failure: f }) => {
      const extra = [f.retryAfter ? `Retry-After ${f.retryAfter}` : "", f.redirectTo ? `redirect to ${f.redirectTo}` : ""].filter(Boolean).join(", ");
      return `${f.endpoint} → ${f.detail}${extra ? ` (${extra})` : ""}`;
    });
    out.push({
      code,
      severity: blocking ? "error" : "warning",
      message: blocking ? message : `${message} Part of the profile (${list.map((f) => f.failure.endpoint.split("/").pop()).join(", ")}) is missing below.`,
      fix,
      evidence: `${[...new Set(parts)].slice(0, 4).join("; ")}; region ${region}, key ${key}`,
    });
  }
  return out;
}

/** A followed redirect to the other region's host still answers, but says where the workspace lives. */
function redirectFinding(results: ReadonlyArray<AppResult<unknown> | undefined>, region: Region, config: Config): Finding[] {
  for (const r of results) {
    if (!r?.ok) continue;
    const { url, finalUrl } = r.response;
    try {
      if (new URL(url).host !== new URL(finalUrl).host) {
        const { fix } = failureText("region_mismatch", config, region);
        return [
          {
            code: "region_mismatch",
            severity: "warning",
            message: `Requests to the ${region.toUpperCase()} App API host are redirected to ${new URL(finalUrl).host}: the workspace lives in the other region, and every call pays a detour.`,
            fix,
            evidence: `${new URL(url).host} → ${new URL(finalUrl).host}`,
          },
        ];
      }
    } catch {
      /* unparsable URL: nothing to say */
    }
  }
  return [];
}

// ---- output shaping ----

function messageOut(m: CustomerMessage): MessageOut {
  return {
    id: m.id,
    type: m.type ?? "unknown",
    ...(m.subject ? { subject: m.subject.slice(0, OUTPUT_LIMITS.attributeValue) } : {}),
    ...(m.campaignId !== null ? { campaign_id: m.campaignId } : {}),
    metrics: Object.keys(m.metrics).filter((k) => !/^(human_|prefetch_)/.test(k)).slice(0, 20),
    ...(m.failureMessage ? { failure_message: m.failureMessage } : {}),
    created: isoFromUnix(m.created),
  };
}

function segmentOut(s: CustomerSegment): { id: number | string; name: string } {
  return { id: s.id, name: s.name.slice(0, OUTPUT_LIMITS.attributeValue) };
}

interface Gathered {
  profile: CustomerProfile;
  segments: CustomerSegment[];
  activities: CustomerActivity[];
  messages: CustomerMessage[];
}

function customerOut(g: Gathered): { customer: CustomerOut; omitted: string[] } {
  const attrs = selectAttributes(g.profile.attributes, OUTPUT_LIMITS.attributes, OUTPUT_LIMITS.attributeValue);
  const events = recentEvents(g.activities, OUTPUT_LIMITS.events);
  const messages = [...g.messages].sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  const omitted: string[] = [];
  if (attrs.omitted) omitted.push(`${attrs.omitted} of ${Object.keys(g.profile.attributes).length} attributes`);
  if (g.segments.length > OUTPUT_LIMITS.segments) omitted.push(`${g.segments.length - OUTPUT_LIMITS.segments} segments`);
  if (events.omitted) omitted.push(`${events.omitted} older events`);
  if (messages.length > OUTPUT_LIMITS.messages) omitted.push(`${messages.length - OUTPUT_LIMITS.messages} older messages`);
  const p = g.profile;
  return {
    customer: {
      id: p.id,
      email: p.email ?? p.attributes.email ?? null,
      cio_id: p.cio_id,
      unsubscribed: p.unsubscribed,
      attributes: attrs.attributes,
      attributes_omitted: attrs.omitted,
      segments: g.segments.slice(0, OUTPUT_LIMITS.segments).map(segmentOut),
      recent_events: events.events,
      recent_messages: messages.slice(0, OUTPUT_LIMITS.messages).map(messageOut),
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
}): string {
  const { lookup, region, customer, findings } = parts;
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const where = `the ${region.toUpperCase()} workspace`;
  if (!parts.found || !customer) {
    const first = errors[0] ?? findings[0];
    if (parts.found) return `Found ${describeLookup(lookup)} in ${where}, but the profile could not be read: ${first?.message ?? "no details"} ${first?.fix ?? ""}`.trim();
    if (first && first.code !== "not_found") return `Could not look up ${describeLookup(lookup)}: ${first.message} ${first.fix ?? ""}`.trim();
    return `No person with ${describeLookup(lookup)} exists in ${where}. ${first?.fix ?? ""}`.trim();
  }
  const who = `${customer.id ? `id ${JSON.stringify(customer.id)}` : `cio_id ${customer.cio_id}`}${customer.email ? ` (${customer.email})` : ""}`;
  const head =
    errors.length > 0
      ? `Found ${who} in ${where}; ${errors.length === 1 ? "1 problem" : `${errors.length} problems`} can keep messages or campaigns from reaching them: ${errors.map((f) => f.message).slice(0, 2).join(" ")}`
      : warnings.length > 0
        ? `Found ${who} in ${where}; no blocking problem, but ${warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}: ${warnings.map((f) => f.message).slice(0, 2).join(" ")}`
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
  const omitted = parts.omitted.length ? ` Left out to keep this short: ${parts.omitted.join(", ")}.` : "";
  return `${head} Shown: ${facts.join(", ")}.${event}${omitted}`;
}

const outputSchema = {
  ok: z.boolean().describe("True when the person was found and no finding is an error."),
  found: z.boolean(),
  matches: z.number().min(0).describe("Profiles found for the email (1 or 0 for id and cio_id lookups)."),
  region: z.enum(["us", "eu"]),
  lookup: z.object({ by: z.enum(["id", "email", "cio_id"]), value: z.string() }),
  profiles: z
    .array(z.object({ id: z.string().nullable(), email: z.string().nullable(), cio_id: z.string().nullable() }))
    .describe("The profiles an email search returned (first 10)."),
  customer: customerSchema.nullable(),
  api_requests: z.number().min(0).describe("App API requests made."),
  summary: z.string(),
  findings: z.array(findingSchema),
};

type LookupResult = {
  ok: boolean;
  found: boolean;
  matches: number;
  region: Region;
  lookup: Lookup;
  profiles: CustomerMatch[];
  customer: CustomerOut | null;
  api_requests: number;
  summary: string;
  findings: Finding[];
};

/** One lookup against one region's App API host. */
async function lookupInRegion(
  region: Region,
  lookup: ReturnType<typeof parseLookup>,
  eventName: ReturnType<typeof parseEventName>,
  ctx: ToolContext,
): Promise<LookupResult> {
    const { config } = ctx;
    const key = config.appApiKey;
    const findings: Finding[] = [];
    const base = { region, lookup, profiles: [] as CustomerMatch[], customer: null, api_requests: 0 };

    if (!key.value) {
      findings.push({
        code: "missing_credentials",
        severity: "error",
        message: `${key.variable} is not set: looking people up needs an App API key.`,
        fix: `Create an App API key under Account Settings > API Credentials > App API Keys and set ${key.variable} in the MCP server's environment (never as a tool argument), then restart the server.`,
        evidence: `${key.variable} is unset or empty`,
      });
      return {
        ...base,
        ok: false,
        found: false,
        matches: 0,
        summary: `Could not look up ${describeLookup(lookup)}: ${key.variable} is not set. ${findings[0]!.fix}`,
        findings,
      };
    }
    if (key.problem) {
      findings.push({
        code: "malformed_credentials",
        severity: "warning",
        message: `${key.variable} ${key.problem}; it was cleaned up for this lookup, but your app may send it as is and fail with 401.`,
        fix: `Remove the stray characters from ${key.variable} (and from the same value wherever your app reads it).`,
        evidence: `key ${maskSecret(key.value) ?? "…"}`,
      });
    }

    const http = await ctx.http();
    const access: AppAccess = { http, region, token: key.value, signal: ctx.signal };
    let requests = 0;
    const counted = <T>(p: Promise<T>): Promise<T> => {
      requests++;
      return p;
    };

    let matches: CustomerMatch[] | undefined;
    let ref: CustomerRef;
    if (lookup.by === "email") {
      const search = await counted(searchCustomersByEmail(access, lookup.value));
      // Nobody to read further: the search failed or found no one.
      const notFound = (): LookupResult => {
        const sorted = sortFindings(findings);
        return {
          ...base,
          ok: false,
          found: false,
          matches: 0,
          api_requests: requests,
          summary: summarize({ lookup, region, found: false, matches: 0, customer: null, findings: sorted, omitted: [], eventName, expectedSeen: 0 }),
          findings: sorted,
        };
      };
      if (!search.ok) {
        findings.push(...failureFindings([{ failure: search.failure, blocking: true }], config, region));
        return notFound();
      }
      matches = search.data;
      if (matches.length === 0) {
        findings.push(...findingsForProfile({ lookup, region, matches, profile: null }, { eventName, now: ctx.now() }));
        findings.push(...redirectFinding([search], region, config));
        return notFound();
      }
      const first = matches[0]!;
      // cio_id never changes and needs no workspace setting, so it is the safest handle.
      ref = first.cio_id
        ? { value: first.cio_id, idType: "cio_id" }
        : first.id
          ? { value: first.id, idType: "id" }
          : { value: lookup.value, idType: "email" };
    } else {
      ref = { value: lookup.value, idType: lookup.by };
    }

    // The per-person reads are independent: run them together to stay within one timeout.
    const [attrs, segs, acts, msgs, expected] = await Promise.all([
      counted(getCustomerAttributes(access, ref)),
      counted(getCustomerSegments(access, ref)),
      counted(getCustomerActivities(access, ref, { limit: ACTIVITY_PAGE })),
      counted(getCustomerMessages(access, ref, { limit: MESSAGE_PAGE })),
      eventName ? counted(getCustomerActivities(access, ref, { type: "event", name: eventName, limit: 25 })) : Promise.resolve(undefined),
    ]);

    const failures: Array<{ failure: AppFailure; blocking: boolean }> = [];
    let profile: CustomerProfile | null | undefined;
    if (attrs.ok) profile = attrs.data;
    else if (attrs.failure.kind === "not_found") profile = null;
    else failures.push({ failure: attrs.failure, blocking: true });

    if (profile !== null) {
      for (const r of [segs, acts, msgs, expected]) {
        if (r && !r.ok) failures.push({ failure: r.failure, blocking: false });
      }
    }
    const matchCount = matches ? matches.length : profile ? 1 : 0;
    const profiles = (matches ?? []).slice(0, 10);

    const activities = acts.ok ? acts.data.items : undefined;
    const expectedEvents = expected?.ok ? expected.data.items : undefined;
    findings.push(
      ...findingsForProfile(
        {
          lookup,
          region,
          ...(matches ? { matches } : {}),
          profile,
          ...(activities ? { activities, activitiesTruncated: acts.ok && acts.data.next !== null } : {}),
          ...(expectedEvents ? { expectedEvents } : {}),
          ...(msgs.ok ? { messages: msgs.data.items } : {}),
        },
        { eventName, now: ctx.now() },
      ),
    );
    findings.push(...failureFindings(failures, config, region));
    findings.push(...redirectFinding([attrs, segs, acts, msgs], region, config));
    const sorted = sortFindings(findings);

    let customer: CustomerOut | null = null;
    let omitted: string[] = [];
    if (profile) {
      const shaped = customerOut({
        profile,
        segments: segs.ok ? segs.data : [],
        activities: [...(activities ?? []), ...(expectedEvents ?? [])],
        messages: msgs.ok ? msgs.data.items : [],
      });
      customer = shaped.customer;
      omitted = shaped.omitted;
    }
    const found = profile ? true : profile === undefined && matches !== undefined && matches.length > 0;
    const expectedSeen = eventName
      ? new Set(
          [...(activities ?? []), ...(expectedEvents ?? [])]
            .filter((a) => a.type === "event" && a.name?.trim() === eventName)
            .map((a) => a.id ?? `${a.timestamp}`),
        ).size
      : 0;
    return {
      ...base,
      ok: Boolean(profile) && !hasErrors(sorted),
      found,
      matches: matchCount,
      profiles,
      customer,
      api_requests: requests,
      summary: summarize({ lookup, region, found, matches: matchCount, customer, findings: sorted, omitted, eventName, expectedSeen }),
      findings: sorted,
    };
}

export const lookupCustomer = defineTool({
  name: "lookup_customer",
  title: "Look up a Customer.io person",
  description:
    "Why did this person not get an email, or why did the campaign not trigger? Reads one person through the App API (read-only) by exactly one of id, email or cio_id, and diagnoses the profile: not found, duplicate profiles for one email, email used as id, missing email, millisecond timestamps, unsubscribed, bounced / spam / undeliverable / failed messages, failed activities, and — with event_name — whether that trigger event arrived in the past 30 days under exactly that name (case or separator variants, dynamic names, PII in names). Returns the profile trimmed to the useful parts (key attributes, segments, recent events and messages) plus findings with fixes. Needs CUSTOMERIO_APP_API_KEY (and CUSTOMERIO_REGION=eu for EU workspaces).",
  inputSchema: {
    id: identifier("The person's id: the identifier your app passes to identify()."),
    email: identifier("The person's email address (searched; several profiles may share it)."),
    cio_id: identifier("Customer.io's own immutable id for the person (shown on the profile page)."),
    event_name: z
      .string()
      .max(MAX_IDENTIFIER_LENGTH)
      .optional()
      .describe("The event that should have triggered a campaign, e.g. signed_up: checks that it arrived for this person with exactly this name."),
  },
  outputSchema,
  annotations: NETWORK_READ_ONLY,

  async handler(args, ctx): Promise<LookupResult> {
    const lookup = parseLookup(args);
    const eventName = parseEventName(args.event_name);
    if (ctx.config.region) return lookupInRegion(ctx.config.region, lookup, eventName, ctx);
    // Region unset: ask the US host; an EU key is redirected or refused there, so then try the EU.
    const us = await lookupInRegion("us", lookup, eventName, ctx);
    const wrongRegion = !us.found && us.findings.some((f) => f.code === "region_mismatch" || f.code === "invalid_credentials");
    if (!wrongRegion || ctx.signal.aborted) return us;
    const eu = await lookupInRegion("eu", lookup, eventName, ctx);
    const euRefused = !eu.found && eu.findings.some((f) => f.code === "region_mismatch" || f.code === "invalid_credentials");
    if (euRefused) return us;
    return {
      ...eu,
      api_requests: eu.api_requests + us.api_requests,
      summary: `${eu.summary} (CUSTOMERIO_REGION is unset and the App key belongs to the EU region; set CUSTOMERIO_REGION=eu to skip the US attempt.)`,
    };
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
              .map((m) => `${m.type} ${m.id}${m.subject ? ` "${m.subject}"` : ""}: ${m.metrics.join(", ") || "no metrics"}${m.failure_message ? ` — ${m.failure_message}` : ""}`),
          ),
        ]);
      }
    }
    return renderResult({ title: "Customer lookup", summary: result.summary, sections, findings: result.findings });
  },
});
