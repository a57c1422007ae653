/**
 * The one HTTP client: the only module that imports undici. It can only GET,
 * reaches only the configured Customer.io and status hosts, bounds every
 * request by CUSTOMERIO_TIMEOUT_MS (connect, headers and body, retries and
 * redirects included) and never lets a key into an error or a log line.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request, type Dispatcher } from "undici";
import type { Config, Region } from "../config.js";
import type { Logger } from "../log.js";
import type { Redactor } from "../redact.js";
import { VERSION } from "../version.js";
import { APP_API_REQUESTS_PER_SECOND, createRateLimiter, LimiterQueueTooLong, type RateLimiter } from "./limiter.js";
import {
  CioRequestError,
  type ApiName,
  type Auth,
  type CioGetRequest,
  type CioHttp,
  type CioResponse,
  type ParsedBody,
} from "./types.js";

/** Larger bodies are cut: no Customer.io answer we read comes near this. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_ATTEMPTS = 3;
export const MAX_REDIRECTS = 3;
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
// A stale keep-alive socket closed by the server shows up as one of these; a GET is safe to repeat.
const RETRYABLE_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);
const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
const BACKOFF_BASE_MS = 250;

/** Slack added to the limiter's one-second window for the time a request takes to leave and arrive. */
export const LIMITER_MARGIN_MS = 100;

export interface HttpClientOptions {
  redactor: Redactor;
  log: Logger;
  /** Replaces the shared keep-alive agent (tests pass a MockAgent). */
  dispatcher?: Dispatcher;
  /** Replaces the client's own App API limiter (tests and benchmarks). */
  limiter?: RateLimiter;
}

/**
 * App API endpoints with a small daily quota (App spec: `GET /v1/messages/{message_id}/archived_message`
 * answers 429 "rate limited to 100 request(s) per day"). A diagnosis must not spend a
 * workspace's daily quota, so the client refuses them outright.
 */
export const DAILY_QUOTA_ENDPOINTS: ReadonlyArray<{ operation: string; matches(path: string): boolean }> = [
  {
    operation: "GET /v1/messages/{message_id}/archived_message",
    matches: (path) => path.startsWith("/v1/messages/") && path.endsWith("/archived_message") && path.split("/").length === 5,
  },
];

