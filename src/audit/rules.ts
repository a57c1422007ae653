/**
 * The audit's public surface: the rules live one per file in ./rules/, the
 * shared per-file model in ./model.ts and the project model in
 * ./project.ts; this module re-exports what the tool, the CLI and the tests use.
 */
export { AUDIT_CODES, RULES, type AuditCode, type AuditFinding, type RuleMeta } from "./rules/index.js";
export { analyzeProject, analyzeSource, sortAuditFindings, suppressionsOf } from "./analyze.js";
export { eventNameConsistencyFindings, nameConvention, type NameConvention } from "./rules/event_name_inconsistent.js";
export { looksLikeSecret } from "./rules/credentials.js";
export { parseSource, SourceParseError, nameWords } from "./syntax.js";
export type { EventNameUse } from "./model.js";

/**
 * Cheap text test: a file that names none of these holds no direct
 * Customer.io call (it can still reach one through the project's helpers).
 */
const VOCABULARY = /customer[._-]?io|trackclient|apiclient|\bcio|_cio\b|\.identify\s*\(|\.track(?:anonymous|pageview)?\s*\(/i;
export function mentionsCustomerIo(code: string): boolean {
  return VOCABULARY.test(code.length > 2_000_000 ? code.slice(0, 2_000_000) : code);
}
