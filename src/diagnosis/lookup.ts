/**
 * Diagnose for lookup_customer (pure): what the reads gathered in
 * `src/cio/customer-lookup.ts` say. Profile facts (identity, timestamps,
 * subscription, deliveries, events) are decided by `findingsForProfile` in
 * `./profile.ts`; this module adds what the requests themselves say (failed
 * reads, a region redirect, rounds cut short by the time bound).
 */
import type { Config, Region } from "../config.js";
import { sortFindings, type Finding } from "../findings.js";
import type { CustomerGather } from "../cio/customer-lookup.js";
import type { AppFailure, AppResult, CustomerActivity, CustomerMatch, CustomerProfile, IdType } from "../cio/customers.js";
import { otherRegion } from "./credentials.js";
import { findingsForProfile } from "./profile.js";

export interface LookupContext {
  lookup: { by: IdType; value: string };
  eventName: string | undefined;
  config: Config;
  now: Date;
  /** Masked App key, for evidence. */
  maskedKey: string;
}

export interface LookupDiagnosis {
  findings: Finding[];
  /** The profile read; null: the person does not exist; undefined: it could not be read. */
  profile: CustomerProfile | null | undefined;
  matches: CustomerMatch[] | undefined;
  found: boolean;
  matchCount: number;
  /** Recent activities and the expected-event reads, merged. */
  activities: CustomerActivity[];
  /** How often the expected event arrived under exactly its name. */
  expectedSeen: number;
  /** Nothing was found and the key was refused or redirected: the other region may hold it. */
  regionRefused: boolean;
}

/** Findings for the App key configuration alone: missing (stops the lookup) or malformed. */
export function appKeyFindings(config: Config, maskedKey: string): Finding[] {
  const key = config.appApiKey;
  if (!key.value) {
    return [
      {
        code: "missing_credentials",
        severity: "error",
        message: `${key.variable} is not set: looking people up needs an App API key.`,
        fix: `Create an App API key under Account Settings > API Credentials > App API Keys and set ${key.variable} in the MCP server's environment (never as a tool argument), then restart the server.`,
        evidence: `${key.variable} is unset or empty`,
      },
    ];
  }
  if (!key.problem) return [];
  return [
    {
      code: "malformed_credentials",
      severity: "warning",
      message: `${key.variable} ${key.problem}; it was cleaned up for this lookup, but your app may send it as is and fail with 401.`,
      fix: `Remove the stray characters from ${key.variable} (and from the same value wherever your app reads it).`,
      evidence: `key ${maskedKey}`,
    },
  ];
}

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

function failureText(code: string, config: Config, region: Region, daily: boolean): { message: string; fix: string } {
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
      // App spec responses/429: Retry-After "is present when you are rate limited by a per-second limit.
      // If you hit a daily quota, this header is not set."
      return daily
        ? {
            message: "The App API answered 429 without Retry-After: a daily quota of this key is used up, not the per-second limit.",
            fix: "Retrying today will not help: wait until the quota resets (the next day), and move bulk reads to exports.",
          }
        : {
            message: "The App API answered 429: this key is over its limit of 10 requests per second.",
            fix: "Wait the Retry-After seconds and look the person up again; other jobs using the same App API key share the limit.",
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
export function failureFindings(
  failures: ReadonlyArray<{ failure: AppFailure; blocking: boolean }>,
  config: Config,
  region: Region,
  maskedKey: string,
): Finding[] {
  const byCode = new Map<string, Array<{ failure: AppFailure; blocking: boolean }>>();
  for (const f of failures) {
    const code = KIND_TO_CODE[f.failure.kind];
    byCode.set(code, [...(byCode.get(code) ?? []), f]);
  }
  const out: Finding[] = [];
  for (const [code, list] of byCode) {
    const daily = code === "rate_limited" && list.every((f) => f.failure.dailyQuota === true);
    const { message, fix } = failureText(code, config, region, daily);
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
      evidence: `${[...new Set(parts)].slice(0, 4).join("; ")}; region ${region}, key ${maskedKey}`,
    });
  }
  return out;
}

