/**
 * audit_code: reads JavaScript/TypeScript under a path and reports the
 * Customer.io pitfalls visible in code, with file and line. The parser is
 * loaded only when the tool runs, so the server starts without it.
 */
import { z } from "zod";
import { findingSchema } from "../findings.js";
import type { AuditFinding } from "../audit/rules.js";
import type { ScanResult, SkipReason } from "../audit/scan.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { renderResult } from "./render.js";

/** Findings returned in one result; the rest are counted in findings_omitted. */
export const FINDINGS_RETURNED = 200;

const count = () => z.number().min(0).max(1e9);

const auditFindingSchema = findingSchema.extend({
  file: z.string().describe("Path relative to the scanned directory (for a single file: its name)."),
  line: z.number().min(1).max(1e9).describe("1-based line."),
  column: z.number().min(1).max(1e9).describe("1-based column."),
});

const skippedSchema = z.object({
  total: count().describe("Directories and files left out; a skipped directory counts once."),
  by_reason: z.object({
    node_modules: count(),
    vcs: count().describe(".git, .hg, .svn"),
    build_output: count().describe("dist, build, out, .next, coverage… and *.min.js"),
    symlink: count().describe("symlinked directories (never followed) and symlinks leaving the allowed roots"),
    too_large: count().describe("files over 1 MiB"),
    parse_error: count(),
    unreadable: count(),
    max_files: count().describe("source files beyond max_files"),
    time_budget: count().describe("files not reached before the time limit"),
  }),
  examples: z
    .array(z.object({ path: z.string(), reason: z.string(), detail: z.string().optional() }))
    .describe("The first few skipped paths."),
});

