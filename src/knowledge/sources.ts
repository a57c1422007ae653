/** Sources cited across the knowledge base, defined once. */
import type { Source, SpecFile } from "./types.js";

export const TRACK_SPEC_URL = "https://docs.customer.io/files/journeys-track.json";
export const APP_API_DOCS_URL = "https://docs.customer.io/integrations/api/app/";
export const PIPELINES_DOCS_URL = "https://docs.customer.io/integrations/api/cdp/";

/** The file of each spec in ../shared/reference/openapi/ (read by the tests, never copied). */
export const SPEC_FILES: Record<SpecFile, string> = {
  track: "customerio-track-api.openapi.json",
  app: "customerio-app-api-operations.json",
  pipelines: "customerio-pipelines-api.openapi.json",
  reporting_webhooks: "customerio-reporting-webhooks.openapi.json",
};

const SPEC_URLS: Record<SpecFile, string> = {
  track: TRACK_SPEC_URL,
  app: APP_API_DOCS_URL,
  pipelines: PIPELINES_DOCS_URL,
  reporting_webhooks: "https://docs.customer.io/integrations/api/reporting-webhooks/",
};

/** One JSON-pointer segment: "~" and "/" escaped as RFC 6901 says. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** "#/operations/GET ~1v1~1workspaces/responses/429/…" for an App API operation key such as "GET /v1/workspaces". */
export function appOperationPointer(operation: string, rest: string): string {
  return `#/operations/${pointerSegment(operation)}${rest ? `/${rest}` : ""}`;
}

function specSource(file: SpecFile, pointer: string, quote: string | undefined, note: string): Source {
  return { confidence: "documented", url: SPEC_URLS[file], note, spec: { file, pointer, ...(quote !== undefined ? { quote } : {}) } };
}

export const SRC = {
  trackSpec: (note: string): Source => ({ confidence: "documented", url: TRACK_SPEC_URL, note }),
  /** A statement of the Track spec at a JSON pointer, with the words it uses. */
  trackSpecAt: (pointer: string, quote: string, note: string): Source => specSource("track", pointer, quote, note),
  /** A statement of one App API operation object ("METHOD /path"), at `rest` inside it. */
  appSpecAt: (operation: string, rest: string, quote: string, note: string): Source =>
    specSource("app", appOperationPointer(operation, rest), quote, note),
  /** A statement of the reporting-webhooks spec (the meaning of each delivery metric) at a JSON pointer. */
  webhooksSpecAt: (pointer: string, quote: string, note: string): Source => specSource("reporting_webhooks", pointer, quote, note),
  /** A statement of the Pipelines spec at a JSON pointer. */
  pipelinesSpecAt: (pointer: string, quote: string, note: string): Source => specSource("pipelines", pointer, quote, note),
  trackDocs: (note: string): Source => ({ confidence: "documented", url: "https://docs.customer.io/api/track/", note }),
  appDocs: (note: string): Source => ({ confidence: "documented", url: APP_API_DOCS_URL, note }),
  transactionalErrors: (note: string): Source => ({
    confidence: "documented",
    url: "https://docs.customer.io/journeys/send/transactional/api-common-api-errors/",
    note,
  }),
  credentialsDocs: (note: string): Source => ({
    confidence: "documented",
    url: "https://docs.customer.io/accounts-and-workspaces/managing-credentials",
    note,
  }),
  dataCentersDocs: (note: string): Source => ({
    confidence: "documented",
    url: "https://docs.customer.io/accounts-and-workspaces/data-centers/",
    note,
  }),
  nodeSdk: (file: string, note: string): Source => ({
    confidence: "sdk",
    url: `https://github.com/customerio/customerio-node/blob/main/${file}`,
    note,
  }),
  pythonSdk: (file: string, note: string): Source => ({
    confidence: "sdk",
    url: `https://github.com/customerio/customerio-python/blob/main/${file}`,
    note,
  }),
  goSdk: (file: string, note: string): Source => ({
    confidence: "sdk",
    url: `https://github.com/customerio/go-customerio/blob/main/${file}`,
    note,
  }),
  rubySdk: (file: string, note: string): Source => ({
    confidence: "sdk",
    url: `https://github.com/customerio/customerio-ruby/blob/main/${file}`,
    note,
  }),
  issue: (url: string, note: string): Source => ({ confidence: "third_party", url, note }),
  thirdParty: (url: string, note: string): Source => ({ confidence: "third_party", url, note }),
  /** A claim of the common-errors / known-pitfalls skills with no first-party source. */
  skillReport: (note: string): Source => ({
    confidence: "unverified",
    note: `reported in the common-errors skill, unverified: ${note}`,
  }),
  /** An older source kept for the record; `by` says what replaced it. */
  superseded: (source: Source, by: string): Source => ({ ...source, note: `superseded: ${source.note}`, superseded_by: by }),
  pitfallCatalog: (note: string): Source => ({
    confidence: "unverified",
    note: `customerio-known-pitfalls catalog (community skill): ${note}`,
  }),
} as const;