/** A followed redirect to the other region's host still answers, but says where the workspace lives. */
export function redirectFinding(results: ReadonlyArray<AppResult<unknown> | undefined>, region: Region, config: Config): Finding[] {
  for (const r of results) {
    if (!r?.ok) continue;
    const { url, finalUrl } = r.response;
    try {
      if (new URL(url).host !== new URL(finalUrl).host) {
        const { fix } = failureText("region_mismatch", config, region, false);
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

function skippedFindings(g: CustomerGather, config: Config): Finding[] {
  if (g.skipped.length === 0) return [];
  const what = g.skipped.includes("search") ? "the email search" : "the profile reads";
  return [
    {
      code: "timeout",
      severity: "error",
      message: `Earlier App API answers were too slow to start ${what} within this call's bound (2 × ${config.timeoutMs} ms).`,
      fix: "Retry; if answers stay slow, check check_status_page, your network or proxy, or raise CUSTOMERIO_TIMEOUT_MS.",
      evidence: `not started: ${g.skipped.join(", ")}; ${g.requests} request${g.requests === 1 ? "" : "s"} made in the ${g.region} region`,
    },
  ];
}

export function diagnoseLookup(g: CustomerGather, c: LookupContext): LookupDiagnosis {
  const { config } = c;
  const region = g.region;
  const findings: Finding[] = [...skippedFindings(g, config)];
  const failures: Array<{ failure: AppFailure; blocking: boolean }> = [];

  let matches: CustomerMatch[] | undefined;
  if (g.search) {
    if (!g.search.ok) failures.push({ failure: g.search.failure, blocking: true });
    else matches = g.search.data;
  }

  let profile: CustomerProfile | null | undefined;
  if (matches && matches.length === 0) profile = null;
  else if (g.attributes?.ok) profile = g.attributes.data;
  else if (g.attributes && g.attributes.failure.kind === "not_found") profile = null;
  else if (g.attributes) failures.push({ failure: g.attributes.failure, blocking: true });

  if (profile) {
    for (const r of [g.segments, g.activities, g.messages, g.expectedEvents]) if (r && !r.ok) failures.push({ failure: r.failure, blocking: false });
  }

  const activities = g.activities?.ok ? g.activities.data.items : undefined;
  const expectedEvents = g.expectedEvents?.ok ? g.expectedEvents.data.items : undefined;
  // The profile checks run once something about the person was read (or the search found no one).
  if (g.attributes !== undefined || (matches !== undefined && matches.length === 0)) {
    findings.push(
      ...findingsForProfile(
        {
          lookup: c.lookup,
          region,
          ...(matches ? { matches } : {}),
          profile,
          ...(activities ? { activities, activitiesTruncated: g.activities?.ok === true && g.activities.data.next !== null } : {}),
          ...(expectedEvents ? { expectedEvents } : {}),
          ...(g.messages?.ok ? { messages: g.messages.data.items } : {}),
        },
        { eventName: c.eventName, now: c.now },
      ),
    );
  }
  findings.push(...failureFindings(failures, config, region, c.maskedKey));
  findings.push(...redirectFinding([g.search, g.attributes, g.segments, g.activities, g.messages], region, config));
  const sorted = sortFindings(findings);

  const found = profile ? true : profile === undefined && matches !== undefined && matches.length > 0;
  const merged = [...(activities ?? []), ...(expectedEvents ?? [])];
  const expectedSeen = c.eventName
    ? new Set(merged.filter((a) => a.type === "event" && a.name?.trim() === c.eventName).map((a) => a.id ?? `${a.timestamp}`)).size
    : 0;
  return {
    findings: sorted,
    profile,
    matches,
    found,
    matchCount: matches ? matches.length : profile ? 1 : 0,
    activities: merged,
    expectedSeen,
    regionRefused: !found && sorted.some((f) => f.code === "region_mismatch" || f.code === "invalid_credentials"),
  };
}
