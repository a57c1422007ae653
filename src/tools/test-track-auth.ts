/**
 * test_track_auth: are the Site ID and Track API key valid, and in which
 * region is their workspace? One read-only request to the region endpoint
 * (getRegion), which "returns your region in either case" on either regional
 * host (Track spec, paths./api/v1/accounts/region.get), so one host is asked.
 */
import { z } from "zod";
import { findingSchema, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import { isWrongDatacenter, listWorkspaces } from "../cio/app.js";
import { parseTrackRegion, trackRegionProbe, TRACK_REGION_PATH, type TrackRegionAnswer } from "../cio/track.js";
import type { ProbeOutcome } from "../cio/types.js";
import { REGION_NAME, sameKeyInBothVariables } from "../diagnosis/credentials.js";
import type { Region } from "../config.js";
import { runCredentialCheck, type CredentialCheck } from "./credential-check.js";
import { defineTool, NETWORK_READ_ONLY } from "./define.js";
import { bulletList, endpointLine, renderResult } from "./render.js";
import { keyed, orNull } from "./schema.js";

export const regionInput = z.enum(["us", "eu", "auto"]).optional().describe("us, eu, or auto (default): CUSTOMERIO_REGION when set, else detected.");

const outputSchema = {
  ok: z.boolean(),
  region: z.enum(["us", "eu"]).nullable(),
  environment_id: orNull("number"),
  http_status: orNull("number"),
  latency_ms: orNull("number"),
  endpoint: orNull("string"),
  credentials: keyed({ site_id: orNull("string"), api_key: orNull("string") }),
  summary: z.string(),
  findings: z.array(findingSchema),
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

type TrackAccepted = Pick<TrackRegionAnswer, "environmentId">;

function regionAnswer(outcome: ProbeOutcome): TrackRegionAnswer | undefined {
  if (outcome.kind !== "response" || outcome.response.status !== 200) return undefined;
  return parseTrackRegion(outcome.response.body);
}

/** The Track API's part of the one credential check. */
export const TRACK_CHECK: CredentialCheck<TrackAccepted> = {
  api: "track",
  subject: "The Track API credentials",
  path: TRACK_REGION_PATH,
  values: (config) => [config.siteId, config.trackApiKey],
  plan: (http, config, first, signal) => {
    const creds = { siteId: config.siteId.value!, apiKey: config.trackApiKey.value! };
    return {
      api: "track",
      first,
      probe: (region) => trackRegionProbe(http, region, creds, signal),
      // Either host answers for either region: a second host can add nothing.
      askOtherRegion: () => false,
      // A 401 with no App key configured: is the value an App API key (Bearer)?
      otherKeyType: (probes) =>
        probes[0]!.outcome.kind === "response" && probes[0]!.outcome.response.status === 401 && !sameKeyInBothVariables(config) && config.appApiKey.value === undefined
          ? () => listWorkspaces(http, first, creds.apiKey, signal)
          : undefined,
    };
  },
  accepted: (probe) => {
    const answer = regionAnswer(probe.outcome);
    return answer ? { region: answer.region, environmentId: answer.environmentId } : undefined;
  },
  wrongDatacenter: () => false,
  otherKeyTypeWorked: (o) => o.kind === "response" && (o.response.status === 200 || isWrongDatacenter(o.response)),
  rejection: (hosts) => ({
    message: `Customer.io rejected the Site ID and Track API key with 401 on ${hosts}. The region endpoint answers for workspaces of either region, so the pair itself is not valid.`,
    fix: "Copy the Site ID and the Track API key from the same row of Account Settings > API Credentials > Tracking API Keys (a key from another workspace, a deleted or regenerated key, or Site ID and key swapped all give 401).",
  }),
  acceptedWords: (a, v, config) =>
    `: Site ID ${config.siteId.value} belongs to ${a.region === "eu" ? "an" : "a"} ${REGION_NAME[a.region]} workspace${a.environmentId !== null ? ` (environment ${a.environmentId})` : ""}, checked on ${v.endpoint} in ${v.latency_ms} ms.`,
  rejectedHint: "Check that the Site ID and Track API key come from the same workspace.",
};

export const testTrackAuth = defineTool({
  name: "test_track_auth",
  title: "Test Track API credentials",
  description: [
    "Checks CUSTOMERIO_SITE_ID and CUSTOMERIO_TRACK_API_KEY against the Track API and finds the workspace's region.",
    "Use when identify/track calls get 401/403 or events never arrive. Read-only (no identify, no event); spots an App key pasted instead.",
  ].join(" "),
  inputSchema: { region: regionInput },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<TrackAuthResult> {
    const out = await runCredentialCheck(TRACK_CHECK, args.region, ctx);
    const accepted = out.verdict?.state === "accepted" ? out.verdict.accepted : undefined;
    return {
      ok: out.ok,
      region: out.region,
      environment_id: accepted?.environmentId ?? null,
      http_status: out.http_status,
      latency_ms: out.latency_ms,
      endpoint: out.endpoint,
      credentials: { site_id: ctx.config.siteId.value ?? null, api_key: maskSecret(ctx.config.trackApiKey.value) },
      summary: out.summary,
      findings: out.findings,
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
