/**
 * The Track API's one read-only call: `GET /api/v1/accounts/region`, the
 * documented credential test. It answers with the workspace's region and
 * works against either regional host. Nothing here can identify or track.
 */
import type { Region } from "../config.js";
import { settle } from "./probe.js";
import type { CioHttp, ParsedBody, ProbeOutcome } from "./types.js";

export { settle };

export const TRACK_REGION_PATH = "/api/v1/accounts/region";

export interface TrackRegionAnswer {
  region: Region;
  /** The Track base URL Customer.io says the workspace uses. */
  url: string | null;
  environmentId: number | null;
}

export interface TrackCredentials {
  siteId: string;
  apiKey: string;
}

/** Asks one Track host which region the Site ID + Track key belong to. */
export function trackRegionProbe(
  http: CioHttp,
  region: Region,
  credentials: TrackCredentials,
  signal: AbortSignal,
): Promise<ProbeOutcome> {
  return settle(
    http.get({
      api: "track",
      region,
      path: TRACK_REGION_PATH,
      auth: { kind: "basic", user: credentials.siteId, password: credentials.apiKey },
      signal,
    }),
  );
}

/** Fields `parseTrackRegion` reads (Track spec `paths./api/v1/accounts/region.get.responses.200`). */
export const READS = [{ operation: "GET /api/v1/accounts/region", status: 200, fields: ["url", "region", "environment_id"] }] as const;

/** The documented 200 body `{url, region, environment_id}`, or undefined when it is not that. */
export function parseTrackRegion(body: ParsedBody): TrackRegionAnswer | undefined {
  if (body.kind !== "json" || !body.value || typeof body.value !== "object" || Array.isArray(body.value)) return undefined;
  const v = body.value as Record<string, unknown>;
  const region = typeof v.region === "string" ? v.region.toLowerCase() : undefined;
  if (region !== "us" && region !== "eu") return undefined;
  const env = v.environment_id;
  const environmentId = typeof env === "number" && Number.isFinite(env) ? env : typeof env === "string" && /^\d+$/.test(env) ? Number(env) : null;
  return { region, url: typeof v.url === "string" ? v.url : null, environmentId };
}
