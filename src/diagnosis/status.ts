/**
 * Status code + body (+ URL, method, Retry-After) → a diagnosis in
 * Customer.io's terms. Pure: no I/O, the clock is passed in.
 */
import type { Endpoints, Region } from "../config.js";
import { sortFindings, type Finding, type Severity } from "../findings.js";
import { ERROR_SIGNATURES } from "../knowledge/error-signatures.js";
import { statusCategory, statusCodeEntry, type StatusCategory } from "../knowledge/status-codes.js";
import type { ApiKind, ErrorSignature, NextStep, Source } from "../knowledge/types.js";
import { parseErrorBody, type ErrorBodyShape } from "./error-body.js";
import { inferFromUrl, type UrlApi, type UrlInference } from "./request-url.js";

export type StatusApiInput = "track" | "app" | "transactional" | "unknown";

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
  region: Region | null;
  /** Shape of the body, or null when no body was given. */
  body_shape: ErrorBodyShape | null;
  sources: Source[];
}

const API_LABEL: Record<UrlApi, string> = {
  track: "Track API",
  track_v2: "Track API v2",
  app: "App API",
  transactional: "transactional API",
  status: "status page",
  unknown: "",
};

type Family = "track" | "app" | "status";

function family(api: ApiKind | UrlApi): Family | null {
  if (api === "track" || api === "track_v2") return "track";
  if (api === "app" || api === "transactional") return "app";
  if (api === "status") return "status";
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

/** Extra hints for statuses without an entry that still have a usual cause with Customer.io. */
const UNLISTED_HINTS: Record<number, { cause: string; fix: string; tool?: NextStep }> = {
  407: {
    cause: "An outbound proxy between your app and Customer.io requires its own authentication.",
    fix: "Configure the proxy credentials in the HTTP client; this is not a Customer.io key problem.",
  },
  413: {
    cause: "The body is over a size limit (Track v2: 32 KB per request or item, 500 KB per batch; transactional: 2048 KB).",
    fix: "Split the request (smaller batches, fewer or shorter attributes) under the documented limits.",
    tool: { tool: "check_payload", reason: "Measures the body against the documented size limits." },
  },
  415: {
    cause: "The body was not sent as JSON.",
    fix: "Send Content-Type: application/json with a JSON body.",
  },
};

const MAX_RETRY_AFTER_SECONDS = 7 * 24 * 3600;
const HTTP_DATE = /^[a-z]{3},?\s+\d{1,2}[\s-][a-z]{3}[\s-]\d{2,4}\s+\d{2}:\d{2}:\d{2}\s+gmt$|^[a-z]{3}\s+[a-z]{3}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\d{4}$/i;

/**
 * Retry-After as delay-seconds ("30") or an HTTP date (seconds from now,
 * never below 0). Anything else is null.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (v === "") return null;
  if (/^\d{1,12}$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_SECONDS);
  if (!HTTP_DATE.test(v)) return null;
  const at = Date.parse(v);
  if (!Number.isFinite(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - now.getTime()) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

function clip(text: string, max = 200): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function caseInsensitive(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace(/[gy]/g, "");
  return flags.includes("i") ? new RegExp(pattern.source, flags) : new RegExp(pattern.source, `${flags}i`);
}

const SIGNATURE_PATTERNS = new Map<string, RegExp>(ERROR_SIGNATURES.map((s) => [s.id, caseInsensitive(s.pattern)]));

/**
 * Signatures whose text is a generic HTTP phrase: they count only with their
 * own status, and never as a hint that the request went to another API.
 */
const GENERIC_SIGNATURES = new Set(["transactional_misspelled_uri", "reported_unauthorized", "reported_rate_limit_exceeded"]);

/** Raw bodies are matched only at their start; a real error body is small. */
const MAX_RAW_MATCH_CHARS = 64 * 1024;

interface SignatureMatch {
  signature: ErrorSignature;
  message: string;
}

function matchSignatures(
  status: number,
  texts: string[],
  rawBody: string,
  candidates: readonly ErrorSignature[],
): SignatureMatch[] {
  const out: SignatureMatch[] = [];
  const raw = rawBody.slice(0, MAX_RAW_MATCH_CHARS);
  for (const signature of candidates) {
    if (GENERIC_SIGNATURES.has(signature.id) && !signature.statuses.includes(status)) continue;
    const pattern = SIGNATURE_PATTERNS.get(signature.id) ?? caseInsensitive(signature.pattern);
    const hit = texts.find((t) => pattern.test(t));
    if (hit !== undefined) {
      out.push({ signature, message: clip(hit, 300) });
      continue;
    }
    // Structural signatures (Track v2 errors[]) are recognised on the JSON text itself.
    if (raw && pattern.test(raw)) out.push({ signature, message: clip(texts[0] ?? signature.message, 300) });
  }
  return out;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

function dedupeSources(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.confidence}|${s.url ?? ""}|${s.note}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function statusSeverity(status: number, category: StatusCategory): Severity {
  if (status === 207) return "warning";
  if (category === "informational" || category === "success") return "info";
  if (category === "redirect" || status === 408 || status === 429) return "warning";
  return "error";
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Findings about the request itself: host, region, method and path. */
function requestFindings(
  status: number,
  inferred: UrlInference | null,
  rawUrl: string | undefined,
  method: string | undefined,
): Finding[] {
  const out: Finding[] = [];
  if (rawUrl !== undefined && rawUrl.trim() !== "" && inferred === null) {
    out.push({
      code: "invalid_url",
      severity: "warning",
      message: "The url argument is not an http(s) URL, so the API and region could not be inferred from it.",
      fix: "Pass the full request URL, e.g. https://track.customer.io/api/v1/customers/42/events.",
    });
    return out;
  }
  if (!inferred) return out;
  const m = method?.trim().toUpperCase();
  const path = inferred.path.replace(/\/+$/, "") || "/";
  const where = `${m ? `${m} ` : ""}${inferred.host}${inferred.path}`;

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
      fix: "Use POST /v1/send/email (or /v1/send/push, /sms, /in_app, /inbox_message).",
    });
  }

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
            : `credentials of a ${other} workspace fail on this host`;
      out.push({
        code: "possible_region_mismatch",
        severity: "info",
        message: `The request went to the ${inferred.region.toUpperCase()} host; ${detail}, so a 401 here can be a region problem rather than a bad key.`,
        fix: fam === "track" ? "Run test_track_auth: it reports the region of the credentials." : "Run test_app_auth: it reports the region of the key.",
        evidence: clip(where),
      });
    }
  }
  return out;
}