/** Milliseconds to wait from a Retry-After value (delta-seconds or HTTP date); undefined if unusable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Parses a response body tolerantly: JSON when it parses, else HTML or text. */
export function parseBody(bytes: Uint8Array, contentType: string | undefined): ParsedBody {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.trim() === "") return { kind: "empty" };
  const type = (contentType ?? "").toLowerCase();
  const start = text.trimStart();
  if (type.includes("json") || start.startsWith("{") || start.startsWith("[")) {
    try {
      return { kind: "json", value: JSON.parse(text) as unknown, text };
    } catch {
      /* not JSON after all: fall through to HTML or text */
    }
  }
  if (type.includes("html") || /^<(!doctype|html|head|body|title)\b/i.test(start)) return { kind: "html", text };
  return { kind: "text", text };
}

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** A URL fit for display: no user info, no query, no fragment. */
function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function authorizationHeader(auth: Auth): string | undefined {
  if (auth.kind === "basic") return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}`;
  if (auth.kind === "bearer") return `Bearer ${auth.token}`;
  return undefined;
}

/** The most specific error code undici or Node attached to a failure. */
function errorCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  const codes: string[] = [];
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      const innerCode = errorCode(inner[0]);
      if (innerCode) codes.push(innerCode);
    }
    current = (current as { cause?: unknown }).cause;
  }
  // An OS code (ECONNREFUSED) says more than undici's wrapper (UND_ERR_SOCKET).
  return codes.find((c) => /^E[A-Z]+$/.test(c)) ?? codes[0];
}

function describeCode(code: string | undefined): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "connection reset by the server";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "UND_ERR_CONNECT_TIMEOUT":
      return "connecting timed out";
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "the server stopped answering";
    default:
      return "network failure";
  }
}

function isTimeoutReason(reason: unknown): boolean {
  return !!reason && typeof reason === "object" && (reason as { name?: string }).name === "TimeoutError";
}

/** Reads at most `limit` bytes, then stops reading and drops the connection. */
async function readCapped(body: Dispatcher.ResponseData["body"], limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      // Leaving the loop destroys the stream, so the rest is never downloaded.
      return { bytes: Buffer.concat(chunks, size), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks, size), truncated: false };
}

async function discard(body: Dispatcher.ResponseData["body"]): Promise<void> {
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    /* the connection is dropped instead */
  }
}

export function createHttpClient(config: Config, opts: HttpClientOptions): CioHttp {
  const { redactor, log } = opts;
  // One limiter per client, and the server and the CLI make one client per process, which every
  // tool (and every concurrent call) shares through ctx.http(): so one limiter per process.
  // The window is a little longer than the documented second: Customer.io counts requests as they
  // arrive, and a batch granted at t can reach it later than the next batch granted at t + 1 s
  // (measured in bench/trace.mjs: up to 19 arrivals in one second with an exact 1000 ms window).
  const limiter = opts.limiter ?? createRateLimiter(APP_API_REQUESTS_PER_SECOND, 1000 + LIMITER_MARGIN_MS);
  const ownAgent = opts.dispatcher
    ? undefined
    : // One keep-alive agent for the life of the server: connections are reused across calls.
      new Agent({
        keepAliveTimeout: 10_000,
        connections: 8,
        connect: { timeout: config.timeoutMs },
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      });
  const dispatcher: Dispatcher = opts.dispatcher ?? ownAgent!;

  const e = config.endpoints;
  const apiOrigins = new Set([e.track.us, e.track.eu, e.app.us, e.app.eu].map((u) => new URL(u).origin));
  const allOrigins = new Set([...apiOrigins, new URL(e.status).origin]);

  const baseUrl = (api: ApiName, region: Region = "us"): string => {
    if (api === "status") return e.status;
    return e[api][region];
  };

  const safe = (text: string) => redactor.redact(text);

  async function get(req: CioGetRequest): Promise<CioResponse> {
    if (req.api === "app") {
      const quota = DAILY_QUOTA_ENDPOINTS.find((q) => q.matches(req.path));
      if (quota) throw new Error(`${quota.operation} has a small daily quota and is never called by this server`);
    }
    const first = new URL(baseUrl(req.api, req.region) + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) first.searchParams.set(k, String(v));
    }
    const firstShown = safe(displayUrl(first) + first.search);

    // Every App API request first takes a slot of the client's 10-per-second limiter. The queue is
    // bounded by the caller's own deadline (its signal) and a call's longest life (2 × the
    // request budget), not by the request budget, which starts once the slot is granted.
    let queuedMs = 0;
    if (req.api === "app") {
      const queued = performance.now();
      try {
        queuedMs = (await limiter.acquire({ ...(req.signal ? { signal: req.signal } : {}), maxWaitMs: 2 * config.timeoutMs })).waitedMs;
      } catch (err) {
        const ms = Math.round(performance.now() - queued);
        if (err instanceof LimiterQueueTooLong) {
          throw new CioRequestError("timeout", `GET ${firstShown}: not sent, the App API rate-limit queue (10 requests per second) needed ${err.waitMs} ms`, firstShown, ms, "RATE_LIMIT_QUEUE");
        }
        const kind = isTimeoutReason(req.signal?.reason) ? "timeout" : "cancelled";
        throw new CioRequestError(kind, `GET ${firstShown}: ${kind === "timeout" ? "deadline reached" : "cancelled"} while queued for the App API rate limit, after ${ms} ms`, firstShown, ms, "RATE_LIMIT_QUEUE");
      }
    }
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const authorization = authorizationHeader(req.auth);
    if (req.auth.kind === "basic") redactor.addBasic(req.auth.user, req.auth.password);
    if (req.auth.kind === "bearer") redactor.add(req.auth.token);
    if (req.auth.kind === "basic") redactor.add(req.auth.password);

    // One budget for the whole request once it may go: connect, headers, body, waits, retries
    // and redirects. A plain timer this frame holds and clears (an AbortSignal.timeout combined
    // with AbortSignal.any can be collected before it fires).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no complete answer within ${config.timeoutMs} ms`, "TimeoutError"));
    }, config.timeoutMs);
    const onCallerAbort = () => controller.abort(req.signal!.reason);
    if (req.signal?.aborted) onCallerAbort();
    else req.signal?.addEventListener("abort", onCallerAbort, { once: true });
    const signal = controller.signal;
    const retry = req.retry !== false;

    let url = first;
    let attempts = 0;
    let redirects = 0;

    const fail = (err: unknown): never => {
      const ms = elapsed();
      if (req.signal?.aborted) {
        // The tool's own deadline is a timeout; anything else is the client cancelling.
        const kind = isTimeoutReason(req.signal.reason) ? "timeout" : "cancelled";
        throw new CioRequestError(kind, `GET ${firstShown}: ${kind === "timeout" ? "no answer before the deadline" : "cancelled"} after ${ms} ms`, firstShown, ms);
      }
      if (timedOut) {
        throw new CioRequestError("timeout", `GET ${firstShown}: no complete answer within ${config.timeoutMs} ms`, firstShown, ms);
      }
      const code = errorCode(err);
      const kind = code && TIMEOUT_CODES.has(code) ? "timeout" : "network_error";
      throw new CioRequestError(kind, safe(`GET ${firstShown}: ${describeCode(code)}${code ? ` (${code})` : ""} after ${ms} ms`), firstShown, ms, code);
    };

    /** Whether another attempt after `waitMs` still leaves that attempt a fair share of the budget. */
    const fitsBudget = (waitMs: number): boolean => {
      const remaining = config.timeoutMs - (performance.now() - started);
      return attempts < MAX_ATTEMPTS && waitMs + Math.min(1000, config.timeoutMs / 4) <= remaining;
    };

    async function run(): Promise<CioResponse> {
      // A small bounded loop rather than undici's RetryHandler: its waits are capped one
      // at a time (maxTimeout), not against a total deadline, and it hides how many
      // attempts were made; here both are explicit and the manual redirect check shares the loop.
      let followingRedirect = false;
      let sends = 0;
      for (;;) {
        if (!followingRedirect) attempts++;
        followingRedirect = false;
        if (req.api === "app" && sends++ > 0) {
          // A retry or a followed redirect takes another slot, within what is left of this request's budget.
          const remaining = config.timeoutMs - (performance.now() - started);
          try {
            const grant = await limiter.acquire({ signal, maxWaitMs: Math.max(0, remaining - Math.min(1000, config.timeoutMs / 4)) });
            queuedMs += grant.waitedMs;
          } catch (err) {
            if (err instanceof LimiterQueueTooLong) {
              throw new CioRequestError(
                "timeout",
                `GET ${firstShown}: not sent, the App API rate-limit queue (10 requests per second) needed ${err.waitMs} ms, more than the ${config.timeoutMs} ms budget`,
                firstShown,
                elapsed(),
                "RATE_LIMIT_QUEUE",
              );
            }
            return fail(err);
          }
        }
        const headers: Record<string, string> = {
          "user-agent": `customerio-doctor/${VERSION}`,
          accept: "application/json",
        };
        // Credentials go only to the configured Customer.io API hosts.
        if (authorization && apiOrigins.has(url.origin)) headers.authorization = authorization;

        let res: Dispatcher.ResponseData;
        try {
          res = await request(url, { method: "GET", headers, signal, dispatcher });
        } catch (err) {
          const code = errorCode(err);
          if (retry && !signal.aborted && code && RETRYABLE_NETWORK_CODES.has(code) && fitsBudget(0)) {
            log.debug(safe(`GET ${displayUrl(url)}: ${describeCode(code)}, trying again`));
            continue;
          }
          return fail(err);
        }

        const status = res.statusCode;
        const responseHeaders = headerRecord(res.headers as Record<string, string | string[] | undefined>);

        if (REDIRECT_STATUS.has(status) && responseHeaders.location) {
          let target: URL | undefined;
          try {
            target = new URL(responseHeaders.location, url);
          } catch {
            target = undefined;
          }
          if (target && allOrigins.has(target.origin) && redirects < MAX_REDIRECTS) {
            redirects++;
            await discard(res.body);
            log.debug(safe(`GET ${displayUrl(url)}: ${status} redirect to ${displayUrl(target)}`));
            url = target;
            followingRedirect = true;
            continue;
          }
          const blocked = target ? safe(displayUrl(target)) : safe(responseHeaders.location.slice(0, 200));
          log.info(safe(`GET ${displayUrl(url)}: ${status} redirect to ${blocked} not followed (not a configured host or too many redirects)`));
          return finish(res, status, responseHeaders, blocked);
        }

        // An App 429 without Retry-After is a daily quota: "If you hit a daily quota, this header
        // is not set" (App spec responses/429/headers/Retry-After); trying again today cannot help.
        const dailyQuota = req.api === "app" && status === 429 && responseHeaders["retry-after"] === undefined;
        if (retry && RETRYABLE_STATUS.has(status) && !dailyQuota) {
          const retryAfter = parseRetryAfter(responseHeaders["retry-after"]);
          const wait = retryAfter ?? BACKOFF_BASE_MS * 2 ** (attempts - 1);
          if (fitsBudget(wait)) {
            await discard(res.body);
            log.debug(safe(`GET ${displayUrl(url)}: ${status}, retrying in ${wait} ms (attempt ${attempts + 1})`));
            try {
              await sleep(wait, undefined, { signal });
            } catch (err) {
              return fail(err);
            }
            continue;
          }
        }
        return finish(res, status, responseHeaders, undefined);
      }
    }

    try {
      return await run();
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onCallerAbort);
    }

    async function finish(
      res: Dispatcher.ResponseData,
      status: number,
      headers: Record<string, string>,
      blockedRedirect: string | undefined,
    ): Promise<CioResponse> {
      let bytes: Buffer;
      let truncated: boolean;
      try {
        ({ bytes, truncated } = await readCapped(res.body, MAX_BODY_BYTES));
      } catch (err) {
        return fail(err);
      }
      const latencyMs = elapsed();
      log.debug(
        safe(`GET ${displayUrl(url)} → ${status} in ${latencyMs} ms (${attempts} attempt${attempts === 1 ? "" : "s"}${truncated ? ", body cut at 1 MiB" : ""})`),
      );
      const response: CioResponse = {
        status,
        headers,
        body: parseBody(bytes, headers["content-type"]),
        truncated,
        latencyMs,
        url: firstShown,
        finalUrl: safe(displayUrl(url) + url.search),
        attempts,
        queuedMs,
      };
      if (blockedRedirect !== undefined) response.blockedRedirect = blockedRedirect;
      return response;
    }
  }

  return {
    get,
    limiter,
    baseUrl,
    async close() {
      if (ownAgent) await ownAgent.destroy().catch(() => undefined);
    },
  };
}
