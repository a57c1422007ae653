/**
 * The contract of the one HTTP client (`./http.ts`, the only importer of
 * undici). It can only GET: the server is read-only by construction.
 */
import type { Region } from "../config.js";
import type { RateLimiter } from "./limiter.js";

/** Which configured base URL a request goes to. */
export type ApiName = "track" | "app" | "status";

export type Auth =
  | { kind: "basic"; user: string; password: string }
  | { kind: "bearer"; token: string }
  | { kind: "none" };

export interface CioGetRequest {
  api: ApiName;
  /** Required for track and app; ignored for status. */
  region?: Region;
  /** Path below the base URL, starting with `/` (e.g. `/api/v1/accounts/region`). */
  path: string;
  query?: Record<string, string | number | undefined>;
  auth: Auth;
  /** Aborts the request (combined with the per-request timeout). */
  signal?: AbortSignal;
  /** Retry 408/429/5xx within the budget (default true). */
  retry?: boolean;
}

/** A response body, parsed tolerantly. */
export type ParsedBody =
  | { kind: "json"; value: unknown; text: string }
  | { kind: "html"; text: string }
  | { kind: "text"; text: string }
  | { kind: "empty" };

export interface CioResponse {
  status: number;
  /** Lower-cased header names. Never includes request headers. */
  headers: Record<string, string>;
  body: ParsedBody;
  /** True when the body was cut at the size cap. */
  truncated: boolean;
  /** Wall time of the whole request including retries and redirects. */
  latencyMs: number;
  /** The URL first requested (no credentials, no query secrets). */
  url: string;
  /** The final URL after followed redirects. */
  finalUrl: string;
  /** How many attempts were made (1 = no retry). */
  attempts: number;
  /** Milliseconds spent waiting for the App API rate limiter (0 when none). */
  queuedMs?: number;
  /**
   * A redirect the client refused to follow because its target is not a
   * configured Customer.io host (e.g. the App API's "wrong datacenter" 301).
   */
  blockedRedirect?: string;
}

/** Why a request produced no HTTP response at all. */
export type CioFailureKind = "timeout" | "network_error" | "cancelled";

export class CioRequestError extends Error {
  override name = "CioRequestError";
  constructor(
    readonly kind: CioFailureKind,
    message: string,
    readonly url: string,
    readonly latencyMs: number,
    /** e.g. ECONNREFUSED, ECONNRESET, ENOTFOUND, UND_ERR_HEADERS_TIMEOUT */
    readonly causeCode?: string,
  ) {
    super(message);
  }
}

export interface CioHttp {
  get(request: CioGetRequest): Promise<CioResponse>;
  /** The App API limiter every App request of this client passes (10 per second). */
  readonly limiter?: RateLimiter;
  /** The base URL for an API and region (for display in results). */
  baseUrl(api: ApiName, region?: Region): string;
  close(): Promise<void>;
}

/** What a probe produced: a response (any status) or no response at all. */
export type ProbeOutcome =
  | { kind: "response"; response: CioResponse }
  | { kind: "error"; error: CioRequestError };
