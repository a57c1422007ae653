/**
 * One entry point for every output of an audit: `formatAudit(result,
 * format)` renders audit_code's structured result as plain text (one line
 * per finding), JSON, SARIF 2.1.0 or GitHub workflow annotations. Paths are
 * made relative to the working directory (the repository root in CI).
 */
import path from "node:path";
import { toGithubAnnotations } from "./github.js";
import type { AuditFinding } from "./rules/index.js";
import { toSarif } from "./sarif.js";

export const AUDIT_OUTPUT_FORMATS = ["text", "json", "sarif", "github"] as const;
export type AuditOutputFormat = (typeof AUDIT_OUTPUT_FORMATS)[number];

export interface AuditResultLike {
  /** The scanned file or directory. */
  path?: string;
  /** The directory finding paths are relative to. */
  root?: string;
  findings: readonly AuditFinding[];
  summary?: string;
}

function printable(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) ? `\\u${c.toString(16).padStart(4, "0")}` : ch;
  }
  return out;
}

export function formatAudit(result: AuditResultLike, format: AuditOutputFormat, options: { cwd?: string } = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const relativePath = (file: string): string => {
    if (!path.isAbsolute(file) && !result.root) return file;
    const full = path.isAbsolute(file) ? file : path.join(result.root!, file);
    const rel = path.relative(cwd, full);
    const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : full;
    return shown.split(path.sep).join("/");
  };
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2);
    case "sarif":
      return JSON.stringify(toSarif({ findings: result.findings, uriOf: (f) => encodeURI(relativePath(f)) }), null, 2);
    case "github":
      return toGithubAnnotations(result.findings, relativePath);
    case "text":
    default: {
      const lines = result.findings.map((f) => {
        const via = f.via ? ` (via ${f.via.map((s) => `${s.file}:${s.line} ${s.name}`).join(" → ")})` : "";
        return printable(`${relativePath(f.file)}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}${via}`);
      });
      return [...lines, ...(result.summary ? [printable(result.summary)] : [])].join("\n");
    }
  }
}
