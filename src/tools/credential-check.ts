/**
 * One credential check for both APIs: credentials present → probe → other
 * region when the answer calls for it → decide → words. test_track_auth and
 * test_app_auth each give a small description of their API
 * (`CredentialCheck`); gathering is `src/cio/credential-probe.ts`, deciding is
 * `diagnoseCredentials` in `src/diagnosis/credentials.ts`, the words are here.
 */
import type { Config, ConfigValue, Region } from "../config.js";
import { hasErrors, sortFindings, type Finding } from "../findings.js";
import { gatherCredentialEvidence, type CredentialProbePlan } from "../cio/credential-probe.js";
import { roundBudget } from "../cio/deadline.js";
import type { CioHttp } from "../cio/types.js";
import {
  configurationNotes,
  credentialFindings,
  diagnoseCredentials,
  REGION_NAME,
  withNotes,
  type CredentialDecider,
  type CredentialVerdict,
  type RegionSource,
} from "../diagnosis/credentials.js";
import type { ToolContext } from "./define.js";

export interface CredentialCheck<A> extends CredentialDecider<A> {
  /** Sentence subject: "The Track API credentials", "The App API key". */
  subject: string;
  /** Path of the probed endpoint, for display. */
  path: string;
  /** The configuration values the check needs (all must be set). */
  values(config: Config): ConfigValue[];
  /** The requests, for the values (all set). */
  plan(http: CioHttp, config: Config, first: Region, signal: AbortSignal): CredentialProbePlan;
  /** What a success proves, as the end of "… work(s)<this>" (starting with its punctuation or a space). */
  acceptedWords(accepted: A & { region: Region }, verdict: { endpoint: string; latency_ms: number | null }, config: Config): string;
  /** Extra words when the key works but in another region than expected. */
  mismatchWords?(accepted: A & { region: Region }): string;
  /** What to check when the key was rejected and no other cause is known. */
  rejectedHint: string;
}

export interface CredentialCheckOutcome<A> {
  ok: boolean;
  region: Region | null;
  http_status: number | null;
  latency_ms: number | null;
  endpoint: string | null;
  /** The decided answer; undefined when no request could be sent. */
  verdict?: CredentialVerdict<A>;
  summary: string;
  findings: Finding[];
}

function settingWords(source: RegionSource, expected: Region): string {
  return source === "config" ? `CUSTOMERIO_REGION is ${expected}` : `the ${expected} region was requested`;
}

/** Codes of the findings the summary has not spoken about, so the sentence is not said twice. */
function alsoWords(findings: readonly Finding[], except: readonly string[]): string {
  const others = [...new Set(findings.filter((f) => !except.includes(f.code) && f.severity !== "info").map((f) => f.code))];
  return others.length ? ` See also: ${others.join(", ")}.` : "";
}

/** Words for a decided verdict (pure). */
export function credentialSummary<A>(
  check: CredentialCheck<A>,
  verdict: CredentialVerdict<A>,
  context: { expected: Region | undefined; source: RegionSource; config: Config },
): string {
  const { expected, source } = context;
  switch (verdict.state) {
    case "accepted": {
      const { accepted } = verdict;
      const r = accepted.region;
      let summary = verdict.mismatch
        ? `${check.subject} work${check.subject.endsWith("s") ? "" : "s"}, but in the ${REGION_NAME[r]} region while ${settingWords(source, expected!)}: set CUSTOMERIO_REGION=${r}${check.api === "track" ? ` and use the ${REGION_NAME[r]} region in the SDK` : ""}.${check.mismatchWords ? ` ${check.mismatchWords(accepted)}` : ""}`
        : `${check.subject} work${check.subject.endsWith("s") ? "" : "s"}${check.acceptedWords(accepted, verdict, context.config)}`;
      if (!expected && r === "eu") summary += " Set CUSTOMERIO_REGION=eu so SDKs and App API calls use the EU hosts.";
      return summary + alsoWords(verdict.findings, ["region_mismatch"]);
    }
    case "wrong_datacenter":
      return `The ${REGION_NAME[verdict.keyRegion === "us" ? "eu" : "us"]} host answered "wrong datacenter": the key belongs to the ${REGION_NAME[verdict.keyRegion]} region (set CUSTOMERIO_REGION=${verdict.keyRegion}), but that host could not confirm it.${alsoWords(verdict.findings, ["region_mismatch"])}`;
    case "rejected":
      return `Customer.io rejected ${check.subject.replace(/^The /, "the ")} (401 on ${verdict.hosts}).${verdict.wrongType ? " Likely cause: a key of the other type (wrong_key_type)." : ` ${check.rejectedHint}`}${alsoWords(verdict.findings, ["invalid_credentials", "wrong_key_type"])}`;
    case "failed":
      return `${check.subject} could not be tested: ${verdict.failure.code}${verdict.http_status !== null ? ` (HTTP ${verdict.http_status})` : ""}, which says nothing about the credentials themselves.${alsoWords(verdict.findings, [verdict.failure.code])}`;
  }
}

/** Runs the whole check for one API: present → probe → decide → words. */
export async function runCredentialCheck<A>(check: CredentialCheck<A>, requested: "us" | "eu" | "auto" | undefined, ctx: ToolContext): Promise<CredentialCheckOutcome<A>> {
  const config = ctx.config;
  const notes = configurationNotes(config);
  const empty = { region: null, http_status: null, latency_ms: null, endpoint: null };
  if (check.values(config).some((v) => v.value === undefined)) {
    const findings = sortFindings(credentialFindings(config, check.api));
    const missing = findings.find((f) => f.code === "missing_credentials");
    const unset = missing?.evidence?.replace(/^unset: /, "") ?? "a variable";
    const verb = unset.includes(" and ") ? "are" : "is";
    return { ok: false, ...empty, summary: withNotes(`${check.subject} cannot be tested: ${unset} ${verb} not set, so no request was sent.`, notes), findings };
  }
  const mode = requested ?? "auto";
  const expected: Region | undefined = mode === "auto" ? config.region : mode;
  const source: RegionSource = mode === "auto" ? "config" : "argument";
  const http = await ctx.http();
  const budget = roundBudget(config.timeoutMs);
  const evidence = await gatherCredentialEvidence(http, check.plan(http, config, expected ?? "us", ctx.signal), budget);
  const verdict = diagnoseCredentials(check, evidence, {
    config,
    expected,
    source,
    endpointOf: (r) => `${http.baseUrl(check.api, r)}${check.path}`,
  });
  return {
    ok: verdict.state === "accepted" && !hasErrors(verdict.findings),
    region: verdict.state === "accepted" ? verdict.accepted.region : null,
    http_status: verdict.http_status,
    latency_ms: verdict.latency_ms,
    endpoint: verdict.endpoint,
    verdict,
    summary: withNotes(credentialSummary(check, verdict, { expected, source, config }), notes),
    findings: verdict.findings,
  };
}
