/**
 * Credential findings, without I/O: what the configuration alone says
 * (missing, malformed, the same key in both variables), and what one probe's
 * outcome says when it is not a plain success or 401.
 */
import type { Config, ConfigValue, Region } from "../config.js";
import { sortFindings, type Finding } from "../findings.js";
import type { CredentialEvidence, RegionProbe } from "../cio/credential-probe.js";
import type { CioResponse, ProbeOutcome } from "../cio/types.js";

export type { ProbeOutcome };

export type CredentialApi = "track" | "app";

const WHERE_KEYS = "Account Settings > API Credentials in Customer.io";

/** `missing_credentials` naming every unset variable, or undefined when all are set. */
export function missingCredentialsFinding(values: readonly ConfigValue[], purpose: string): Finding | undefined {
  const missing = values.filter((v) => v.value === undefined).map((v) => v.variable);
  if (missing.length === 0) return undefined;
  const list = missing.join(" and ");
  return {
    code: "missing_credentials",
    severity: "error",
    message: `${list} ${missing.length === 1 ? "is" : "are"} not set, so ${purpose} cannot be tested.`,
    fix: `Set ${list} in the environment of this MCP server (copy the values from ${WHERE_KEYS}), then restart it.`,
    evidence: `unset: ${list}`,
  };
}

/** One `malformed_credentials` finding per value with stray whitespace, quotes or line breaks. */
export function malformedCredentialFindings(values: readonly ConfigValue[]): Finding[] {
  return values
    .filter((v) => v.value !== undefined && v.problem !== undefined)
    .map((v) => ({
      code: "malformed_credentials",
      severity: "warning" as const,
      message: `${v.variable} ${v.problem}. The cleaned value was tested, but an app that sends the value as-is will be rejected.`,
      fix: `Set ${v.variable} to the bare value: no quotes, spaces or line breaks around it (check .env files and secret stores that add a trailing newline).`,
      evidence: `${v.variable}: ${v.problem}`,
    }));
}

/** True when the Track key and the App key variables hold the same value. */
export function sameKeyInBothVariables(config: Config): boolean {
  const track = config.trackApiKey.value;
  const app = config.appApiKey.value;
  return track !== undefined && app !== undefined && track === app;
}

/**
 * `wrong_key_type` for the same value in both key variables. `working` names
 * the side a probe already proved right, so the other one is the wrong one.
 */
export function sameKeyFinding(config: Config, working?: CredentialApi): Finding | undefined {
  if (!sameKeyInBothVariables(config)) return undefined;
  const track = config.trackApiKey.variable;
  const app = config.appApiKey.variable;
  let message = `${track} and ${app} hold the same value. Track API keys (Basic auth with the Site ID) and App API keys (Bearer) are different key types, so one of the two variables holds the wrong key.`;
  if (working === "track") message = `${app} holds the same value as ${track}, which works as a Track API key: the App API needs its own App API key (Bearer).`;
  if (working === "app") message = `${track} holds the same value as ${app}, which works as an App API key: the Track API needs a Track API key used with the Site ID.`;
  return {
    code: "wrong_key_type",
    // Once one side is proven to work, the problem belongs to the other tool's check.
    severity: working ? "warning" : "error",
    message,
    fix: `In ${WHERE_KEYS}, copy the Track API key (Tracking API Keys tab, next to its Site ID) into ${track} and an App API key (App API Keys tab) into ${app}.`,
    pitfall: 1,
    evidence: `${track} = ${app}`,
  };
}

/** Every finding the configuration alone gives for one API, before any request. */
export function credentialFindings(config: Config, api: CredentialApi): Finding[] {
  const values = api === "track" ? [config.siteId, config.trackApiKey] : [config.appApiKey];
  const findings: Finding[] = [];
  const missing = missingCredentialsFinding(values, api === "track" ? "the Track API credentials" : "the App API key");
  if (missing) findings.push(missing);
  findings.push(...malformedCredentialFindings(values));
  const same = sameKeyFinding(config);
  if (same) findings.push(same);
  return findings;
}

