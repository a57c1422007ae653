/** The whole knowledge base in one import, with the figures that describe it. */
import { API_FACTS } from "./apis.js";
import { CHECKLISTS } from "./checklists.js";
import { CORRECTIONS } from "./corrections.js";
import { ERROR_SIGNATURES } from "./error-signatures.js";
import { ALL_LIMITS } from "./limits.js";
import { PITFALLS } from "./pitfalls.js";
import { SDK_ERRORS } from "./sdk-errors.js";
import { STATUS_CODES } from "./status-codes.js";
import type { Source } from "./types.js";

export { API_FACTS, apiFacts, type ApiFacts } from "./apis.js";
export { CHECKLISTS, checklist } from "./checklists.js";
export { CORRECTIONS } from "./corrections.js";
export { ERROR_SIGNATURES, errorSignature } from "./error-signatures.js";
export { ALL_LIMITS, LIMITS } from "./limits.js";
export { PITFALLS } from "./pitfalls.js";
export { SDK_ERRORS } from "./sdk-errors.js";
export { STATUS_CODES, statusCategory, statusCodeEntry, type StatusCategory } from "./status-codes.js";

/** The tools of this server, the only names a next step may point at. */
export const SERVER_TOOL_NAMES = [
  "run_diagnostics",
  "diagnose_status_code",
  "explain_pitfall",
  "test_track_auth",
  "test_app_auth",
  "check_status_page",
  "lookup_customer",
  "check_payload",
  "audit_code",
  "trace_delivery",
] as const;
export type ServerToolName = (typeof SERVER_TOOL_NAMES)[number];

/** Every sourced entry of every collection, tagged with its collection. */
export function allEntries(): Array<{ collection: string; id: string; sources: readonly Source[] }> {
  return [
    ...STATUS_CODES.map((e) => ({ collection: "status_codes", id: String(e.status), sources: e.sources })),
    ...ERROR_SIGNATURES.map((e) => ({ collection: "error_signatures", id: e.id, sources: e.sources })),
    ...PITFALLS.map((e) => ({ collection: "pitfalls", id: e.id, sources: e.sources })),
    ...CHECKLISTS.map((e) => ({ collection: "checklists", id: e.id, sources: e.sources })),
    ...SDK_ERRORS.map((e) => ({ collection: "sdk_errors", id: e.id, sources: e.sources })),
    ...ALL_LIMITS.map((e) => ({ collection: "limits", id: e.id, sources: e.sources })),
    ...CORRECTIONS.map((e) => ({ collection: "corrections", id: e.id, sources: e.sources })),
    ...API_FACTS.map((e) => ({ collection: "apis", id: e.id, sources: e.sources })),
  ];
}

/** An entry is unverified when none of its sources is better than a report. */
export function isUnverified(sources: readonly Source[]): boolean {
  return sources.length === 0 || sources.every((s) => s.confidence === "unverified");
}

export interface KnowledgeCounts {
  status_codes: number;
  error_signatures: number;
  pitfalls: number;
  checklists: number;
  sdk_errors: number;
  limits: number;
  corrections: number;
  apis: number;
  /** All entries of all collections. */
  entries: number;
  /** Entries with at least one documented, SDK or third-party source. */
  sourced: number;
  /** Entries backed only by unverified reports. */
  unverified: number;
}

export function knowledgeCounts(): KnowledgeCounts {
  const entries = allEntries();
  const unverified = entries.filter((e) => isUnverified(e.sources)).length;
  return {
    status_codes: STATUS_CODES.length,
    error_signatures: ERROR_SIGNATURES.length,
    pitfalls: PITFALLS.length,
    checklists: CHECKLISTS.length,
    sdk_errors: SDK_ERRORS.length,
    limits: ALL_LIMITS.length,
    corrections: CORRECTIONS.length,
    apis: API_FACTS.length,
    entries: entries.length,
    sourced: entries.length - unverified,
    unverified,
  };
}
