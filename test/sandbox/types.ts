/**
 * The local Customer.io sandbox: shared types and the fixed sandbox
 * credentials. The sandbox mimics only documented API shapes.
 *
 * Layout (one real HTTP server per host, all on 127.0.0.1):
 *   track-us, track-eu  — Track API (routes in ./track.ts)
 *   app-us, app-eu      — App API (workspaces in ./app.ts, customers in ./customers.ts)
 *   status              — Statuspage v2 (routes in ./status.ts)
 * `./server.ts` starts the five listeners, parses requests into
 * `SandboxRequest`, asks the route modules in turn, applies the active
 * faults, and records every request (method, host, path) for assertions.
 */

export type SandboxHost = "track-us" | "track-eu" | "app-us" | "app-eu" | "status";

export interface SandboxRequest {
  method: string;
  host: SandboxHost;
  /** Path without the query string, e.g. `/api/v1/accounts/region`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Decoded credentials from the Authorization header, if any. */
  auth: { basic?: { user: string; password: string }; bearer?: string };
  body: string;
}

export interface SandboxReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as-is (set content-type yourself). */
  body?: unknown;
}

/** A route module answers the requests it knows, or returns undefined. */
export type RouteHandler = (req: SandboxRequest, state: SandboxState) => SandboxReply | undefined;

/** A fault applied to every request to the matching hosts. */
export type SandboxFault =
  | { kind: "delay"; ms: number }
  | { kind: "hang" }
  | { kind: "reset" }
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "html"; status: number }
  | { kind: "malformed_json"; status: number }
  | { kind: "oversized"; bytes: number }
  /**
   * 429 for the first `times` requests, then normal answers. App hosts send the
   * documented body `{"errors":[{"detail":"rate limited to 10 requests per 1s (reference …)","status":"429"}]}`
   * with Retry-After; `daily: true` is the daily-quota variant (no Retry-After,
   * "rate limited to 100 request(s) per day"), as the App spec documents both.
   */
  | { kind: "rate_limit"; retryAfter?: string; times: number; daily?: boolean };

export interface SandboxState {
  /** Faults by host; `*` applies to every host. */
  faults: Partial<Record<SandboxHost | "*", SandboxFault>>;
  /** Status page scenario (see ./status.ts). */
  statusScenario: "operational" | "incident" | "degraded" | "maintenance";
  /** Every request received, in order. */
  requests: Array<{ method: string; host: SandboxHost; path: string; auth?: "basic" | "bearer" | "none" }>;
  /** Arrival time of each request in `requests` (same index; ms, monotonic): for rate assertions and benchmarks. */
  arrivals?: number[];
  /** Extra workspaces every App key sees on GET /v1/workspaces (to exercise list caps). */
  extraWorkspaces?: number;
}

/**
 * Fixed sandbox workspaces. Keys are fake and only valid against the
 * sandbox. The US workspace lives on the US hosts, the EU one on the EU hosts.
 */
export const SANDBOX = {
  us: {
    siteId: "sbxsiteus01",
    trackApiKey: "sbx_track_us_5f3a9c1e7b2d4a60",
    appApiKey: "sbx_app_us_9d8c7b6a5f4e3d2c1b0a",
    environmentId: 101,
    workspaces: [{ id: "101", name: "Sandbox US Production" }],
  },
  eu: {
    siteId: "sbxsiteeu02",
    trackApiKey: "sbx_track_eu_0e1d2c3b4a596877",
    appApiKey: "sbx_app_eu_1a2b3c4d5e6f7a8b9c0d",
    environmentId: 202,
    workspaces: [{ id: "202", name: "Sandbox EU Production" }],
  },
} as const;