/** `wrong_key_type` proven by a probe: the key authenticated as the other key type. */
export function keyWorksAsOtherTypeFinding(config: Config, api: CredentialApi): Finding {
  const track = config.trackApiKey.variable;
  const app = config.appApiKey.variable;
  if (api === "track") {
    return {
      code: "wrong_key_type",
      severity: "error",
      message: `${track} holds an App API key: it is accepted as a Bearer token by the App API, but the Track API needs a Track API key with the Site ID.`,
      fix: `Copy the Track API key that belongs to your Site ID (${WHERE_KEYS}, Tracking API Keys) into ${track}; keep the App key in ${app}.`,
      pitfall: 1,
      evidence: `the ${track} value authenticated on GET /v1/workspaces`,
    };
  }
  return {
    code: "wrong_key_type",
    severity: "error",
    message: `${app} holds a Track API key: together with the Site ID it is accepted by the Track API, but the App API needs an App API key (Bearer).`,
    fix: `Create or copy an App API key (${WHERE_KEYS}, App API Keys) into ${app}; keep the Track key in ${track}.`,
    pitfall: 1,
    evidence: `the ${app} value authenticated on GET /api/v1/accounts/region with the Site ID`,
  };
}

/** Short description of a body for evidence: never its content, which may echo input. */
function bodyShape(response: CioResponse): string {
  const b = response.body;
  const kind = b.kind === "json" ? "JSON" : b.kind === "html" ? "an HTML page" : b.kind === "text" ? "plain text" : "an empty body";
  return `${kind}${response.truncated ? " cut at 1 MiB" : ""}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const API_NAME: Record<CredentialApi, string> = { track: "Track API", app: "App API" };

/**
 * The finding for an outcome that says nothing about the credentials
 * themselves: 403, 429, server errors, unusable bodies, no answer at all.
 * `unusable200` marks a 200 whose body is not the documented JSON.
 */
export function probeFailureFinding(api: CredentialApi, outcome: ProbeOutcome, timeoutMs: number): Finding {
  const name = API_NAME[api];
  if (outcome.kind === "error") {
    const { error } = outcome;
    const host = hostOf(error.url);
    if (error.kind === "timeout") {
      return {
        code: "timeout",
        severity: "error",
        message: `${host} did not answer within ${timeoutMs} ms, so the ${name} credentials could not be tested.`,
        fix: "Check that this machine can reach Customer.io (proxy, firewall, VPN), look at check_status_page for an outage, or raise CUSTOMERIO_TIMEOUT_MS.",
        evidence: `GET ${error.url}: no answer after ${error.latencyMs} ms`,
      };
    }
    return {
      code: "network_error",
      severity: "error",
      message: `Could not connect to ${host}${error.causeCode ? ` (${error.causeCode})` : ""}, so the ${name} credentials could not be tested.`,
      fix:
        error.causeCode === "ENOTFOUND"
          ? "The host name does not resolve: check DNS and any CUSTOMERIO_*_URL override."
          : "Check network access to Customer.io (proxy, firewall, VPN) and any CUSTOMERIO_*_URL override, then try again.",
      evidence: `GET ${error.url}: ${error.causeCode ?? "no response"}`,
    };
  }
  const r = outcome.response;
  const host = hostOf(r.url);
  if (r.status === 403) {
    return {
      code: "forbidden",
      severity: "error",
      message: `${host} answered 403 Forbidden: the request was understood but refused. The usual cause is an IP allow-list that does not include this machine's address${api === "app" ? ", or an App API key without the needed scope" : ""}.`,
      fix: `Check the IP allow-list under ${WHERE_KEYS} and add the address this server calls from${api === "app" ? ", or use a key with full or read access" : ""}.`,
      evidence: `GET ${r.url} → 403`,
    };
  }
  if (r.status === 429) {
    const retryAfter = r.headers["retry-after"];
    return {
      code: "rate_limited",
      severity: "warning",
      message: `${host} answered 429 Too Many Requests${r.attempts > 1 ? ` after ${r.attempts} attempts` : ""}: the account is over its rate limit right now, so the credentials could not be confirmed.`,
      fix: `Try again ${retryAfter ? `after ${retryAfter} seconds (Retry-After)` : "in a few seconds"}, and make the app queue and back off its calls (${api === "app" ? "the App API allows about 10 requests per second" : "the Track API limit is soft and may change"}).`,
      pitfall: 11,
      evidence: `GET ${r.url} → 429${retryAfter ? `, Retry-After: ${retryAfter}` : ""}`,
    };
  }
  if (r.status >= 500) {
    return {
      code: "upstream_error",
      severity: "error",
      message: `${host} answered ${r.status}${r.attempts > 1 ? ` on all ${r.attempts} attempts` : ""}: a problem on Customer.io's side (or a proxy in between), not with the credentials.`,
      fix: "Look at check_status_page for an incident and try again later; if it persists, contact Customer.io support with the time of the request.",
      evidence: `GET ${r.url} → ${r.status} with ${bodyShape(r)}`,
    };
  }
  if (r.blockedRedirect) {
    return {
      code: "upstream_error",
      severity: "error",
      message: `${host} answered ${r.status} with a redirect to ${hostOf(r.blockedRedirect)}, which is not a configured Customer.io host, so it was not followed.`,
      fix: "Check the CUSTOMERIO_*_URL overrides and any proxy in between.",
      evidence: `GET ${r.url} → ${r.status}, Location: ${r.blockedRedirect}`,
    };
  }
  return {
    code: "upstream_error",
    severity: "error",
    message:
      r.status >= 200 && r.status < 300
        ? `${host} answered ${r.status} but with ${bodyShape(r)} instead of the documented JSON: something between this machine and Customer.io (a proxy, captive portal or wrong URL override) answered instead.`
        : `${host} answered an unexpected ${r.status}: the ${name} did not accept or did not recognise the request.`,
    fix: "Check the CUSTOMERIO_*_URL overrides and any proxy in between, then try again.",
    evidence: `GET ${r.url} → ${r.status} with ${bodyShape(r)}`,
  };
}

