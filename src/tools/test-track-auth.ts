/**
 * test_track_auth: are the Site ID and Track API key valid, and in which
 * region is their workspace? Uses only the read-only region endpoint, so it
 * never creates or changes anything in the workspace.
 */
import { z } from "zod";
import type { Region } from "../config.js";
import { findingSchema, hasErrors, sortFindings, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import { listWorkspaces, isWrongDatacenter } from "../cio/app.js";
import { parseTrackRegion, trackRegionProbe, TRACK_REGION_PATH, type TrackRegionAnswer } from "../cio/track.js";
import {
  configurationNotes,
  credentialFindings,
  keyWorksAsOtherTypeFinding,
  probeFailureFinding,
  regionMismatchFinding,
  sameKeyFinding,
  sameKeyInBothVariables,
  type ProbeOutcome,
  rejectedCredentialFindings,
  REGION_NAME,
  otherRegion,
  describeOutcome,
  withNotes,
} from "../diagnosis/credentials.js";
import { defineTool, NETWORK_READ_ONLY } from "./define.js";
import { bulletList, endpointLine, renderResult } from "./render.js";


export const regionInput = z
  .enum(["us", "eu", "auto"])
  .optional()
  .describe("Region to test: us, eu, or auto (default) to use CUSTOMERIO_REGION when set, else detect it.");

const outputSchema = {
  ok: z.boolean().describe("True when the credentials were accepted and no error was found."),
  region: z.enum(["us", "eu"]).nullable().describe("Region of the workspace the credentials belong to, when known."),
  environment_id: z.number().nullable().describe("Workspace (environment) id Customer.io reported, when known."),
  http_status: z.number().min(100).max(999).nullable().describe("HTTP status of the deciding request; null when nothing answered."),
  latency_ms: z.number().min(0).nullable().describe("Time of the deciding request in milliseconds."),
  endpoint: z.string().nullable().describe("URL of the deciding request (base URL and path, no credentials)."),
  credentials: z
    .object({
      site_id: z.string().nullable().describe("The Site ID used (not a secret)."),
      api_key: z.string().nullable().describe("The Track API key, masked to its last 4 characters."),
    })
    .describe("The credentials tested, masked."),
  summary: z.string().describe("The conclusion first, in plain prose."),
  findings: z.array(findingSchema).describe("Problems found, most severe first."),
};

type TrackAuthResult = {
  ok: boolean;
  region: Region | null;
  environment_id: number | null;
  http_status: number | null;
  latency_ms: number | null;
  endpoint: string | null;
  credentials: { site_id: string | null; api_key: string | null };
  summary: string;
  findings: Finding[];
};

function isStatus(outcome: ProbeOutcome | undefined, status: number): boolean {
  return outcome?.kind === "response" && outcome.response.status === status;
}

function regionAnswer(outcome: ProbeOutcome | undefined): TrackRegionAnswer | undefined {
  if (outcome?.kind !== "response" || outcome.response.status !== 200) return undefined;
  return parseTrackRegion(outcome.response.body);
}

export const testTrackAuth = defineTool({
  name: "test_track_auth",
  title: "Test Track API credentials",
  description: [
    "Checks that CUSTOMERIO_SITE_ID and CUSTOMERIO_TRACK_API_KEY are accepted by the Customer.io Track API and reports the workspace's region (us/eu) and environment id.",
    "Use it when identify/track calls fail with 401/403, events never arrive, or to confirm the region before configuring an SDK.",
    "Read-only: it calls only GET /api/v1/accounts/region (no identify, no event). On a 401 it asks the other region's host to tell a bad key from a wrong region,",
    "and checks whether an App API key was pasted in place of the Track key.",
    "Findings: missing_credentials, malformed_credentials, invalid_credentials, wrong_key_type, region_mismatch, forbidden, rate_limited, upstream_error, timeout, network_error.",
  ].join(" "),
  inputSchema: { region: regionInput },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<TrackAuthResult> {
    const config = ctx.config;
    const findings = credentialFindings(config, "track");
    const notes = configurationNotes(config);
    const siteId = config.siteId.value;
    const apiKey = config.trackApiKey.value;
    const credentials = { site_id: siteId ?? null, api_key: maskSecret(apiKey) };
    const base = {
      region: null,
      environment_id: null,
      http_status: null,
      latency_ms: null,
      endpoint: null,
      credentials,
    };

    if (siteId === undefined || apiKey === undefined) {
      const missing = findings.find((f) => f.code === "missing_credentials");
      return {
        ok: false,
        ...base,
        summary: withNotes(`The Track API credentials cannot be tested: ${missing?.message ?? "they are not set."} No request was sent.`, notes),
        findings: sortFindings(findings),
      };
    }

    const requested = args.region ?? "auto";
    const expected: Region | undefined = requested === "auto" ? config.region : requested;
    const source = requested === "auto" ? "config" : "argument";
    // Without a region, the US host answers for either region (documented), so it goes first.
    const order: Region[] = expected ? [expected, otherRegion(expected)] : ["us", "eu"];
    const http = await ctx.http();
    const creds = { siteId, apiKey };
    const endpointOf = (r: Region) => `${http.baseUrl("track", r)}${TRACK_REGION_PATH}`;

    const first = await trackRegionProbe(http, order[0]!, creds, ctx.signal);
    let second: ProbeOutcome | undefined;
    if (isStatus(first, 401)) second = await trackRegionProbe(http, order[1]!, creds, ctx.signal);

    // The deciding outcome: a success on the second host wins over the first host's 401.
    const secondAnswer = regionAnswer(second);
    const decisive = secondAnswer ? second! : first;
    const decisiveHost: Region = secondAnswer ? order[1]! : order[0]!;
    const answer = secondAnswer ?? regionAnswer(first);
    const facts = {
      http_status: decisive.kind === "response" ? decisive.response.status : null,
      latency_ms: decisive.kind === "response" ? decisive.response.latencyMs : decisive.error.latencyMs,
      endpoint: endpointOf(decisiveHost),
    };

    if (answer) {
      const sameKey = sameKeyFinding(config, "track");
      const kept = findings.filter((f) => f.code !== "wrong_key_type");
      if (sameKey) kept.push(sameKey);
      const mismatch = expected !== undefined && answer.region !== expected;
      if (mismatch) {
        const evidence =
          decisiveHost === order[0]
            ? `${endpointOf(decisiveHost)} → 200 region "${answer.region}"`
            : `${endpointOf(order[0]!)} → 401, ${endpointOf(decisiveHost)} → 200 region "${answer.region}"`;
        kept.push(regionMismatchFinding("track", expected!, answer.region, source, evidence));
      }
      const sorted = sortFindings(kept);
      const where = `${answer.region === "eu" ? "an" : "a"} ${REGION_NAME[answer.region]} workspace${answer.environmentId !== null ? ` (environment ${answer.environmentId})` : ""}`;
      let summary: string;
      if (mismatch) {
        summary = `The Track API credentials work, but they belong to ${where} while ${source === "config" ? `CUSTOMERIO_REGION is ${expected}` : `the ${expected} region was requested`}: set CUSTOMERIO_REGION=${answer.region} and use the ${REGION_NAME[answer.region]} region in the SDK.`;
      } else {
        summary = `The Track API credentials work: Site ID ${siteId} belongs to ${where}, checked on ${endpointOf(decisiveHost)} in ${facts.latency_ms} ms.`;
        if (!expected && answer.region === "eu") summary += " Set CUSTOMERIO_REGION=eu so the SDK and the App API use the EU hosts.";
      }
      const others = sorted.filter((f) => f.code !== "region_mismatch" && f.severity !== "info");
      if (others.length) summary += ` Also: ${others.map((f) => f.message).join(" ")}`;
      return {
        ok: !hasErrors(sorted),
        ...base,
        ...facts,
        region: answer.region,
        environment_id: answer.environmentId,
        summary: withNotes(summary, notes),
        findings: sorted,
      };
    }

    if (isStatus(first, 401)) {
      const bothRejected = isStatus(second, 401);
      const hosts = bothRejected ? `both the ${REGION_NAME[order[0]!]} and ${REGION_NAME[order[1]!]} hosts` : `the ${REGION_NAME[order[0]!]} host`;
      const out: Finding[] = [...findings];
      // Same value in both variables is already reported; otherwise see whether the key is an App key.
      if (!sameKeyInBothVariables(config) && config.appApiKey.value === undefined) {
        const asBearer = await listWorkspaces(http, expected ?? "us", apiKey, ctx.signal);
        if (asBearer.kind === "response" && (asBearer.response.status === 200 || isWrongDatacenter(asBearer.response))) {
          out.push(keyWorksAsOtherTypeFinding(config, "track"));
        }
      }
      out.push(
        ...rejectedCredentialFindings(
          "track",
          {
            message: `Customer.io rejected the Site ID and Track API key with 401 on ${hosts}: the pair is not valid${bothRejected ? " in either region" : ""}.`,
            fix: "Copy the Site ID and the Track API key from the same row of Account Settings > API Credentials > Tracking API Keys (a key from another workspace, a deleted or regenerated key, or Site ID and key swapped all give 401).",
            evidence: `${endpointOf(order[0]!)} → 401${second ? `; ${endpointOf(order[1]!)} → ${describeOutcome(second)}` : ""}`,
          },
          second,
          bothRejected,
          config.timeoutMs,
        ),
      );
      const sorted = sortFindings(out);
      const wrongType = sorted.find((f) => f.code === "wrong_key_type");
      return {
        ok: false,
        ...base,
        ...facts,
        summary: withNotes(
          `Customer.io rejected the Track API credentials (401 on ${hosts}).${wrongType ? ` Likely cause: ${wrongType.message}` : " Check that the Site ID and Track API key come from the same workspace."}`,
          notes,
        ),
        findings: sorted,
      };
    }

    const failure = probeFailureFinding("track", first, config.timeoutMs);
    const sorted = sortFindings([...findings, failure]);
    return {
      ok: false,
      ...base,
      ...facts,
      summary: withNotes(`The Track API credentials could not be tested: ${failure.message}`, notes),
      findings: sorted,
    };
  },
  render(result) {
    const details = [
      `Region: ${result.region ?? "unknown"}${result.environment_id !== null ? `, environment ${result.environment_id}` : ""}`,
      endpointLine(result),
      `Site ID: ${result.credentials.site_id ?? "not set"}; Track API key: ${result.credentials.api_key ?? "not set"}`,
    ];
    return renderResult({
      title: `Track API credentials: ${result.ok ? "OK" : "problem found"}`,
      summary: result.summary,
      sections: [["Details", bulletList(details)]],
      findings: result.findings,
    });
  },
});
