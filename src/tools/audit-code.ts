/**
 * audit_code: reads JavaScript/TypeScript under a path and reports the
 * Customer.io pitfalls visible in code, with file, line and (for problems
 * reached through the project's own helpers) the call chain. The parser is
 * loaded only when the tool runs, so the server starts without it.
 */
import { z } from "zod";
import type { AuditFinding } from "../audit/rules/types.js";
import type { ScanResult, SkipReason } from "../audit/scan.js";
import { UserInputError } from "../errors.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { anObject, keyed } from "./schema.js";

/** Findings per page unless `limit` says otherwise (keeps the answer within the context budget). */
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 1000;
/** Older name: the most findings one result can hold. */
export const FINDINGS_RETURNED = MAX_LIMIT;

const count = () => z.number();

// The finding's fields (as src/findings.ts types them, not closed) and where it is; the via
// chain's steps typed by their key fields (src/tools/schema.ts).
const auditFindingSchema = z
  .looseObject({
  code: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  fix: z.string().optional(),
  pitfall: z.number().optional(),
  evidence: z.string().optional(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  via: z.array(keyed<{ file: z.ZodString; line: z.ZodNumber }, { name: string }>({ file: z.string(), line: z.number() })).optional(),
  })
  .meta({ additionalProperties: undefined }) as unknown as z.ZodType<AuditFinding>;

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
  outdated_sdk: "SDK version with a known problem",
  pipelines_not_flushed: "Pipelines batch not flushed",
};

/** A whole-number argument within its range, or a usage error that says the range. */
function wholeNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) throw new UserInputError(`${name} must be a whole number from ${min} to ${max}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Control characters in paths and names are shown escaped, never raw. */
function printable(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) ? `\\u${c.toString(16).padStart(4, "0")}` : ch;
  }
  return out;
}

function skippedText(scan: ScanResult): string {
  if (scan.skipped.total === 0) return "";
  const parts = (Object.entries(scan.skipped.by_reason) as Array<[SkipReason, number]>).filter(([, n]) => n > 0).map(([reason, n]) => `${reason} ${n}`);
  return ` Skipped ${scan.skipped.total} (${parts.join(", ")}).`;
}

function summarize(scan: ScanResult, byCode: Record<string, number>, maxFiles: number, page: { offset: number; shown: number }): string {
  const where = scan.kind === "file" ? printable(scan.path) : `under ${printable(scan.path)}`;
  const files = plural(scan.files_scanned, "JavaScript/TypeScript file");
  let text: string;
  if (scan.findings.length === 0) {
    text = scan.files_scanned === 0 ? `No JavaScript or TypeScript files were scanned ${where}.` : `No Customer.io pitfalls found in ${files} ${where}.`;
  } else {
    const errors = scan.findings.filter((f) => f.severity === "error").length;
    const warnings = scan.findings.length - errors;
    const affected = new Set(scan.findings.map((f) => f.file)).size;
    const codes = Object.entries(byCode)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${n} ${CODE_LABEL[code] ?? code}`)
      .join(", ");
    text =
      `Found ${plural(scan.findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}) ` +
      `in ${affected} of ${files} ${where}: ${codes}.`;
    const rest = scan.findings.length - page.offset - page.shown;
    if (rest > 0) text += ` ${rest} more not listed: call again with offset=${page.offset + page.shown}.`;
  }
  if (scan.suppressed > 0) text += ` ${plural(scan.suppressed, "finding")} suppressed by inline comments.`;
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
    "Scans JS/TS files or a directory for Customer.io mistakes, with file, line, fix and the call chain through your helpers (via): " +
    "wrong keys, ms timestamps, dynamic or personal event names, tracking awaited in handlers, per-request clients, unthrottled or unflushed calls, hard-coded keys, old SDKs. Offline.",
  inputSchema: {
    path: z.string().min(1).max(4096).describe("Inside the working directory or a client root."),
    // Whole numbers in range, checked by the handler (wholeNumber): fewer schema bytes, same answer.
    max_files: z.number().optional().describe("Default 5000."),
    offset: z.number().optional(),
    limit: z.number().optional().describe(`Page size, default ${DEFAULT_LIMIT}.`),
  },
  outputSchema: {
    path: z.string(),
    root: z.string(),
    files_scanned: count(),
    files_parsed: count(),
    findings: z.array(auditFindingSchema),
    offset: count(),
    findings_omitted: count(),
    next_offset: count().optional(),
    by_code: anObject<Record<string, number>>(),
    suppressed: count(),
    skipped: keyed<{ total: z.ZodNumber }, { by_reason: Record<string, number>; examples: Array<{ path: string; reason: string; detail?: string }> }>({ total: count() }),
    truncated: z.boolean(),
    elapsed_ms: count(),
    summary: z.string(),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args, ctx) {
    wholeNumber("max_files", args.max_files, 1, 50_000);
    wholeNumber("offset", args.offset, 0, 1_000_000);
    wholeNumber("limit", args.limit, 1, MAX_LIMIT);
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
    const offset = Math.min(args.offset ?? 0, scan.findings.length);
    const findings: AuditFinding[] = scan.findings.slice(offset, offset + (args.limit ?? DEFAULT_LIMIT));
    const after = offset + findings.length;
    if (scan.findings.length > 0 || scan.files_scanned > 0) ctx.log.debug(`audit_code: ${scan.files_scanned} files in ${scan.elapsed_ms} ms`);
    return {
      path: scan.path,
      root: scan.root,
      files_scanned: scan.files_scanned,
      files_parsed: scan.files_parsed,
      findings,
      offset,
      findings_omitted: scan.findings.length - findings.length,
      ...(after < scan.findings.length ? { next_offset: after } : {}),
      by_code: byCode,
      suppressed: scan.suppressed,
      skipped: scan.skipped,
      truncated: scan.truncated,
      elapsed_ms: scan.elapsed_ms,
      summary: summarize(scan, byCode, maxFiles, { offset, shown: findings.length }),
    };
  },
  render(result) {
    const ICON = { error: "✖", warning: "⚠", info: "ℹ" } as const;
    const out = [`## Customer.io code audit`, "", result.summary];
    if (result.findings.length > 0) {
      out.push("", `### Findings ${result.offset + 1}–${result.offset + result.findings.length} of ${result.findings.length + result.findings_omitted}`);
      // One message per code (the first finding's), then each place: no sentence is repeated.
      const groups = new Map<string, typeof result.findings>();
      for (const f of result.findings) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
      for (const [code, list] of groups) {
        const first = list[0]!;
        const place = (f: (typeof list)[number]) => {
          // The text names the Customer.io call at the end of the chain; the whole chain is in the structured result.
          const last = f.via?.[f.via.length - 1];
          const via = last ? ` via ${f.via!.length > 2 ? "… → " : ""}${printable(last.file)}:${last.line} ${printable(last.name)}` : "";
          return `\`${printable(f.file)}:${f.line}:${f.column}\`${via}`;
        };
        if (list.length === 1) out.push(`- ${ICON[first.severity]} ${place(first)} **${code}**: ${first.message}`);
        else {
          out.push(`- ${ICON[first.severity]} **${code}** (${list.length}): ${first.message}`);
          for (const f of list) out.push(`  - ${place(f)}`);
        }
      }
      // One fix per code, not one per finding.
      const fixes = new Map<string, string>();
      for (const f of result.findings) if (f.fix && !fixes.has(f.code)) fixes.set(f.code, `- **${f.code}**${f.pitfall ? ` (pitfall ${f.pitfall})` : ""}: ${f.fix}`);
      out.push("", "### Fixes", ...fixes.values());
    }
    return out.join("\n");
  },
});
