/**
 * test_app_auth: is CUSTOMERIO_APP_API_KEY a valid App API key, and for which
 * region? Lists the workspaces the key can see with the read-only
 * `GET /v1/workspaces`.
 */
import { z } from "zod";
import type { Region } from "../config.js";
import { findingSchema, hasErrors, sortFindings, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import { isWrongDatacenter, listWorkspaces, parseWorkspaces, WORKSPACES_PATH, type WorkspaceSummary } from "../cio/app.js";
import { trackRegionProbe, parseTrackRegion } from "../cio/track.js";
import type { CioHttp } from "../cio/types.js";
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
import { regionInput } from "./test-track-auth.js";

/** More than this many workspaces are counted, not listed. */
export const MAX_WORKSPACES_LISTED = 50;


const outputSchema = {
  ok: z.boolean().describe("True when the key was accepted and no error was found."),
  region: z.enum(["us", "eu"]).nullable().describe("Region whose App API accepted the key, when known."),
  http_status: z.number().min(100).max(999).nullable().describe("HTTP status of the deciding request; null when nothing answered."),
  latency_ms: z.number().min(0).nullable().describe("Time of the deciding request in milliseconds."),
  endpoint: z.string().nullable().describe("URL of the deciding request (base URL and path, no credentials)."),
  credentials: z
    .object({ api_key: z.string().nullable().describe("The App API key, masked to its last 4 characters.") })
    .describe("The credentials tested, masked."),
  workspaces: z
    .array(z.object({ id: z.string().describe("Workspace id."), name: z.string().describe("Workspace name.") }))
    .optional()
    .describe(`Workspaces the key can see (at most ${MAX_WORKSPACES_LISTED}), when it could list them.`),
  summary: z.string().describe("The conclusion first, in plain prose."),
  findings: z.array(findingSchema).describe("Problems found, most severe first."),
};

type AppAuthResult = {
  ok: boolean;
  region: Region | null;
  http_status: number | null;
  latency_ms: number | null;
  endpoint: string | null;
  credentials: { api_key: string | null };
  workspaces?: WorkspaceSummary[];
  summary: string;
  findings: Finding[];
};

function statusOf(outcome: ProbeOutcome | undefined): number | undefined {
  return outcome?.kind === "response" ? outcome.response.status : undefined;
}

function workspacesOf(outcome: ProbeOutcome | undefined): WorkspaceSummary[] | undefined {
  if (outcome?.kind !== "response" || outcome.response.status !== 200) return undefined;
  return parseWorkspaces(outcome.response.body);
}

function wrongDatacenter(outcome: ProbeOutcome | undefined): boolean {
  return outcome?.kind === "response" && isWrongDatacenter(outcome.response);
}

/** The region whose host finally answered (a followed redirect may land on the other one). */
function servedRegion(http: CioHttp, outcome: ProbeOutcome, asked: Region): Region {
  if (outcome.kind !== "response") return asked;
  try {
    const origin = new URL(outcome.response.finalUrl).origin;
    for (const r of ["us", "eu"] as const) {
      if (new URL(http.baseUrl("app", r)).origin === origin) return r;
    }
  } catch {
    /* keep the region asked */
  }
  return asked;
}

export const testAppAuth = defineTool({
  name: "test_app_auth",
  title: "Test App API key",
  description: [
    "Checks that CUSTOMERIO_APP_API_KEY is accepted by the Customer.io App API (Bearer) and lists the workspaces it can see.",
    "Use it when App API calls (customer lookups, transactional sends, broadcasts) fail with 401/403/301, or to confirm the key's region.",
    "Read-only: it calls only GET /v1/workspaces. A 301 \"wrong datacenter\" or a 401 answered differently by the other region's host is reported as a region mismatch;",
    "it also detects a Track API key pasted in place of the App key.",
    "Findings: missing_credentials, malformed_credentials, invalid_credentials, wrong_key_type, region_mismatch, forbidden, rate_limited, upstream_error, timeout, network_error.",
  ].join(" "),
  inputSchema: { region: regionInput },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<AppAuthResult> {
    const config = ctx.config;
    const findings = credentialFindings(config, "app");
    const notes = configurationNotes(config);
    const apiKey = config.appApiKey.value;
    const credentials = { api_key: maskSecret(apiKey) };
    const base = { region: null, http_status: null, latency_ms: null, endpoint: null, credentials };

    if (apiKey === undefined) {
      const missing = findings.find((f) => f.code === "missing_credentials");
      return {
        ok: false,
        ...base,
        summary: withNotes(`The App API key cannot be tested: ${missing?.message ?? "it is not set."} No request was sent.`, notes),
        findings: sortFindings(findings),
      };
    }

    const requested = args.region ?? "auto";
    const expected: Region | undefined = requested === "auto" ? config.region : requested;
    const source = requested === "auto" ? "config" : "argument";
    const order: Region[] = expected ? [expected, otherRegion(expected)] : ["us", "eu"];
    const http = await ctx.http();
    const endpointOf = (r: Region) => `${http.baseUrl("app", r)}${WORKSPACES_PATH}`;

    const first = await listWorkspaces(http, order[0]!, apiKey, ctx.signal);
    let second: ProbeOutcome | undefined;
    // "wrong datacenter" and 401 can both mean: the key lives in the other region.
    if (statusOf(first) === 401 || wrongDatacenter(first)) second = await listWorkspaces(http, order[1]!, apiKey, ctx.signal);

    const listedFirst = workspacesOf(first);
    const listedSecond = workspacesOf(second);
    const decisive = listedFirst ? first : listedSecond ? second! : first;
    const askedRegion = listedFirst || !listedSecond ? order[0]! : order[1]!;
    const facts = {
      http_status: decisive.kind === "response" ? decisive.response.status : null,
      latency_ms: decisive.kind === "response" ? decisive.response.latencyMs : decisive.error.latencyMs,
      endpoint: endpointOf(askedRegion),
    };
    const out: Finding[] = [...findings];

    const listed = listedFirst ?? listedSecond;
    if (listed) {
      const region = servedRegion(http, decisive, askedRegion);
      const same = sameKeyFinding(config, "app");
      const kept = out.filter((f) => f.code !== "wrong_key_type");
      if (same) kept.push(same);
      if (expected !== undefined && region !== expected) {
        const how = wrongDatacenter(first)
          ? `${endpointOf(order[0]!)} → ${describeOutcome(first)} "wrong datacenter"`
          : `${endpointOf(order[0]!)} → ${describeOutcome(first)}`;
        kept.push(regionMismatchFinding("app", expected, region, source, `${how}; ${endpointOf(region)} → 200`));
      }
      const sorted = sortFindings(kept);
      const shown = listed.slice(0, MAX_WORKSPACES_LISTED);
      const omitted = listed.length - shown.length;
      const names = shown.slice(0, 3).map((w) => `${w.name || "(unnamed)"} (${w.id})`).join(", ");
      const count = `${listed.length} workspace${listed.length === 1 ? "" : "s"}${names ? `: ${names}${shown.length > 3 ? ", …" : ""}` : ""}`;
      let summary =
        expected !== undefined && region !== expected
          ? `The App API key works, but only in the ${REGION_NAME[region]} region while ${source === "config" ? `CUSTOMERIO_REGION is ${expected}` : `the ${expected} region was requested`}: set CUSTOMERIO_REGION=${region}. It sees ${count}.`
          : `The App API key works in the ${REGION_NAME[region]} region and sees ${count}.`;
      if (omitted > 0) summary += ` ${omitted} more not listed (the first ${MAX_WORKSPACES_LISTED} are).`;
      if (!expected && region === "eu") summary += " Set CUSTOMERIO_REGION=eu so App API calls go to the EU host.";
      const others = sorted.filter((f) => f.code !== "region_mismatch" && f.severity !== "info");
      if (others.length) summary += ` Also: ${others.map((f) => f.message).join(" ")}`;
      return {
        ok: !hasErrors(sorted),
        ...base,
        ...facts,
        region,
        workspaces: shown,
        summary: withNotes(summary, notes),
        findings: sorted,
      };
    }

    if (wrongDatacenter(first)) {
      // The US host said "wrong datacenter" but the other host could not confirm: still a region problem.
      const keyRegion = otherRegion(order[0]!);
      const evidence = `${endpointOf(order[0]!)} → ${describeOutcome(first)} "wrong datacenter"${second ? `; ${endpointOf(order[1]!)} → ${describeOutcome(second)}` : ""}`;
      if (expected !== undefined) out.push(regionMismatchFinding("app", expected, keyRegion, source, evidence));
      if (second) out.push(probeFailureFinding("app", second, config.timeoutMs));
      const sorted = sortFindings(out);
      return {
        ok: false,
        ...base,
        ...facts,
        summary: withNotes(
          `The ${REGION_NAME[order[0]!]} App API host answered "wrong datacenter": the key belongs to the ${REGION_NAME[keyRegion]} region (set CUSTOMERIO_REGION=${keyRegion}), but the ${REGION_NAME[keyRegion]} host could not confirm it.`,
          notes,
        ),
        findings: sorted,
      };
    }

    if (statusOf(first) === 401) {
      const bothRejected = statusOf(second) === 401;
      const hosts = bothRejected ? `both the ${REGION_NAME[order[0]!]} and ${REGION_NAME[order[1]!]} hosts` : `the ${REGION_NAME[order[0]!]} host`;
      const siteId = config.siteId.value;
      if (!sameKeyInBothVariables(config) && siteId !== undefined) {
        // A Track key in the App variable authenticates on the Track region endpoint with the Site ID.
        const asTrack = await trackRegionProbe(http, expected ?? "us", { siteId, apiKey }, ctx.signal);
        if (asTrack.kind === "response" && asTrack.response.status === 200 && parseTrackRegion(asTrack.response.body)) {
          out.push(keyWorksAsOtherTypeFinding(config, "app"));
        }
      }
      out.push(
        ...rejectedCredentialFindings(
          "app",
          {
            message: `Customer.io rejected the App API key with 401 on ${hosts}: it is not a valid App API key${bothRejected ? " in either region" : ""}.`,
            fix: "Create an App API key under Account Settings > API Credentials > App API Keys (it is shown only once) and set it as CUSTOMERIO_APP_API_KEY; a deleted key, a key of another account, or a Track API key all give 401.",
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
          `Customer.io rejected the App API key (401 on ${hosts}).${wrongType ? ` Likely cause: ${wrongType.message}` : " Check that it is an App API key of this account."}`,
          notes,
        ),
        findings: sorted,
      };
    }

    const failure = probeFailureFinding("app", first, config.timeoutMs);
    return {
      ok: false,
      ...base,
      ...facts,
      summary: withNotes(`The App API key could not be tested: ${failure.message}`, notes),
      findings: sortFindings([...out, failure]),
    };
  },
  render(result) {
    const details = [
      `Region: ${result.region ?? "unknown"}`,
      endpointLine(result),
      `App API key: ${result.credentials.api_key ?? "not set"}`,
    ];
    const workspaces = result.workspaces?.length
      ? bulletList(result.workspaces.slice(0, 10).map((w) => `${w.name || "(unnamed)"} — id ${w.id}`)) +
        (result.workspaces.length > 10 ? `\n- …and ${result.workspaces.length - 10} more in the structured result.` : "")
      : undefined;
    return renderResult({
      title: `App API key: ${result.ok ? "OK" : "problem found"}`,
      summary: result.summary,
      sections: [
        ["Details", bulletList(details)],
        ["Workspaces", workspaces],
      ],
      findings: result.findings,
    });
  },
});
