/**
 * Status code + body (+ URL, method, Retry-After) → a diagnosis in
 * Customer.io's terms. Pure: no I/O, the clock is passed in.
 *
 * Three stages, so each fact lands in one place:
 * - gather: which API and region, the body's shape and messages, Retry-After;
 * - diagnose: the known errors, the rate-limit kind, retryability, findings,
 *   and the causes and fixes of the API the request went to (no other);
 * - present: the summary and the result, each sentence said once.
 */
import type { Endpoints, Region } from "../config.js";
import { sortFindings, type Finding, type Severity } from "../findings.js";
import { ERROR_SIGNATURES } from "../knowledge/error-signatures.js";
import { LIMITS } from "../knowledge/limits.js";
import { statusCategory, statusCodeEntry, type StatusCategory } from "../knowledge/status-codes.js";
import type { AdviceApi, ApiKind, ErrorSignature, NextStep, Source, StatusCodeEntry } from "../knowledge/types.js";
import { parseErrorBody, type ErrorBodyShape, type ErrorDetail, type ParsedErrorBody } from "./error-body.js";
import { inferFromUrl, type UrlApi, type UrlInference } from "./request-url.js";

export type StatusApiInput = "track" | "app" | "transactional" | "pipelines" | "unknown";

export interface DiagnoseStatusInput {
  status: number;
  body?: string;
  api?: StatusApiInput;
  url?: string;
  method?: string;
  retry_after?: string;
}

export interface DiagnoseStatusOptions {
  endpoints: Endpoints;
  now: Date;
}

export interface MatchedError {
  id: string;
  message: string;
  explanation: string;
  fix: string;
}

/** Which limit a 429 hit: the per-second one (retry after Retry-After) or a daily quota (wait for the next day). */
export type RateLimitKind = "per_second" | "daily_quota";

export interface StatusDiagnosis {
  status: number;
  name: string;
  category: StatusCategory;
  retryable: boolean;
  retry_after_seconds: number | null;
  summary: string;
  causes: string[];
  fixes: string[];
  matched_errors: MatchedError[];
  related_pitfalls: number[];
  next_steps: NextStep[];
  findings: Finding[];
  /** The API the request went to, from the URL or the api argument. */
  api: UrlApi;
  /** The region of the host, when the URL tells. */
  region?: Region;
  /** Shape of the body, when one was given. */
  body_shape?: ErrorBodyShape;
  /** For a 429: which limit was hit, when the body or Retry-After tells. */
  rate_limit?: RateLimitKind;
  /** "confidence: note (url)", one per source of the answer. */
  sources: string[];
}

const API_LABEL: Record<UrlApi, string> = {
  track: "Track API",
  track_v2: "Track API v2",
  app: "App API",
  transactional: "transactional API",
  pipelines: "Pipelines API",
  status: "status page",
  unknown: "",
};

/** APIs that share a host, and so share error messages. */
type Family = "track" | "app" | "pipelines" | "status";

function family(api: ApiKind | UrlApi): Family | null {
  if (api === "track" || api === "track_v2") return "track";
  if (api === "app" || api === "transactional") return "app";
  if (api === "pipelines") return "pipelines";
  if (api === "status") return "status";
  return null;
}

/** The API whose causes and fixes apply; null shows every API's. */
function adviceApi(api: UrlApi): AdviceApi | null {
  if (api === "track" || api === "track_v2") return "track";
  if (api === "app" || api === "transactional" || api === "pipelines") return api;
  return null;
}

/** Standard reason phrases for statuses the knowledge base has no entry for. */
const REASON_PHRASES: Record<number, string> = {
  100: "Continue",
  101: "Switching Protocols",
  102: "Processing",
  103: "Early Hints",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  300: "Multiple Choices",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  402: "Payment Required",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a Teapot",
  421: "Misdirected Request",
  423: "Locked",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  501: "Not Implemented",
  505: "HTTP Version Not Supported",
  507: "Insufficient Storage",
  511: "Network Authentication Required",
  520: "Unknown Error (CDN)",
  521: "Web Server Is Down (CDN)",
  522: "Connection Timed Out (CDN)",
  523: "Origin Is Unreachable (CDN)",
  524: "A Timeout Occurred (CDN)",
};

interface ClassGuidance {
  meaning: string;
  retryable: boolean;
  causes: string[];
  fixes: string[];
  next_steps: NextStep[];
}

