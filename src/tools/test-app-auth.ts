/**
 * test_app_auth: is CUSTOMERIO_APP_API_KEY a valid App API key, and for which
 * region? Lists the workspaces the key can see with the read-only
 * `GET /v1/workspaces`; a 401 or the US host's 301 "wrong datacenter" sends
 * the same request to the other region's host.
 */
import { z } from "zod";
import type { Region } from "../config.js";
import { findingSchema, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import { isWrongDatacenter, listWorkspaces, parseWorkspaces, WORKSPACES_PATH, type WorkspaceSummary } from "../cio/app.js";
import { parseTrackRegion, trackRegionProbe } from "../cio/track.js";
import { REGION_NAME, sameKeyInBothVariables } from "../diagnosis/credentials.js";
import { runCredentialCheck, type CredentialCheck } from "./credential-check.js";
import { defineTool, NETWORK_READ_ONLY } from "./define.js";
import { bulletList, endpointLine, renderResult } from "./render.js";
import { keyed, orNull } from "./schema.js";
import { regionInput } from "./test-track-auth.js";

/** More than this many workspaces are counted, not listed. */
export const MAX_WORKSPACES_LISTED = 50;

const outputSchema = {
  ok: z.boolean(),
  region: z.enum(["us", "eu"]).nullable(),
  http_status: orNull("number"),
  latency_ms: orNull("number"),
  endpoint: orNull("string"),
  credentials: keyed({ api_key: orNull("string") }),
  workspaces: z.array(keyed({ id: z.string(), name: z.string() })).optional(),
  summary: z.string(),
  findings: z.array(findingSchema),
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

type AppAccepted = { workspaces: WorkspaceSummary[] };

function workspaceWords(listed: readonly WorkspaceSummary[]): string {
  const names = listed.slice(0, 3).map((w) => `${w.name || "(unnamed)"} (${w.id})`).join(", ");
  let words = `${listed.length} workspace${listed.length === 1 ? "" : "s"}${names ? `: ${names}${listed.length > 3 ? ", …" : ""}` : ""}`;
  const omitted = listed.length - MAX_WORKSPACES_LISTED;
  if (omitted > 0) words += `; ${omitted} more not listed (the first ${MAX_WORKSPACES_LISTED} are)`;
  return words;
}

/** The App API's part of the one credential check. */
export const APP_CHECK: CredentialCheck<AppAccepted> = {
  api: "app",
  subject: "The App API key",
  path: WORKSPACES_PATH,
  values: (config) => [config.appApiKey],
  plan: (http, config, first, signal) => {
    const apiKey = config.appApiKey.value!;
    const siteId = config.siteId.value;
    const rejected = (o: { kind: string; response?: { status: number } }) => o.kind === "response" && o.response!.status === 401;
    return {
      api: "app",
      first,
      probe: (region) => listWorkspaces(http, region, apiKey, signal),
      // "wrong datacenter" and 401 can both mean: the key lives in the other region.
      askOtherRegion: (o) => rejected(o) || (o.kind === "response" && isWrongDatacenter(o.response)),
      // Rejected everywhere asked: does the value work as a Track key with the Site ID?
      otherKeyType: (probes) =>
        rejected(probes[0]!.outcome) && probes.every((p) => rejected(p.outcome) || p.outcome.kind === "error") && siteId !== undefined && !sameKeyInBothVariables(config)
          ? () => trackRegionProbe(http, first, { siteId, apiKey }, signal)
          : undefined,
    };
  },
  accepted: (probe) => {
    const o = probe.outcome;
    if (o.kind !== "response" || o.response.status !== 200) return undefined;
    const workspaces = parseWorkspaces(o.response.body);
    return workspaces ? { region: probe.served, workspaces } : undefined;
  },
  wrongDatacenter: (o) => o.kind === "response" && isWrongDatacenter(o.response),
  otherKeyTypeWorked: (o) => o.kind === "response" && o.response.status === 200 && parseTrackRegion(o.response.body) !== undefined,
  rejection: (hosts, both) => ({
    message: `Customer.io rejected the App API key with 401 on ${hosts}: it is not a valid App API key${both ? " in either region" : ""}.`,
    fix: "Create an App API key under Account Settings > API Credentials > App API Keys (it is shown only once) and set it as CUSTOMERIO_APP_API_KEY; a deleted key, a key of another account, or a Track API key all give 401.",
  }),
  acceptedWords: (a) => ` in the ${REGION_NAME[a.region]} region and sees ${workspaceWords(a.workspaces)}.`,
  mismatchWords: (a) => `It sees ${workspaceWords(a.workspaces)}.`,
  rejectedHint: "Check that it is an App API key of this account.",
};

export const testAppAuth = defineTool({
  name: "test_app_auth",
  title: "Test App API key",
  description: [
    "Checks CUSTOMERIO_APP_API_KEY against the App API and lists the workspaces it sees.",
    "Use when lookups, transactional sends or broadcasts get 401/403/301. Read-only; asks the other region on a wrong-datacenter answer and spots a Track key pasted instead.",
  ].join(" "),
  inputSchema: { region: regionInput },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<AppAuthResult> {
    const out = await runCredentialCheck(APP_CHECK, args.region, ctx);
    const accepted = out.verdict?.state === "accepted" ? out.verdict.accepted : undefined;
    return {
      ok: out.ok,
      region: out.region,
      http_status: out.http_status,
      latency_ms: out.latency_ms,
      endpoint: out.endpoint,
      credentials: { api_key: maskSecret(ctx.config.appApiKey.value) },
      ...(accepted ? { workspaces: accepted.workspaces.slice(0, MAX_WORKSPACES_LISTED) } : {}),
      summary: out.summary,
      findings: out.findings,
    };
  },
  render(result) {
    const details = [`Region: ${result.region ?? "unknown"}`, endpointLine(result), `App API key: ${result.credentials.api_key ?? "not set"}`];
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
