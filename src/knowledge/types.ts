/**
 * The knowledge base is typed data. Every entry carries its sources so an
 * answer can say how sure it is.
 */

/**
 * How sure we are of a fact:
 * - documented: Customer.io's docs or published OpenAPI spec;
 * - sdk: an official customerio/* SDK's code or recorded live fixtures;
 * - third_party: integrators, mirrors, or a first-party issue thread;
 * - unverified: reported in the common-errors skill (or elsewhere) with no source found.
 */
export type Confidence = "documented" | "sdk" | "third_party" | "unverified";

/** Customer.io's OpenAPI descriptions, as kept in ../shared/reference/openapi/. */
export type SpecFile = "track" | "app" | "pipelines" | "reporting_webhooks";

/** Where in an official spec a fact is written, and the words it uses there. */
export interface SpecPointer {
  file: SpecFile;
  /** RFC 6901 JSON pointer in URI-fragment form, e.g. "#/info/description". */
  pointer: string;
  /** Words the string at the pointer contains (checked by the tests). */
  quote?: string;
}

export interface Source {
  confidence: Confidence;
  /** A docs URL, an SDK file URL, an issue URL; absent for unverified reports. */
  url?: string;
  /** What the source says or where in it to look, in a line. */
  note: string;
  /** The place in Customer.io's OpenAPI description that states it. */
  spec?: SpecPointer;
  /** Set when a newer source replaced this one: what replaced it. */
  superseded_by?: string;
}

export type ApiKind = "track" | "track_v2" | "app" | "transactional" | "pipelines" | "status";

/** The APIs whose causes and fixes differ (Track v1 and v2 share theirs). */
export type AdviceApi = "track" | "app" | "transactional" | "pipelines";

/** What a status means, its causes and fixes on one API only. */
export interface ApiAdvice {
  meaning?: string;
  causes?: string[];
  fixes?: string[];
}

export interface NextStep {
  /** A tool of this server (e.g. test_track_auth). */
  tool: string;
  reason: string;
}

export interface StatusCodeEntry {
  status: number;
  name: string;
  /** What this status means when Customer.io returns it, in a sentence. */
  meaning: string;
  retryable: boolean;
  /** Causes and fixes that hold whatever API answered. */
  causes: string[];
  fixes: string[];
  /** Causes and fixes of one API, shown only for a request to that API (or when the API is unknown). */
  by_api?: Partial<Record<AdviceApi, ApiAdvice>>;
  related_pitfalls: number[];
  next_steps: NextStep[];
  sources: Source[];
}

export interface ErrorSignature {
  /** Stable snake_case id. */
  id: string;
  apis: ApiKind[];
  /** Statuses this message comes with. */
  statuses: number[];
  /** Matched (case-insensitively) against each message extracted from a body; linear-time patterns only. */
  pattern: RegExp;
  /** App API errors[].code values that identify this error (preferred over the text). */
  codes?: string[];
  /** Whether a retry can succeed, when it differs from the status's default. */
  retryable?: boolean;
  /** The message as Customer.io sends it (or as reported, when unverified). */
  message: string;
  explanation: string;
  fix: string;
  related_pitfalls: number[];
  sources: Source[];
}

export interface Pitfall {
  number: number;
  /** Slug, e.g. "millisecond-timestamps". */
  id: string;
  title: string;
  /** The wrong pattern, TypeScript. */
  wrong: string;
  /** The correct pattern, TypeScript. */
  correct: string;
  why: string;
  detect: { in_code: string; in_live_data: string };
  /** One-line fix for tables and findings. */
  fix: string;
  /** Words and phrases users type for this problem (search field, not queries). */
  keywords: string[];
  sources: Source[];
}

export interface ChecklistStep {
  check: string;
  how: string;
  /** The tool of this server that automates the step, if any. */
  tool?: string;
  related_pitfalls?: number[];
}

export interface Checklist {
  id: string;
  title: string;
  steps: ChecklistStep[];
  sources: Source[];
}

export interface SdkErrorEntry {
  id: string;
  sdk: "node" | "python" | "ruby" | "go" | "http";
  /** Error class or text as the SDK shows it. */
  name: string;
  pattern: RegExp;
  meaning: string;
  fix: string;
  sources: Source[];
}

export interface Limit {
  id: string;
  description: string;
  value: number;
  /** requests_per_window: `value` requests per `window_seconds`. */
  unit: "bytes" | "characters" | "count" | "seconds" | "requests_per_second" | "requests_per_window";
  window_seconds?: number;
  /** Not strictly enforced: exceeding it may throttle or drop data rather than fail. */
  soft?: boolean;
  /** Which API the limit belongs to. */
  api?: ApiKind;
  sources: Source[];
}

/** A fact a seed document states wrongly, with the correct fact. */
export interface Correction {
  id: string;
  seed_claim: string;
  correct_fact: string;
  sources: Source[];
}