/** What any status of a class means when the knowledge base has no entry for it. */
const CLASS_GUIDANCE: Record<StatusCategory, ClassGuidance> = {
  informational: {
    meaning:
      "An interim 1xx response; Customer.io's APIs answer with a final status, so seeing one as the result points at the HTTP client or a proxy, not at Customer.io.",
    retryable: false,
    causes: ["The HTTP client surfaced an interim response instead of waiting for the final one.", "A proxy in between answered."],
    fixes: ["Log the final status of the request (upgrade or fix the HTTP client if it stops at a 1xx)."],
    next_steps: [{ tool: "run_diagnostics", reason: "Checks that the APIs answer normally from this environment." }],
  },
  success: {
    meaning:
      "A success status; Customer.io's APIs answer most calls with 200, and a success only means the request was accepted, not that a person was updated or a message sent.",
    retryable: false,
    causes: ["The request was accepted; any later problem shows in the person's activity log, not in the status."],
    fixes: ["If nothing happened afterwards, look at the person's profile, events and messages."],
    next_steps: [{ tool: "lookup_customer", reason: "Shows whether the profile, event or message actually arrived." }],
  },
  redirect: {
    meaning:
      "A redirect; Customer.io redirects requests sent to the wrong region's host, so the fix is to call the workspace's own region rather than to follow redirects blindly.",
    retryable: false,
    causes: [
      "The workspace is in the other data center than the host you called.",
      "A proxy or an old base URL redirects to the current host.",
    ],
    fixes: [
      "Configure the workspace's region (CUSTOMERIO_REGION=us or eu) so no redirect is needed.",
      "If you follow redirects, only to *.customer.io hosts, and keep the Authorization header only there.",
    ],
    next_steps: [
      { tool: "test_track_auth", reason: "Reports the region of the Track credentials." },
      { tool: "test_app_auth", reason: "Reports the region of the App API key." },
    ],
  },
  client_error: {
    meaning:
      "A client error: the request (credentials, path, method or body) is wrong for this endpoint; sending it again unchanged fails the same way.",
    retryable: false,
    causes: ["The path, method, headers or body do not fit the endpoint.", "The credentials lack access to it."],
    fixes: ["Read the body for the reason, fix the request, then resend."],
    next_steps: [
      { tool: "check_payload", reason: "Validates the request body against the documented limits." },
      { tool: "run_diagnostics", reason: "Checks credentials and region." },
    ],
  },
  server_error: {
    meaning: "A server error on Customer.io's side or in a proxy in front of it; it is usually transient.",
    retryable: true,
    causes: ["A transient failure or an incident at Customer.io.", "A CDN, load balancer or your own proxy failed (52x statuses come from CDNs)."],
    fixes: ["Retry with exponential backoff and jitter, a bounded number of times.", "Check the status page if it persists."],
    next_steps: [{ tool: "check_status_page", reason: "Shows whether Customer.io reports an incident." }],
  },
};

/** The first fix of a Pipelines 200 (status entry), reused by the silent-drop finding. */
const PIPELINES_STRICT_FIX = statusCodeEntry(200)?.by_api?.pipelines?.fixes?.[0] ?? "Send X-Strict-Mode: 1.";

const KB = 1024;
const kb = (bytes: number) => `${Math.round(bytes / KB)} KB`;

/** Extra hints for statuses without an entry that still have a usual cause with Customer.io. */
const UNLISTED_HINTS: Record<number, { cause: string; fix: string; tool?: NextStep }> = {
  407: {
    cause: "An outbound proxy between your app and Customer.io requires its own authentication.",
    fix: "Configure the proxy credentials in the HTTP client; this is not a Customer.io key problem.",
  },
  415: {
    cause: "The body was not sent as JSON.",
    fix: "Send Content-Type: application/json with a JSON body.",
  },
};

const MAX_RETRY_AFTER_SECONDS = 7 * 24 * 3600;
const HTTP_DATE = /^[a-z]{3},?\s{1,4}\d{1,2}[\s-][a-z]{3}[\s-]\d{2,4}\s{1,4}\d{2}:\d{2}:\d{2}\s{1,4}gmt$|^[a-z]{3}\s{1,4}[a-z]{3}\s{1,4}\d{1,2}\s{1,4}\d{2}:\d{2}:\d{2}\s{1,4}\d{4}$/i;

/**
 * Retry-After as delay-seconds ("30") or an HTTP date (seconds from now,
 * never below 0). Anything else is null.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (v === "") return null;
  if (/^\d{1,12}$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_SECONDS);
  if (v.length > 64 || !HTTP_DATE.test(v)) return null;
  const at = Date.parse(v);
  if (!Number.isFinite(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - now.getTime()) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

function clip(text: string, max = 200): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** Each knowledge-base source's line, made once: the same string every call, so sets hash it once. */
const SOURCE_LINES = new WeakMap<Source, string>();

function sourceLine(s: Source): string {
  let line = SOURCE_LINES.get(s);
  if (line === undefined) {
    line = `${s.confidence}: ${s.note}${s.url ? ` (${s.url})` : ""}`;
    SOURCE_LINES.set(s, line);
  }
  return line;
}

