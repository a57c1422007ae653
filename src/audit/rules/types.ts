/**
 * What a rule is: its metadata (code, severity, pitfall, fix, docs link,
 * one-line description for SARIF and help) beside its check, which reads
 * the shared per-file and project model and reports through the context.
 */
import type { Finding, Severity } from "../../findings.js";
import type { FileModel } from "../model.js";
import type { Project, ViaStep } from "../project.js";
import type { Node } from "../walk.js";

export const AUDIT_CODES = [
  "wrong_key_type",
  "millisecond_timestamp",
  "track_before_identify",
  "dynamic_event_name",
  "blocking_request_path",
  "client_per_request",
  "event_name_inconsistent",
  "no_rate_limiting",
  "pii_in_event_name",
  "hardcoded_credentials",
  "outdated_sdk",
  "pipelines_not_flushed",
] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

export interface AuditFinding extends Finding {
  code: AuditCode;
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  /** 1-based line and column of the offending expression. */
  line: number;
  column: number;
  /** The call chain through the project's own helpers, from the call site to the Customer.io call. */
  via?: ViaStep[];
}

export interface RuleMeta {
  code: AuditCode;
  severity: Severity;
  pitfall?: number;
  /** One line: what the rule finds (SARIF shortDescription, help). */
  title: string;
  fix: string;
  docs: string;
}

export interface Report {
  at: Node;
  message: string;
  evidence?: string;
  severity?: Severity;
  via?: ViaStep[];
  /** The file the finding is in, when it is not the file being checked (a literal imported from a config module). */
  model?: FileModel;
}

/** What a per-file check sees. */
export interface FileContext {
  model: FileModel;
  project: Project;
  report(r: Report): void;
}

export interface FileRule {
  meta: RuleMeta;
  check(ctx: FileContext): void;
}