const CODE_LABEL: Record<string, string> = {
  wrong_key_type: "wrong key type",
  millisecond_timestamp: "millisecond timestamp",
  track_before_identify: "track before identify",
  dynamic_event_name: "dynamic event name",
  blocking_request_path: "awaited in a request handler",
  client_per_request: "client per request",
  event_name_inconsistent: "inconsistent event name",
  no_rate_limiting: "no rate limiting",
  pii_in_event_name: "personal data in event name",
  hardcoded_credentials: "hard-coded credential",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function skippedText(scan: ScanResult): string {
  if (scan.skipped.total === 0) return "";
  const parts = (Object.entries(scan.skipped.by_reason) as Array<[SkipReason, number]>)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  return ` Skipped ${scan.skipped.total} (${parts.join(", ")}).`;
}

function summarize(scan: ScanResult, byCode: Record<string, number>, maxFiles: number): string {
  const where = scan.kind === "file" ? scan.path : `under ${scan.path}`;
  const files = plural(scan.files_scanned, "JavaScript/TypeScript file");
  let text: string;
  if (scan.findings.length === 0) {
    text =
      scan.files_scanned === 0
        ? `No JavaScript or TypeScript files were scanned ${where}.`
        : `No Customer.io pitfalls found in ${files} ${where}.`;
  } else {
    const errors = scan.findings.filter((f) => f.severity === "error").length;
    const warnings = scan.findings.length - errors;
    const affected = new Set(scan.findings.map((f) => f.file)).size;
    const codes = Object.entries(byCode)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${n} ${CODE_LABEL[code] ?? code}`)
      .join(", ");
    const first = scan.findings[0]!;
    text =
      `Found ${plural(scan.findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}) ` +
      `in ${affected} of ${files} ${where}: ${codes}. ` +
      `Start with ${first.file}:${first.line}: ${first.message}`;
  }
  if (scan.skipped.by_reason.max_files > 0) {
    const more = scan.max_files_count_is_lower_bound ? `at least ${scan.skipped.by_reason.max_files}` : String(scan.skipped.by_reason.max_files);
    text += ` Stopped at max_files (${maxFiles}): ${more} more files were not scanned; pass a narrower path or a larger max_files.`;
  }
  if (scan.skipped.by_reason.time_budget > 0) {
    text += ` Ran out of time: ${scan.skipped.by_reason.time_budget} files were not scanned; pass a narrower path.`;
  }
  return text + skippedText(scan);
}

export const auditCode = defineTool({
  name: "audit_code",
  title: "Audit code for Customer.io pitfalls",
  description:
    "Scan JavaScript/TypeScript source (a file or a directory) for Customer.io integration mistakes and hard-coded keys, with file, line and a fix for each. " +
    "It parses the code (not text matching) and reports: wrong_key_type (Track key given to APIClient or App key to TrackClient), millisecond_timestamp (Date.now() and friends reaching created_at/*_at/timestamp), " +
    "track_before_identify, dynamic_event_name, pii_in_event_name, event_name_inconsistent (naming conventions mixed across the tree), blocking_request_path (awaited tracking inside Express/Fastify/Koa/Next/Nest handlers), " +
    "client_per_request (new TrackClient/APIClient inside a function), no_rate_limiting (tracking in loops without a limiter) and hardcoded_credentials (keys are never shown, only their last 4 characters). " +
    "Offline and read-only: it reads files inside the working directory or the client's roots only, skips node_modules, .git and build output, files over 1 MiB and symlinked directories, and ignores non-JS/TS files. " +
    "Use it when reviewing an integration or after check_payload flags a problem, to find where in the code it comes from.",
  inputSchema: {
    path: z
      .string()
      .min(1)
      .max(4096)
      .describe("File or directory to scan: absolute, or relative to the working directory. Must be inside the working directory or one of the client's roots."),
    max_files: z
      .number()
      .int()
      .min(1)
      .max(50_000)
      .optional()
      .describe("Stop after this many JavaScript/TypeScript files (default 5000, at most 50000)."),
  },
  outputSchema: {
    path: z.string().describe("The real path that was scanned."),
    root: z.string().describe("The directory finding `file` paths are relative to (the scanned directory, or a scanned file's directory)."),
    files_scanned: count().describe("JavaScript/TypeScript files read and checked."),
    files_parsed: count().describe("Files that mention Customer.io and were parsed; the rest cannot hold findings."),
    findings: z.array(auditFindingSchema).describe(`Most severe first, then by file and line; at most ${FINDINGS_RETURNED}.`),
    findings_omitted: count().describe("Findings left out of the list because of its cap."),
    by_code: z.record(z.string(), z.number()).describe("Number of findings per code, including omitted ones."),
    skipped: skippedSchema,
    truncated: z.boolean().describe("True when max_files or the time limit stopped the scan before the end."),
    elapsed_ms: count(),
    summary: z.string(),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args, ctx) {
    // The parser is heavy: load it only when an audit actually runs.
    const { resolveScanTarget, scanTarget, DEFAULT_MAX_FILES } = await import("../audit/scan.js");
    const target = await resolveScanTarget(args.path, await ctx.roots());
    const maxFiles = args.max_files ?? DEFAULT_MAX_FILES;
    const scan = await scanTarget(target, {
      maxFiles,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total, `scanned ${done} of ${total} files`),
    });
    const byCode: Record<string, number> = {};
    for (const f of scan.findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    const findings: AuditFinding[] = scan.findings.slice(0, FINDINGS_RETURNED);
    if (scan.findings.length > 0 || scan.files_scanned > 0) ctx.log.debug(`audit_code: ${scan.files_scanned} files in ${scan.elapsed_ms} ms`);
    return {
      path: scan.path,
      root: scan.root,
      files_scanned: scan.files_scanned,
      files_parsed: scan.files_parsed,
      findings,
      findings_omitted: scan.findings.length - findings.length,
      by_code: byCode,
      skipped: scan.skipped,
      truncated: scan.truncated,
      elapsed_ms: scan.elapsed_ms,
      summary: summarize(scan, byCode, maxFiles),
    };
  },
  render(result) {
    const located = result.findings.map((f) => ({ ...f, message: `\`${f.file}:${f.line}:${f.column}\` ${f.message}` }));
    const skippedLines = result.skipped.examples.map((e) => `- ${e.path}: ${e.reason}${e.detail ? ` (${e.detail})` : ""}`).join("\n");
    return renderResult({
      title: "Customer.io code audit",
      summary: result.summary,
      sections: [["Skipped", result.skipped.total > 0 ? skippedLines : undefined]],
      findings: located,
    });
  },
});