export function diagnoseStatus(input: DiagnoseStatusInput, opts: DiagnoseStatusOptions): StatusDiagnosis {
  const status = input.status;
  const category = statusCategory(status);
  const entry = statusCodeEntry(status);
  const guidance = CLASS_GUIDANCE[category];
  const findings: Finding[] = [];

  // Which API: the URL is concrete, the api argument is a claim.
  const inferred = input.url !== undefined && input.url.trim() !== "" ? inferFromUrl(input.url, opts.endpoints) : null;
  const claimed: UrlApi | null = input.api && input.api !== "unknown" ? input.api : null;
  let api: UrlApi = claimed ?? "unknown";
  if (inferred && inferred.api !== "unknown") {
    if (claimed && family(claimed) !== family(inferred.api)) {
      findings.push({
        code: "api_url_mismatch",
        severity: "info",
        message: `api says ${claimed} but the URL points at the ${API_LABEL[inferred.api]}; the URL is used.`,
      });
    }
    api = inferred.api;
  }
  const region = inferred?.region ?? null;
  findings.push(...requestFindings(status, inferred, input.url, input.method));

  // The body: its shape, its messages, and the known errors among them.
  const body = input.body ?? "";
  const parsed = input.body !== undefined ? parseErrorBody(body) : null;
  const texts = parsed ? dedupe([...parsed.messages, ...parsed.details.map((d) => [d.reason, d.field, d.message].filter(Boolean).join(" "))]) : [];
  const fam = family(api);
  const inFamily = fam ? ERROR_SIGNATURES.filter((s) => s.apis.some((a) => family(a) === fam)) : ERROR_SIGNATURES;
  let matches = parsed ? matchSignatures(status, texts, body, inFamily) : [];
  if (parsed && matches.length === 0 && fam) {
    // A message another API sends says the request went somewhere else than believed.
    const elsewhere = ERROR_SIGNATURES.filter((s) => !inFamily.includes(s) && !GENERIC_SIGNATURES.has(s.id));
    matches = matchSignatures(status, texts, body, elsewhere);
    for (const m of matches) {
      findings.push({
        code: "api_mismatch",
        severity: "info",
        message: `"${clip(m.signature.message, 80)}" is a message of the ${m.signature.apis.map((a) => API_LABEL[a]).join(" / ")}, not of the ${API_LABEL[api]}; check where the request really went.`,
      });
    }
  }
  const matched_errors: MatchedError[] = matches.map((m) => ({
    id: m.signature.id,
    message: m.message,
    explanation: m.signature.explanation,
    fix: m.signature.fix,
  }));
  for (const m of matches) {
    const pitfall = m.signature.related_pitfalls[0];
    const unverified = m.signature.sources.every((s) => s.confidence === "unverified");
    findings.push({
      code: m.signature.id,
      // A partial batch succeeded in part; every other known error means the request failed.
      severity: status === 207 ? "warning" : "error",
      message: unverified ? `${m.signature.explanation} (This body text is not documented by Customer.io.)` : m.signature.explanation,
      fix: m.signature.fix,
      ...(pitfall !== undefined ? { pitfall } : {}),
      evidence: clip(m.message),
    });
  }
  if (parsed?.shape === "html") {
    findings.push({
      code: "html_error_page",
      severity: "info",
      message:
        "The body is an HTML page, while Customer.io's APIs answer JSON: it usually comes from a proxy, load balancer, CDN or captive portal in front of the API.",
      fix: "Check the proxies and gateways between your app and Customer.io, and the status page.",
      ...(parsed.messages[0] ? { evidence: clip(parsed.messages[0], 120) } : {}),
    });
  } else if (parsed && matches.length === 0 && parsed.messages.length > 0 && category !== "success") {
    findings.push({
      code: "unrecognized_error_message",
      severity: "info",
      message: "The body carries an error message this server does not know; read it for the field or reason at fault.",
      evidence: clip(parsed.messages[0] ?? ""),
    });
  }

  // Retrying.
  const retryable = entry ? entry.retryable : guidance.retryable;
  const retry_after_seconds = parseRetryAfter(input.retry_after, opts.now);
  if (input.retry_after !== undefined && input.retry_after.trim() !== "" && retry_after_seconds === null) {
    findings.push({
      code: "retry_after_invalid",
      severity: "warning",
      message: "The Retry-After value is neither a number of seconds nor an HTTP date, so it cannot be honoured.",
      fix: "Fall back to exponential backoff with jitter.",
      evidence: clip(input.retry_after, 60),
    });
  }
  if (api === "transactional" && (status === 408 || category === "server_error")) {
    findings.push({
      code: "transactional_not_idempotent",
      severity: "warning",
      message: "Transactional sends have no idempotency key: after a timeout or server error the message may already be queued.",
      fix: "Check the person's recent messages (or your delivery_id records) before resending, so the person does not get it twice.",
    });
  }

  const name = entry?.name ?? REASON_PHRASES[status] ?? `HTTP ${status}`;
  const meaning = entry?.meaning ?? guidance.meaning;
  const hint = entry ? undefined : UNLISTED_HINTS[status];

  const retryFix =
    retryable && retry_after_seconds !== null
      ? `Wait ${retry_after_seconds} s as Retry-After asks, then retry with exponential backoff and jitter if it fails again.`
      : retryable && (status === 429 || status === 503)
        ? "No Retry-After was given: back off exponentially with jitter before retrying."
        : undefined;

  const causes = dedupe([
    ...matches.map((m) => m.signature.explanation),
    ...(hint ? [hint.cause] : []),
    ...(entry?.causes ?? guidance.causes),
  ]);
  const fixes = dedupe([
    ...(retryFix ? [retryFix] : []),
    ...matches.map((m) => m.signature.fix),
    ...(hint ? [hint.fix] : []),
    ...(entry?.fixes ?? guidance.fixes),
  ]);
  const related_pitfalls = [...new Set([...(entry?.related_pitfalls ?? []), ...matches.flatMap((m) => m.signature.related_pitfalls)])].sort(
    (a, b) => a - b,
  );

  // The status itself, as the headline finding.
  const statusPitfall = entry?.related_pitfalls.length === 1 ? entry.related_pitfalls[0] : undefined;
  const evidence = [
    API_LABEL[api] ? `api: ${API_LABEL[api]}` : "",
    region ? `region: ${region}` : "",
    retry_after_seconds !== null ? `Retry-After: ${retry_after_seconds} s` : "",
  ]
    .filter(Boolean)
    .join("; ");
  findings.push({
    code: `status_${status}`,
    severity: statusSeverity(status, category),
    message: `${status} ${name}: ${meaning}`,
    ...(fixes[0] ? { fix: fixes[0] } : {}),
    ...(statusPitfall !== undefined ? { pitfall: statusPitfall } : {}),
    ...(evidence ? { evidence } : {}),
  });

  // Next steps: this status's, then those the findings call for, minus the other API's auth test.
  const steps: NextStep[] = [...(entry?.next_steps ?? guidance.next_steps), ...(hint?.tool ? [hint.tool] : [])];
  if (findings.some((f) => f.code === "region_mismatch" || f.code === "possible_region_mismatch")) {
    steps.unshift(
      fam === "track"
        ? { tool: "test_track_auth", reason: "Reports which region the Track credentials belong to." }
        : { tool: "test_app_auth", reason: "Reports which region the App API key belongs to." },
    );
  }
  if (findings.some((f) => f.code === "html_error_page") && category === "server_error") {
    steps.push({ tool: "check_status_page", reason: "Shows whether Customer.io reports an incident." });
  }
  if (related_pitfalls.length > 0 && !steps.some((s) => s.tool === "explain_pitfall")) {
    steps.push({ tool: "explain_pitfall", reason: `Shows the wrong and correct code for pitfall ${related_pitfalls.join(", ")}.` });
  }
  const seenTools = new Set<string>();
  const next_steps = steps
    .filter((s) => !(fam === "track" && s.tool === "test_app_auth") && !(fam === "app" && s.tool === "test_track_auth"))
    .filter((s) => s.tool !== "diagnose_status_code")
    .filter((s) => (seenTools.has(s.tool) ? false : (seenTools.add(s.tool), true)))
    .slice(0, 5);

  const sources = dedupeSources([...(entry?.sources ?? []), ...matches.flatMap((m) => m.signature.sources)]);

  // Summary: the verdict and what to do, first.
  const where = API_LABEL[api] ? ` from the ${API_LABEL[api]}${region ? ` (${region.toUpperCase()})` : ""}` : "";
  const retrySentence =
    category === "success" && status !== 207
      ? "Nothing to retry."
      : retryable
        ? retry_after_seconds !== null
          ? `Retryable: wait ${retry_after_seconds} s (Retry-After), then retry with exponential backoff.`
          : "Retryable with exponential backoff and jitter."
        : "Not retryable as is: fix the cause first.";
  const first = matches[0];
  const because = first
    ? `${first.signature.explanation} Fix: ${first.signature.fix}`
    : `${meaning}${fixes[0] && fixes[0] !== retryFix ? ` Fix: ${fixes[0]}` : ""}`;
  const more = matches.length > 1 ? ` ${matches.length} known errors matched in the body.` : "";
  const summary = `${status} ${name}${where}. ${retrySentence} ${because}${more}`;

  return {
    status,
    name,
    category,
    retryable,
    retry_after_seconds,
    summary,
    causes,
    fixes,
    matched_errors,
    related_pitfalls,
    next_steps,
    findings: sortFindings(findings),
    api,
    region,
    body_shape: parsed ? parsed.shape : null,
    sources,
  };
}