/** One line per distinct source; the spec pointers themselves are in the resources (cio://status-codes, cio://errors). */
function sourceLines(sources: readonly Source[]): string[] {
  return dedupe(sources.map(sourceLine));
}

// ─── gather ──────────────────────────────────────────────────────────────────

/** What the call tells, parsed: nothing decided yet. */
interface StatusFacts {
  status: number;
  category: StatusCategory;
  entry: StatusCodeEntry | undefined;
  /** The URL's inference (null without a usable URL). */
  inferred: UrlInference | null;
  rawUrl: string | undefined;
  /** The api argument, when it names an API. */
  claimed: UrlApi | null;
  api: UrlApi;
  region: Region | null;
  method: string | undefined;
  body: string;
  parsed: ParsedErrorBody | null;
  retryAfterRaw: string | undefined;
  retryAfterSeconds: number | null;
}

function gatherStatusFacts(input: DiagnoseStatusInput, opts: DiagnoseStatusOptions): StatusFacts {
  // Which API: the URL is concrete, the api argument is a claim.
  const inferred = input.url !== undefined && input.url.trim() !== "" ? inferFromUrl(input.url, opts.endpoints) : null;
  const claimed: UrlApi | null = input.api && input.api !== "unknown" ? input.api : null;
  const api: UrlApi = inferred && inferred.api !== "unknown" ? inferred.api : (claimed ?? "unknown");
  return {
    status: input.status,
    category: statusCategory(input.status),
    entry: statusCodeEntry(input.status),
    inferred,
    rawUrl: input.url,
    claimed,
    api,
    region: inferred?.region ?? null,
    method: input.method?.trim().toUpperCase() || undefined,
    body: input.body ?? "",
    parsed: input.body !== undefined ? parseErrorBody(input.body) : null,
    retryAfterRaw: input.retry_after,
    retryAfterSeconds: parseRetryAfter(input.retry_after, opts.now),
  };
}

// ─── diagnose ────────────────────────────────────────────────────────────────

/**
 * Signatures whose text is a generic HTTP phrase: they count only with their
 * own status, and never as a hint that the request went to another API.
 */
const GENERIC_SIGNATURES = new Set(["transactional_misspelled_uri", "reported_unauthorized", "reported_rate_limit_exceeded", "app_bad_request"]);

/** Signatures recognised on the JSON text itself (Track v2 errors[] structure), not on one message. */
const STRUCTURAL_SIGNATURES = new Set(["track_v2_validation_error", "track_v2_batch_partial_failure"]);

/** Raw bodies are matched only at their start; a real error body is small. */
const MAX_RAW_MATCH_CHARS = 64 * 1024;

function caseInsensitive(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace(/[gy]/g, "");
  return flags.includes("i") ? new RegExp(pattern.source, flags) : new RegExp(pattern.source, `${flags}i`);
}

const SIGNATURE_PATTERNS = new Map<string, RegExp>(ERROR_SIGNATURES.map((s) => [s.id, caseInsensitive(s.pattern)]));

interface SignatureMatch {
  signature: ErrorSignature;
  message: string;
  detail?: ErrorDetail;
}

/** The texts one error item is matched on (each at most a few hundred characters). */
function detailTexts(d: ErrorDetail): string[] {
  const combined = [d.reason, d.field, d.message].filter(Boolean).join(" ");
  return combined === d.message ? [d.message] : [d.message, combined];
}

/**
 * The known errors in a body. An App API errors[].code identifies its error
 * before any text does: an item whose code is known is not read by its text.
 */
function matchSignatures(status: number, parsed: ParsedErrorBody, rawBody: string, candidates: readonly ErrorSignature[]): SignatureMatch[] {
  const out: SignatureMatch[] = [];
  const byCode = new Set<ErrorDetail>();
  const usable = candidates.filter((s) => !(GENERIC_SIGNATURES.has(s.id) && !s.statuses.includes(status)));
  for (const signature of usable) {
    const hit = signature.codes ? parsed.details.find((d) => d.code !== undefined && signature.codes!.includes(d.code)) : undefined;
    if (hit) {
      byCode.add(hit);
      out.push({ signature, message: clip(hit.message, 300), detail: hit });
    }
  }
  const raw = rawBody.slice(0, MAX_RAW_MATCH_CHARS);
  // Each item's texts, made once for all the signatures.
  const texts = new Map<ErrorDetail, string[]>(parsed.details.map((d) => [d, detailTexts(d)]));
  for (const signature of usable) {
    if (out.some((m) => m.signature === signature)) continue;
    const pattern = SIGNATURE_PATTERNS.get(signature.id) ?? caseInsensitive(signature.pattern);
    const hit = parsed.details.find((d) => !byCode.has(d) && texts.get(d)!.some((t) => pattern.test(t)));
    if (hit) {
      out.push({ signature, message: clip(hit.message, 300), detail: hit });
    } else if (STRUCTURAL_SIGNATURES.has(signature.id) && raw && pattern.test(raw)) {
      const first = parsed.details[0];
      out.push({ signature, message: clip(first?.message ?? signature.message, 300), ...(first ? { detail: first } : {}) });
    }
  }
  return out;
}

