/**
 * Which Customer.io API and region a request URL points at. The URL is only
 * parsed, never fetched. Configured endpoints (proxies, sandboxes) are
 * recognised as well as the public hosts (Track, App, Pipelines, status) and
 * the legacy beta-api hosts.
 */
import { DEFAULT_ENDPOINTS, type Endpoints, type Region } from "../config.js";
import { apiFacts } from "../knowledge/apis.js";

export type UrlApi = "track" | "track_v2" | "app" | "transactional" | "pipelines" | "status" | "unknown";

/** The Pipelines (CDP) API hosts; its servers are `<host>/v1`. */
export const PIPELINES_HOSTS = apiFacts("pipelines").hosts;

export interface UrlInference {
  api: UrlApi;
  region: Region | null;
  /** host[:port], lower-case. */
  host: string;
  /** The API path (after any configured path prefix), without the query. */
  path: string;
  /** How the host was recognised. */
  matched: "configured" | "default" | "legacy" | "path" | "none";
}

type BaseKind = "track" | "app" | "pipelines" | "status";

interface KnownBase {
  kind: BaseKind;
  region: Region | null;
  host: string;
  prefix: string;
  matched: "configured" | "default" | "legacy";
}

function base(url: string, kind: BaseKind, region: Region | null, matched: KnownBase["matched"]): KnownBase | undefined {
  try {
    const u = new URL(url);
    return { kind, region, host: u.host.toLowerCase(), prefix: u.pathname.replace(/\/+$/, ""), matched };
  } catch {
    return undefined;
  }
}

function knownBases(endpoints: Endpoints): KnownBase[] {
  const d = DEFAULT_ENDPOINTS;
  // An endpoint left at its default is reported as the public host, not as an override.
  const from = (url: string, fallback: string) => (url === fallback ? "default" : "configured");
  const out: Array<KnownBase | undefined> = [
    base(endpoints.track.us, "track", "us", from(endpoints.track.us, d.track.us)),
    base(endpoints.track.eu, "track", "eu", from(endpoints.track.eu, d.track.eu)),
    base(endpoints.app.us, "app", "us", from(endpoints.app.us, d.app.us)),
    base(endpoints.app.eu, "app", "eu", from(endpoints.app.eu, d.app.eu)),
    base(endpoints.status, "status", null, from(endpoints.status, d.status)),
    base(d.track.us, "track", "us", "default"),
    base(d.track.eu, "track", "eu", "default"),
    base(d.app.us, "app", "us", "default"),
    base(d.app.eu, "app", "eu", "default"),
    base(d.status, "status", null, "default"),
    base(PIPELINES_HOSTS.us, "pipelines", "us", "default"),
    base(PIPELINES_HOSTS.eu, "pipelines", "eu", "default"),
    base("https://beta-api.customer.io", "app", "us", "legacy"),
    base("https://beta-api-eu.customer.io", "app", "eu", "legacy"),
    base("https://status.customer.io", "status", null, "legacy"),
  ];
  return out.filter((b): b is KnownBase => b !== undefined);
}

function underPrefix(path: string, prefix: string): boolean {
  return prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
}

const PIPELINES_PATH = /^\/v1\/(?:identify|track|page|screen|group|alias|batch)\/?$/;

/** The API family a path belongs to on a given kind of host. */
function apiForPath(kind: BaseKind | undefined, path: string): UrlApi {
  const p = path.toLowerCase();
  if (kind === "status") return "status";
  if (kind === "pipelines") return "pipelines";
  if (kind === "track") return /^\/api\/v2(\/|$)/.test(p) ? "track_v2" : "track";
  if (kind === "app") return /^\/v1\/send(\/|$)/.test(p) ? "transactional" : "app";
  // Unknown host (a proxy nobody configured): guess from the path alone.
  if (/^\/api\/v2\/(summary|status|components|incidents|scheduled-maintenances)(\.json|\/|$)/.test(p)) return "status";
  if (/^\/api\/v2(\/|$)/.test(p)) return "track_v2";
  if (/^\/api\/v1(\/|$)/.test(p)) return "track";
  if (/^\/v1\/send(\/|$)/.test(p)) return "transactional";
  // The Pipelines calls; the App API has no such paths.
  if (PIPELINES_PATH.test(p)) return "pipelines";
  if (/^\/v1(\/|$)/.test(p)) return "app";
  return "unknown";
}

export function inferFromUrl(url: string, endpoints: Endpoints): UrlInference | null {
  const raw = url.trim();
  if (raw === "" || raw.length > 8192) return null;
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  const host = parsed.host.toLowerCase();
  const fullPath = parsed.pathname || "/";

  let best: KnownBase | undefined;
  for (const b of knownBases(endpoints)) {
    if (b.host !== host || !underPrefix(fullPath, b.prefix)) continue;
    // Longest prefix wins; on a tie the configured endpoint (listed first) stays.
    if (!best || b.prefix.length > best.prefix.length) best = b;
  }
  if (best) {
    const path = fullPath.slice(best.prefix.length) || "/";
    return { api: apiForPath(best.kind, path), region: best.region, host, path, matched: best.matched };
  }
  const api = apiForPath(undefined, fullPath);
  return { api, region: null, host, path: fullPath, matched: api === "unknown" ? "none" : "path" };
}