/** Problems with the non-secret settings (region, timeout, URL overrides), as sentences. */
export function configurationNotes(config: Config): string[] {
  const notes: string[] = [];
  if (config.regionProblem) notes.push(config.regionProblem);
  if (config.timeoutProblem) notes.push(config.timeoutProblem);
  notes.push(...config.endpointProblems);
  return notes;
}

export type RegionSource = "argument" | "config";

/** `region_mismatch`: the workspace lives in `actual` but `expected` was configured or requested. */
export function regionMismatchFinding(
  api: CredentialApi,
  expected: "us" | "eu",
  actual: "us" | "eu",
  source: RegionSource,
  evidence: string,
): Finding {
  const REGION = { us: "a US", eu: "an EU" } as const;
  const setting = source === "config" ? `CUSTOMERIO_REGION is ${expected}` : `the ${expected} region was requested`;
  // Only what the specs and a recorded answer support: getRegion answers on either Track host
  // (Track spec), the US App host answers EU keys 301 "wrong datacenter" (customerio-node #134).
  const consequence =
    actual === "eu"
      ? api === "track"
        ? "Track calls for an EU workspace belong on track-eu.customer.io, and App API calls to the US host are answered 301 \"wrong datacenter\"."
        : "The US App API host answers EU keys with 301 \"wrong datacenter\", and clients that follow that redirect may drop the key and see 401."
      : "Calls for a US workspace belong on the US hosts (track.customer.io, api.customer.io); an SDK set to the EU region sends them to the wrong data center.";
  return {
    code: "region_mismatch",
    severity: "error",
    message: `${api === "track" ? "The Track credentials belong" : "The App API key belongs"} to ${REGION[actual]} workspace, but ${setting}. ${consequence}`,
    fix:
      actual === "eu"
        ? "Set CUSTOMERIO_REGION=eu, and configure the app's SDK for the EU region (RegionEU: track-eu.customer.io and api-eu.customer.io)."
        : "Set CUSTOMERIO_REGION=us (or unset it), and configure the app's SDK for the US region (RegionUS: track.customer.io and api.customer.io).",
    evidence,
  };
}