/** "code invalid_credentials at /data/attributes/email: bad request (reference …)". */
function detailEvidence(message: string, d: ErrorDetail | undefined): string {
  const where = [d?.code ? `code ${d.code}` : "", d?.pointer ? `at ${d.pointer}` : ""].filter(Boolean).join(" ");
  return clip(where ? `${where}: ${message}` : message);
}

function statusSeverity(status: number, category: StatusCategory): Severity {
  if (status === 207) return "warning";
  if (category === "informational" || category === "success") return "info";
  if (category === "redirect" || status === 408 || status === 429) return "warning";
  return "error";
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Findings about the request itself: host, region, method and path. */
function requestFindings(f: StatusFacts): Finding[] {
  const { status, inferred, method: m } = f;
  const out: Finding[] = [];
  if (f.rawUrl !== undefined && f.rawUrl.trim() !== "" && inferred === null) {
    out.push({
      code: "invalid_url",
      severity: "warning",
      message: "The url argument is not an http(s) URL, so the API and region could not be inferred from it.",
      fix: "Pass the full request URL, e.g. https://track.customer.io/api/v1/customers/42/events.",
    });
    return out;
  }
  if (!inferred) return out;
  if (inferred.api !== "unknown" && f.claimed && family(f.claimed) !== family(inferred.api)) {
    out.push({
      code: "api_url_mismatch",
      severity: "info",
      message: `api says ${f.claimed} but the URL points at the ${API_LABEL[inferred.api]}; the URL is used.`,
    });
  }
  const where = `${m ? `${m} ` : ""}${inferred.host}${inferred.path}`;
  return [...out, ...hostFindings(inferred, where), ...endpointFindings(f, inferred, where), ...regionFindings(status, inferred, where)];
}

/** Hosts that are not Customer.io's current ones. */
function hostFindings(inferred: UrlInference, where: string): Finding[] {
  const out: Finding[] = [];
  if (inferred.matched === "none" || inferred.matched === "path") {
    out.push({
      code: "unrecognized_host",
      severity: "info",
      message: `${inferred.host} is not a Customer.io API host or a configured endpoint; if a proxy sits in between, the status may come from it rather than from Customer.io.`,
      evidence: clip(where),
    });
  }
  if (inferred.matched === "legacy" && inferred.api !== "status") {
    out.push({
      code: "legacy_host",
      severity: "info",
      message: `${inferred.host} is the legacy App API host; current hosts are api.customer.io (US) and api-eu.customer.io (EU).`,
      fix: "Point the client at the current App API host of the workspace's region.",
      evidence: clip(where),
    });
  }
  if (inferred.api === "status" && inferred.host.startsWith("status.customer.io")) {
    out.push({
      code: "status_page_host",
      severity: "warning",
      message: "status.customer.io is not Customer.io's status page host; the status page is status.customerio.com.",
      fix: "Use https://status.customerio.com/api/v2/summary.json (check_status_page reads it).",
    });
  }

  return out;
}

/** Paths and methods that do not exist, or do not mean what the caller thinks. */
function endpointFindings(f: StatusFacts, inferred: UrlInference, where: string): Finding[] {
  const { status, method: m } = f;
  const out: Finding[] = [];
  const path = inferred.path.replace(/\/+$/, "") || "/";
  const fam = family(inferred.api);
  if (fam === "track" && (m === "GET" || m === "HEAD") && /^\/api\/v1\/customers\/[^/]+$/.test(path)) {
    out.push({
      code: "undocumented_endpoint",
      severity: "warning",
      message:
        "The Track API has no GET /api/v1/customers/{id} (only PUT identify and DELETE), so its answer says nothing about whether the person exists.",
      fix: "Read a profile with the App API: GET /v1/customers/{id}/attributes with the App key (lookup_customer does this).",
      evidence: clip(where),
    });
  } else if (fam === "track" && (m === "GET" || m === "HEAD" || m === undefined) && path === "/api/v1/accounts") {
    out.push({
      code: "undocumented_endpoint",
      severity: "warning",
      message: "GET /api/v1/accounts is not a documented Track endpoint.",
      fix: "Test Track credentials with GET /api/v1/accounts/region (test_track_auth does this).",
      evidence: clip(where),
    });
  } else if (fam === "app" && path === "/v1/info/ip_addresses") {
    out.push({
      code: "not_an_auth_test",
      severity: "info",
      message: "GET /v1/info/ip_addresses is documented without an Authorization header, so its status says nothing about the App API key.",
      fix: "Test the App key with GET /v1/customers?email= or GET /v1/workspaces (test_app_auth does this).",
    });
  }
  if (fam === "track" && m && WRITE_METHODS.has(m)) {
    out.push({
      code: "write_request",
      severity: "info",
      message: `A ${m} to the Track API is a normal write for your application; this server only diagnoses it and never sends writes itself.`,
      fix: "To re-check the same credentials without changing data, use test_track_auth (GET /api/v1/accounts/region).",
    });
  }
  if (inferred.api === "transactional" && status === 405) {
    out.push({
      code: "transactional_path",
      severity: "error",
      message: `Customer.io documents 405 on transactional sends as a misspelled URI; the path was ${clip(inferred.path, 120)}.`,
      fix: "Use POST /v1/send/email (or /v1/send/push, /sms, /whatsapp, /in_app, /inbox_message).",
    });
  }
  if (inferred.api === "pipelines" && m && m !== "POST") {
    out.push({
      code: "pipelines_method",
      severity: "warning",
      message: `The Pipelines API has only POST operations (identify, track, page, screen, group, alias, batch); this was a ${m}.`,
      fix: "Send POST to https://cdp.customer.io/v1/<call> (cdp-eu.customer.io for EU); deletions are track calls with semantic event names.",
      evidence: clip(where),
    });
  }

  return out;
}

/** A status that says the workspace lives in the other region. */
function regionFindings(status: number, inferred: UrlInference, where: string): Finding[] {
  const out: Finding[] = [];
  const fam = family(inferred.api);
  if (inferred.region) {
    const other = inferred.region === "us" ? "EU" : "US";
    if (status === 301 && fam === "app") {
      out.push({
        code: "region_mismatch",
        severity: "error",
        message: `The App API host for the ${inferred.region.toUpperCase()} region answered "wrong datacenter": the workspace is in the ${other} data center.`,
        fix: `Set CUSTOMERIO_REGION=${other.toLowerCase()} (Region${other} in customerio-node) and call ${other === "EU" ? "api-eu.customer.io" : "api.customer.io"}.`,
        evidence: clip(where),
      });
    } else if (status === 401 && (fam === "app" || fam === "track")) {
      const detail =
        fam === "track" && inferred.region === "eu"
          ? "a US workspace's credentials fail on track-eu.customer.io"
          : fam === "app" && inferred.region === "us"
            ? "an EU workspace's key on the US App API host has been seen to answer 401"
            : `credentials of a${other === "EU" ? "n" : ""} ${other} workspace fail on this host`;
      out.push({
        code: "possible_region_mismatch",
        severity: "info",
        message: `The request went to the ${inferred.region.toUpperCase()} host; ${detail}, so a 401 here can be a region problem rather than a bad key.`,
        fix: fam === "track" ? "Run test_track_auth: it reports the region of the Track credentials." : "Run test_app_auth: it reports the region of the key.",
        evidence: clip(where),
      });
    }
  }
  return out;
}

/** The known errors of the body: those of the API the request went to, else another API's (and say so). */
function knownErrors(f: StatusFacts): { matches: SignatureMatch[]; findings: Finding[] } {
  if (!f.parsed) return { matches: [], findings: [] };
  const fam = family(f.api);
  const inFamily = fam ? ERROR_SIGNATURES.filter((s) => s.apis.some((a) => family(a) === fam)) : ERROR_SIGNATURES;
  const matches = matchSignatures(f.status, f.parsed, f.body, inFamily);
  if (matches.length > 0 || !fam) return { matches, findings: [] };
  // A message another API sends says the request went somewhere else than believed.
  const elsewhere = ERROR_SIGNATURES.filter((s) => !inFamily.includes(s) && !GENERIC_SIGNATURES.has(s.id));
  const other = matchSignatures(f.status, f.parsed, f.body, elsewhere);
  return {
    matches: other,
    findings: other.map((m) => ({
      code: "api_mismatch",
      severity: "info" as const,
      message: `"${clip(m.signature.message, 80)}" is a message of the ${m.signature.apis.map((a) => API_LABEL[a]).join(" / ")}, not of the ${API_LABEL[f.api]}; check where the request really went.`,
    })),
  };
}

function rateLimitKind(f: StatusFacts, matches: readonly SignatureMatch[]): RateLimitKind | undefined {
  if (f.status !== 429) return undefined;
  if (matches.some((m) => m.signature.id === "app_daily_quota")) return "daily_quota";
  if (matches.some((m) => m.signature.id === "app_rate_limit") || f.retryAfterSeconds !== null) return "per_second";
  return undefined;
}

interface Advice {
  meaning: string;
  readonly causes: readonly string[];
  readonly fixes: readonly string[];
}

/** adviceFor of each status entry and API, made once: the knowledge base is constant (callers only read it). */
const ADVICE = new WeakMap<StatusCodeEntry, Map<AdviceApi | null, Advice>>();

/** The meaning, causes and fixes of this status for the API the request went to (all APIs' when unknown). */
function adviceFor(f: StatusFacts): Advice {
  const guidance = CLASS_GUIDANCE[f.category];
  const entry = f.entry;
  if (!entry) return { meaning: guidance.meaning, causes: guidance.causes, fixes: guidance.fixes };
  const which = adviceApi(f.api);
  let perApi = ADVICE.get(entry);
  if (!perApi) ADVICE.set(entry, (perApi = new Map()));
  let advice = perApi.get(which);
  if (!advice) perApi.set(which, (advice = entryAdvice(entry, which)));
  return advice;
}

function entryAdvice(entry: StatusCodeEntry, which: AdviceApi | null): Advice {
  if (which) {
    const own = entry.by_api?.[which];
    return {
      meaning: own?.meaning ?? entry.meaning,
      causes: [...(own?.causes ?? []), ...entry.causes],
      fixes: [...(own?.fixes ?? []), ...entry.fixes],
    };
  }
  const all = Object.values(entry.by_api ?? {});
  return {
    meaning: entry.meaning,
    causes: [...entry.causes, ...all.flatMap((a) => a.causes ?? [])],
    fixes: [...entry.fixes, ...all.flatMap((a) => a.fixes ?? [])],
  };
}

interface Verdict {
  name: string;
  meaning: string;
  retryable: boolean;
  rateLimit: RateLimitKind | undefined;
  /** The retry instruction, when there is one to give. */
  retryFix: string | undefined;
  matches: SignatureMatch[];
  causes: string[];
  fixes: string[];
  /** Every finding but the headline one (made at presentation, once the summary is known). */
  findings: Finding[];
  related_pitfalls: number[];
  next_steps: NextStep[];
  sources: string[];
}

/** One finding per known error of the body. */
function errorFindings(status: number, matches: readonly SignatureMatch[]): Finding[] {
  return matches.map((m) => {
    const pitfall = m.signature.related_pitfalls[0];
    const unverified = m.signature.sources.every((s) => s.confidence === "unverified");
    return {
      code: m.signature.id,
      // A partial batch succeeded in part; a daily quota is a wait, not a failure of the request.
      severity: status === 207 || m.signature.id === "app_daily_quota" ? "warning" : "error",
      message: unverified ? `${m.signature.explanation} (This body text is not documented by Customer.io.)` : m.signature.explanation,
      fix: m.signature.fix,
      ...(pitfall !== undefined ? { pitfall } : {}),
      evidence: detailEvidence(m.message, m.detail),
    };
  });
}

/** What the body itself says beyond known errors: an HTML page from a proxy, or an error no signature knows. */
function bodyFindings(f: StatusFacts, matches: readonly SignatureMatch[]): Finding[] {
  const parsed = f.parsed;
  if (parsed?.shape === "html") {
    return [
      {
        code: "html_error_page",
        severity: "info",
        message:
          "The body is an HTML page, while Customer.io's APIs answer JSON: it usually comes from a proxy, load balancer, CDN or captive portal in front of the API.",
        fix: "Check the proxies and gateways between your app and Customer.io, and the status page.",
        ...(parsed.messages[0] ? { evidence: clip(parsed.messages[0], 120) } : {}),
      },
    ];
  }
  if (!parsed || matches.length > 0 || parsed.details.length === 0 || f.category === "success") return [];
  const first = parsed.details[0]!;
  return [
    {
      code: "unrecognized_error_message",
      severity: "info",
      message: first.code
        ? "The body carries an App API error code this server does not know; the code is stable, the detail is for people."
        : "The body carries an error message this server does not know; read it for the field or reason at fault.",
      evidence: detailEvidence(first.message, first),
    },
  ];
}

/** Whether to retry: a known error may decide it (the daily quota: no), else the status. */
function isRetryable(f: StatusFacts, matches: readonly SignatureMatch[]): boolean {
  const decided = matches.map((m) => m.signature.retryable).filter((r): r is boolean => r !== undefined);
  if (decided.length > 0) return decided.every(Boolean);
  return f.entry ? f.entry.retryable : CLASS_GUIDANCE[f.category].retryable;
}

/** The retry instruction, when there is one to give. */
function retryInstruction(f: StatusFacts, retryable: boolean, rateLimit: RateLimitKind | undefined): string | undefined {
  if (rateLimit === "daily_quota" || !retryable) return undefined;
  if (f.retryAfterSeconds !== null) return `Wait ${f.retryAfterSeconds} s as Retry-After asks, then retry with exponential backoff and jitter if it fails again.`;
  if (f.status === 429 || f.status === 503) return "No Retry-After was given: back off exponentially with jitter before retrying.";
  return undefined;
}

/** Findings about retrying and about the behaviour of the API called (rate-limit kind, idempotency, silent drops). */
function behaviourFindings(f: StatusFacts, rateLimit: RateLimitKind | undefined): Finding[] {
  const out: Finding[] = [];
  if (f.retryAfterRaw !== undefined && f.retryAfterRaw.trim() !== "" && f.retryAfterSeconds === null) {
    out.push({
      code: "retry_after_invalid",
      severity: "warning",
      message: "The Retry-After value is neither a number of seconds nor an HTTP date, so it cannot be honoured.",
      fix: "Fall back to exponential backoff with jitter.",
      evidence: clip(f.retryAfterRaw, 60),
    });
  }
  // Only the App API documents a daily quota (the transactional limit is a soft rate).
  if (f.status === 429 && rateLimit === undefined && f.api === "app") {
    out.push({
      code: "rate_limit_kind_unknown",
      severity: "info",
      message:
        "The App API's per-second limit always sends Retry-After; a 429 without it (and a body saying \"per day\") is a daily quota, which resets only the next day.",
      fix: "Pass the Retry-After header and the body to tell the two apart.",
    });
  }
  if (f.api === "transactional" && (f.status === 408 || f.category === "server_error")) {
    out.push({
      code: "transactional_not_idempotent",
      severity: "warning",
      message: "Transactional sends have no idempotency key: after a timeout or server error the message may already be queued.",
      fix: "Check the person's recent messages (or your delivery_id records) before resending, so the person does not get it twice.",
    });
  }
  if (f.api === "pipelines" && f.status === 200) {
    out.push({
      code: "pipelines_silent_drop",
      severity: "warning",
      message: `Unless the request sent X-Strict-Mode: 1, this 200 does not prove the call went through: the Pipelines API also answers 200 for an invalid call and for one over ${kb(LIMITS.pipelinesRequestBytes.value)} (a batch over ${kb(LIMITS.pipelinesBatchBytes.value)}), and drops it.`,
      // The same words as the status entry's first Pipelines fix: said once, in the summary.
      fix: PIPELINES_STRICT_FIX,
    });
  }
  return out;
}

function diagnoseFacts(f: StatusFacts): Verdict {
  const { status, entry } = f;
  const known = knownErrors(f);
  const matches = known.matches;
  const rateLimit = rateLimitKind(f, matches);
  const retryable = isRetryable(f, matches);
  const findings: Finding[] = [
    ...requestFindings(f),
    ...known.findings,
    ...errorFindings(status, matches),
    ...bodyFindings(f, matches),
    ...behaviourFindings(f, rateLimit),
  ];

  const advice = adviceFor(f);
  const hint = entry ? undefined : UNLISTED_HINTS[status];
  const retryFix = retryInstruction(f, retryable, rateLimit);
  const causes = dedupe([...matches.map((m) => m.signature.explanation), ...(hint ? [hint.cause] : []), ...advice.causes]);
  const fixes = dedupe([...(retryFix ? [retryFix] : []), ...matches.map((m) => m.signature.fix), ...(hint ? [hint.fix] : []), ...advice.fixes]);
  const related_pitfalls = [...new Set([...(entry?.related_pitfalls ?? []), ...matches.flatMap((m) => m.signature.related_pitfalls)])].sort(
    (a, b) => a - b,
  );

  return {
    name: entry?.name ?? REASON_PHRASES[status] ?? `HTTP ${status}`,
    meaning: advice.meaning,
    retryable,
    rateLimit,
    retryFix,
    matches,
    causes,
    fixes,
    findings,
    related_pitfalls,
    next_steps: nextSteps(f, findings, related_pitfalls, hint?.tool),
    sources: sourceLines([...(entry?.sources ?? []), ...matches.flatMap((m) => m.signature.sources)]),
  };
}

/** This status's next tools, then those the findings call for, minus the tools that check another API's credentials. */
function nextSteps(f: StatusFacts, findings: readonly Finding[], pitfalls: readonly number[], hintTool: NextStep | undefined): NextStep[] {
  const fam = family(f.api);
  const steps: NextStep[] = [...(f.entry?.next_steps ?? CLASS_GUIDANCE[f.category].next_steps), ...(hintTool ? [hintTool] : [])];
  if (findings.some((x) => x.code === "region_mismatch" || x.code === "possible_region_mismatch")) {
    steps.unshift(
      fam === "track"
        ? { tool: "test_track_auth", reason: "Reports which region the Track credentials belong to." }
        : { tool: "test_app_auth", reason: "Reports which region the App API key belongs to." },
    );
  }
  if (fam === "pipelines" && (f.status === 200 || f.status === 400 || f.status === 413)) {
    steps.unshift({ tool: "check_payload", reason: "Checks Pipelines calls (pipelines_track, pipelines_batch…) for the 32 KB / 500 KB limits and missing identifiers." });
  }
  if (findings.some((x) => x.code === "html_error_page") && f.category === "server_error") {
    steps.push({ tool: "check_status_page", reason: "Shows whether Customer.io reports an incident." });
  }
  if (pitfalls.length > 0 && !steps.some((s) => s.tool === "explain_pitfall")) {
    steps.push({ tool: "explain_pitfall", reason: `Shows the wrong and correct code for pitfall ${pitfalls.join(", ")}.` });
  }
  const foreignAuth = (tool: string) =>
    (fam === "track" && tool === "test_app_auth") ||
    (fam === "app" && tool === "test_track_auth") ||
    // No check of this server tests a Pipelines write key; run_diagnostics still helps with an outage.
    (fam === "pipelines" && (tool === "test_track_auth" || tool === "test_app_auth" || (tool === "run_diagnostics" && f.category !== "server_error")));
  const seen = new Set<string>();
  return steps
    .filter((s) => !foreignAuth(s.tool) && s.tool !== "diagnose_status_code")
    .filter((s) => (seen.has(s.tool) ? false : (seen.add(s.tool), true)))
    .slice(0, 4);
}

// ─── present ─────────────────────────────────────────────────────────────────

function retrySentence(f: StatusFacts, v: Verdict): string {
  if (f.category === "success" && f.status !== 207) return "Nothing to retry.";
  if (v.rateLimit === "daily_quota") return "Not retryable today: the daily quota resets the next day (no Retry-After is sent for it).";
  if (!v.retryable) return "Not retryable as is: fix the cause first.";
  if (f.retryAfterSeconds !== null) return `Retryable: wait ${f.retryAfterSeconds} s (Retry-After), then retry with exponential backoff.`;
  return "Retryable with exponential backoff and jitter.";
}

function present(f: StatusFacts, v: Verdict): StatusDiagnosis {
  const where = API_LABEL[f.api] ? ` from the ${API_LABEL[f.api]}${f.region ? ` (${f.region.toUpperCase()})` : ""}` : "";
  // The summary names the one fix to do first; the finding that holds it then keeps only its message.
  const first = v.matches[0];
  const topFix = first ? first.signature.fix : v.fixes.find((x) => x !== v.retryFix);
  const summary = `${f.status} ${v.name}${where}. ${retrySentence(f, v)}${topFix ? ` Fix: ${topFix}` : ""}`;

  const said = new Set<string>(topFix ? [topFix] : []);
  const findings = v.findings.map((x) => {
    if (x.fix === undefined || !said.has(x.fix)) {
      if (x.fix) said.add(x.fix);
      return x;
    }
    const { fix: _fix, ...rest } = x;
    return rest;
  });
  const headlineFix = v.fixes.find((x) => !said.has(x));
  const statusPitfall = f.entry?.related_pitfalls.length === 1 ? f.entry.related_pitfalls[0] : undefined;
  const evidence = [
    API_LABEL[f.api] ? `api: ${API_LABEL[f.api]}` : "",
    f.region ? `region: ${f.region}` : "",
    f.retryAfterSeconds !== null ? `Retry-After: ${f.retryAfterSeconds} s` : "",
  ]
    .filter(Boolean)
    .join("; ");
  const headline: Finding = {
    code: `status_${f.status}`,
    severity: f.api === "pipelines" && f.status === 200 ? "warning" : statusSeverity(f.status, f.category),
    message: `${f.status} ${v.name}: ${v.meaning}`,
    ...(headlineFix ? { fix: headlineFix } : {}),
    ...(statusPitfall !== undefined ? { pitfall: statusPitfall } : {}),
    ...(evidence ? { evidence } : {}),
  };

  return {
    status: f.status,
    name: v.name,
    category: f.category,
    retryable: v.retryable,
    retry_after_seconds: f.retryAfterSeconds,
    summary,
    causes: v.causes,
    fixes: v.fixes,
    matched_errors: v.matches.map((m) => ({ id: m.signature.id, message: m.message, explanation: m.signature.explanation, fix: m.signature.fix })),
    related_pitfalls: v.related_pitfalls,
    next_steps: v.next_steps,
    findings: sortFindings([...findings, headline]),
    api: f.api,
    ...(f.region ? { region: f.region } : {}),
    ...(f.parsed ? { body_shape: f.parsed.shape } : {}),
    ...(v.rateLimit ? { rate_limit: v.rateLimit } : {}),
    sources: v.sources,
  };
}

export function diagnoseStatus(input: DiagnoseStatusInput, opts: DiagnoseStatusOptions): StatusDiagnosis {
  const facts = gatherStatusFacts(input, opts);
  return present(facts, diagnoseFacts(facts));
}
