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

/**
 * Text safe to print on a terminal: control characters (C0 and C1, DEL,
 * line breaks included), bidirectional overrides and isolates, and lone
 * surrogates are shown as escapes, so a file name or an upstream string
 * cannot move the cursor, fake a line, recolour or reorder the output.
 * One pass over the text.
 */
export function printable(text: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      esc = c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : `\\x${c.toString(16).padStart(2, "0")}`;
    } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c || c === 0x2028 || c === 0x2029) {
      esc = `\\u${c.toString(16).padStart(4, "0")}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
      if (pair) {
        i++;
        continue;
      }
      esc = `\\u${c.toString(16)}`;
    }
    if (esc === undefined) continue;
    out += text.slice(last, i) + esc;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
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
    out.push(`${mark} ${printable(check.tool).padEnd(width)}  ${printable(firstLine)}`);
  }
  const summary = printable(result.summary);
  out.push("", result.ok ? p.ok(summary) : p.bold(summary));
  if (result.findings.length > 0) {
    out.push("", p.bold("Findings"));
    for (const f of result.findings) {
      const pitfall = f.pitfall ? p.dim(` (pitfall ${f.pitfall})`) : "";
      out.push(`  ${bySeverity(p, f.severity, `${ICON[f.severity]} ${f.severity}`)}  ${printable(f.code)}${pitfall}  ${printable(f.message)}`);
      if (f.fix) out.push(`      fix: ${printable(f.fix)}`);
      if (f.evidence) out.push(p.dim(`      evidence: ${printable(f.evidence)}`));
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
  /** The call chain through the project's own helpers, from the call site to the Customer.io call. */
  via?: Array<{ file: string; line: number; name: string }>;
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
    const place = `${printable(displayPath(result, f.file, scope))}:${f.line}:${f.column}`;
    const pitfall = f.pitfall ? ` (pitfall ${f.pitfall})` : "";
    out.push(`${place}  ${bySeverity(p, f.severity, f.severity)}  ${printable(f.code)}  ${printable(f.message)}${pitfall}`);
    if (f.via && f.via.length > 0) out.push(`    via ${printable(f.via.map((s) => `${s.file}:${s.line} ${s.name}`).join(" → "))}`);
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