/**
 * A 401 from a credential check: invalid_credentials, plus a warning when the
 * other region's host could not be asked (so the region is still unknown).
 */
export function rejectedCredentialFindings(
  api: "track" | "app",
  rejection: { message: string; fix: string; evidence: string },
  second: ProbeOutcome | undefined,
  bothRejected: boolean,
  timeoutMs: number,
): Finding[] {
  const out: Finding[] = [{ code: "invalid_credentials", severity: "error", ...rejection }];
  if (second && !bothRejected) {
    const failure = probeFailureFinding(api, second, timeoutMs);
    out.push({ ...failure, severity: "warning", message: `The other region could not be checked: ${failure.message}` });
  }
  return out;
}

export const REGION_NAME: Record<Region, string> = { us: "US", eu: "EU" };

export function otherRegion(region: Region): Region {
  return region === "us" ? "eu" : "us";
}

/** A probe's answer in a word: its HTTP status, or why there was none. */
export function describeOutcome(outcome: ProbeOutcome): string {
  return outcome.kind === "response" ? String(outcome.response.status) : outcome.error.kind;
}

/** Appends configuration notes (an invalid region or timeout) to a summary. */
export function withNotes(summary: string, notes: string[]): string {
  return notes.length ? `${summary} Note: ${notes.join("; ")}.` : summary;
}

// ---- one credential check for both APIs: diagnose (pure) ----

/** What one API's check needs to decide, without I/O. */
export interface CredentialDecider<A> {
  api: CredentialApi;
  /** A success: what it proves (at least the region), or undefined when the answer is not one. */
  accepted(probe: RegionProbe): (A & { region: Region }) | undefined;
  /** The App API's "wrong datacenter" answer (the key lives in the other region). */
  wrongDatacenter(outcome: ProbeOutcome): boolean;
  /** Whether the key authenticated as the other key type. */
  otherKeyTypeWorked(outcome: ProbeOutcome): boolean;
  /** The invalid_credentials finding's words for a 401 on `hosts`. */
  rejection(hosts: string, bothRejected: boolean): { message: string; fix: string };
}

export interface CredentialCheckInput {
  config: Config;
  /** The region configured or requested; undefined means detect it. */
  expected: Region | undefined;
  source: RegionSource;
  /** Display URL of the probed endpoint on a region's host. */
  endpointOf(region: Region): string;
}

interface VerdictFacts {
  http_status: number | null;
  latency_ms: number | null;
  endpoint: string;
  findings: Finding[];
}

export type CredentialVerdict<A> = VerdictFacts &
  (
    | { state: "accepted"; accepted: A & { region: Region }; mismatch: boolean }
    | { state: "wrong_datacenter"; keyRegion: Region }
    | { state: "rejected"; hosts: string; wrongType: Finding | undefined }
    | { state: "failed"; failure: Finding }
  );

function isStatus(outcome: ProbeOutcome | undefined, status: number): boolean {
  return outcome?.kind === "response" && outcome.response.status === status;
}

function skippedFinding(api: CredentialApi, what: string, input: CredentialCheckInput): Finding {
  return {
    code: "timeout",
    severity: "warning",
    message: `The first answer took too long to also ask ${what} within the time bound of this check (2 × ${input.config.timeoutMs} ms), so the ${API_NAME[api]} result may be incomplete.`,
    fix: "Run the check again; if answers stay slow, look at check_status_page or raise CUSTOMERIO_TIMEOUT_MS.",
    evidence: `skipped: ${what}`,
  };
}

