/** Reports for a person at a terminal: the doctor's checks and the audit's linter lines. */
import { isAbsolute, join, relative } from "node:path";
import type { Finding, Severity } from "../findings.js";
import type { DiagnosticsResult } from "../tools/run-diagnostics.js";

export interface Palette {
  ok(text: string): string;
  error(text: string): string;
  warning(text: string): string;
  info(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const paint = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org). */
export function shouldUseColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export function createPalette(color: boolean): Palette {
  if (!color) return { ok: plain, error: plain, warning: plain, info: plain, dim: plain, bold: plain };
  return {
    ok: paint(32, 39),
    error: paint(31, 39),
    warning: paint(33, 39),
    info: paint(36, 39),
    dim: paint(2, 22),
    bold: paint(1, 22),
  };
}

const ICON: Record<Severity, string> = { error: "✖", warning: "⚠", info: "ℹ" };

function bySeverity(p: Palette, severity: Severity, text: string): string {
  return severity === "error" ? p.error(text) : severity === "warning" ? p.warning(text) : p.info(text);
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The doctor report: one line per check, the verdict, then each finding with its fix. */
export function formatDoctorReport(result: DiagnosticsResult, p: Palette): string {
  const out: string[] = [p.bold("Customer.io diagnostics"), ""];
  const width = Math.max(...result.checks.map((c) => c.tool.length), 0);
  for (const check of result.checks) {
    const mark = check.ok ? p.ok("✔") : p.error("✖");
    const firstLine = check.summary.split("\n")[0] ?? "";
    out.push(`${mark} ${check.tool.padEnd(width)}  ${firstLine}`);
  }
  out.push("", result.ok ? p.ok(result.summary) : p.bold(result.summary));
  if (result.findings.length > 0) {
    out.push("", p.bold("Findings"));
    for (const f of result.findings) {
      const pitfall = f.pitfall ? p.dim(` (pitfall ${f.pitfall})`) : "";
      out.push(`  ${bySeverity(p, f.severity, `${ICON[f.severity]} ${f.severity}`)}  ${f.code}${pitfall}  ${f.message}`);
      if (f.fix) out.push(`      fix: ${f.fix}`);
      if (f.evidence) out.push(p.dim(`      evidence: ${f.evidence}`));
    }
  }
  out.push("", p.dim(`Finished in ${result.elapsed_ms} ms.`));
  return `${out.join("\n")}\n`;
}

/** A finding of audit_code: a finding with its place in a file. */
export interface LocatedFinding extends Finding {
  file: string;
  line: number;
  column: number;
}

export interface AuditReport {
  /** The scanned file or directory, absolute; findings' `file` is relative to it. */
  path?: string;
  files_scanned: number;
  findings: LocatedFinding[];
  skipped?: unknown;
  summary: string;
}

/** Where the scan was rooted: a directory, or a single file. */
export interface AuditScope {
  cwd: string;
  scannedFile: boolean;
}

/** The finding's file as a path from the working directory, so editors and terminals can open it. */
function displayPath(result: AuditReport, file: string, scope: AuditScope): string {
  let full = file;
  if (!isAbsolute(file) && result.path) full = scope.scannedFile ? result.path : join(result.path, file);
  if (!isAbsolute(full)) return full;
  const rel = relative(scope.cwd, full);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : full;
}

function skippedCount(skipped: unknown): number {
  if (Array.isArray(skipped)) return skipped.length;
  if (typeof skipped === "number" && Number.isFinite(skipped)) return skipped;
  const total = (skipped as { total?: unknown } | null)?.total;
  return typeof total === "number" && Number.isFinite(total) ? total : 0;
}

/** Linter lines `file:line:column  severity  code  message`, then one summary line. */
export function formatAuditReport(result: AuditReport, p: Palette, scope: AuditScope): string {
  const out: string[] = [];
  for (const f of result.findings) {
    const place = `${displayPath(result, f.file, scope)}:${f.line}:${f.column}`;
    const pitfall = f.pitfall ? ` (pitfall ${f.pitfall})` : "";
    out.push(`${place}  ${bySeverity(p, f.severity, f.severity)}  ${f.code}  ${f.message}${pitfall}`);
  }
  const skipped = skippedCount(result.skipped);
  const scanned = `${plural(result.files_scanned, "file")} scanned${skipped ? `, ${skipped} skipped` : ""}`;
  if (result.findings.length === 0) {
    out.push(p.ok(`✔ No findings in ${scanned}.`));
  } else {
    const c = countBySeverity(result.findings);
    const parts = [plural(c.error, "error"), plural(c.warning, "warning"), `${c.info} info`];
    if (out.length > 0) out.push("");
    out.push(p.error(`✖ ${plural(result.findings.length, "finding")} (${parts.join(", ")}) in ${scanned}.`));
  }
  return `${out.join("\n")}\n`;
}
