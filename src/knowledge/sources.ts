/** Sources cited across the knowledge base, defined once. */
import type { Source } from "./types.js";

export const TRACK_SPEC_URL = "https://docs.customer.io/files/journeys-track.json";

export const SRC = {
  trackSpec: (note: string): Source => ({ confidence: "documented", url: TRACK_SPEC_URL, note }),
  trackDocs: (note: string): Source => ({ confidence: "documented", url: "https://docs.customer.io/api/track/", note }),
  appDocs: (note: string): Source => ({ confidence: "documented", url: "https://docs.customer.io/integrations/api/app/", note }),
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
  pitfallCatalog: (note: string): Source => ({
    confidence: "unverified",
    note: `customerio-known-pitfalls catalog (community skill): ${note}`,
  }),
} as const;