/** Decides what the probes say: accepted (maybe in the wrong region), wrong datacenter, rejected, or no verdict. */
export function diagnoseCredentials<A>(decider: CredentialDecider<A>, evidence: CredentialEvidence, input: CredentialCheckInput): CredentialVerdict<A> {
  const { api } = decider;
  const { config, expected, source, endpointOf } = input;
  const findings = credentialFindings(config, api);
  const [first, second] = evidence.probes as [RegionProbe, RegionProbe | undefined];
  if (evidence.skipped.includes("other_region")) findings.push(skippedFinding(api, `the ${REGION_NAME[otherRegion(first.asked)]} host`, input));
  if (evidence.skipped.includes("other_key_type")) findings.push(skippedFinding(api, "whether the key is of the other key type", input));

  const acceptedProbe = [first, second].find((p) => p && decider.accepted(p));
  const decisive = acceptedProbe ?? first;
  const facts = {
    http_status: decisive.outcome.kind === "response" ? decisive.outcome.response.status : null,
    latency_ms: decisive.outcome.kind === "response" ? decisive.outcome.response.latencyMs : decisive.outcome.error.latencyMs,
    endpoint: endpointOf(decisive.asked),
  };
  const trail = (upTo: RegionProbe) =>
    evidence.probes
      .slice(0, evidence.probes.indexOf(upTo) + 1)
      .map((p) => `${endpointOf(p.asked)} → ${describeOutcome(p.outcome)}${decider.wrongDatacenter(p.outcome) ? ' "wrong datacenter"' : ""}`)
      .join("; ");

  if (acceptedProbe) {
    const accepted = decider.accepted(acceptedProbe)!;
    const kept = findings.filter((f) => f.code !== "wrong_key_type");
    const same = sameKeyFinding(config, api);
    if (same) kept.push(same);
    const mismatch = expected !== undefined && accepted.region !== expected;
    if (mismatch) kept.push(regionMismatchFinding(api, expected, accepted.region, source, `${trail(acceptedProbe)} region "${accepted.region}"`));
    return { state: "accepted", accepted, mismatch, ...facts, findings: sortFindings(kept) };
  }

  if (decider.wrongDatacenter(first.outcome)) {
    // The first host said "wrong datacenter" but the other host could not confirm: still a region problem.
    const keyRegion = otherRegion(first.asked);
    if (expected !== undefined) findings.push(regionMismatchFinding(api, expected, keyRegion, source, trail(second ?? first)));
    if (second) findings.push(probeFailureFinding(api, second.outcome, config.timeoutMs));
    return { state: "wrong_datacenter", keyRegion, ...facts, findings: sortFindings(findings) };
  }

  if (isStatus(first.outcome, 401)) {
    const bothRejected = second !== undefined && isStatus(second.outcome, 401);
    const hosts = bothRejected ? `both the ${REGION_NAME[first.asked]} and ${REGION_NAME[second.asked]} hosts` : `the ${REGION_NAME[first.asked]} host`;
    if (evidence.otherKeyType && decider.otherKeyTypeWorked(evidence.otherKeyType)) findings.push(keyWorksAsOtherTypeFinding(config, api));
    findings.push(
      ...rejectedCredentialFindings(
        api,
        { ...decider.rejection(hosts, bothRejected), evidence: trail(second ?? first) },
        second?.outcome,
        bothRejected,
        config.timeoutMs,
      ),
    );
    const sorted = sortFindings(findings);
    return { state: "rejected", hosts, wrongType: sorted.find((f) => f.code === "wrong_key_type"), ...facts, findings: sorted };
  }

  const failure = probeFailureFinding(api, first.outcome, config.timeoutMs);
  return { state: "failed", failure, ...facts, findings: sortFindings([...findings, failure]) };
}
