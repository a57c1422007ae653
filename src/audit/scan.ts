/**
 * Walks a file or directory for JavaScript/TypeScript sources and runs the
 * audit rules on them. Reading is confined to the allowed roots (checked on
 * real paths, so `..` and symlinks cannot leave them), bounded in file count
 * and file size, and read in parallel while parsing stays on one thread.
 */
import { promises as fs, type Dirent } from "node:fs";
import path from "node:path";
import { UserInputError } from "../errors.js";
import {
  analyzeSource,
  eventNameConsistencyFindings,
  mentionsCustomerIo,
  type AuditFinding,
  type EventNameUse,
} from "./rules.js";

export const SOURCE_EXTENSIONS: readonly string[] = [".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"];
export const DEFAULT_MAX_FILES = 5000;
export const MAX_FILES_LIMIT = 50_000;
export const MAX_FILE_BYTES = 1024 * 1024;

export const SKIP_REASONS = [
  "node_modules",
  "vcs",
  "build_output",
  "symlink",
  "too_large",
  "parse_error",
  "unreadable",
  "max_files",
  "time_budget",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Directory names that are never entered, and why. */
const SKIPPED_DIRECTORIES: Record<string, SkipReason> = {
  node_modules: "node_modules",
  bower_components: "node_modules",
  ".git": "vcs",
  ".hg": "vcs",
  ".svn": "vcs",
  dist: "build_output",
  build: "build_output",
  out: "build_output",
  ".next": "build_output",
  ".nuxt": "build_output",
  ".output": "build_output",
  ".svelte-kit": "build_output",
  ".turbo": "build_output",
  ".vercel": "build_output",
  coverage: "build_output",
};

// Once the file cap is hit, the walk goes on only to count what was left out, up to this many.
const MAX_FILES_COUNTED_BEYOND_CAP = 10_000;
const EXAMPLES_KEPT = 20;

export interface SkippedExample {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export interface SkippedSummary {
  /** Directories and files left out (a skipped directory counts once). */
  total: number;
  by_reason: Record<SkipReason, number>;
  /** The first few skipped paths, for orientation. */
  examples: SkippedExample[];
}

export interface ScanOptions {
  maxFiles?: number;
  maxFileBytes?: number;
  /** Stops the scan early (the files not reached are counted as time_budget). */
  signal?: AbortSignal;
  /** How many files are read at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Parse every file, even those that name nothing Customer.io-related (for timing). */
  parseAll?: boolean;
}

export interface ScanResult {
  /** The real path that was scanned. */
  path: string;
  kind: "file" | "directory";
  /** The directory finding paths are relative to. */
  root: string;
  files_scanned: number;
  /** Files that mention Customer.io and were parsed; the others cannot hold findings. */
  files_parsed: number;
  /** Every finding, most severe first, then by file and line. */
  findings: AuditFinding[];
  skipped: SkippedSummary;
  /** True when the file cap or the time budget stopped the scan. */
  truncated: boolean;
  /** True when the count of files left out by the cap is a lower bound. */
  max_files_count_is_lower_bound: boolean;
  elapsed_ms: number;
}

function isSourceFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (/\.d\.[mc]?ts$/.test(lower)) return false; // declarations hold no code
  const dot = lower.lastIndexOf(".");
  return dot > 0 && SOURCE_EXTENSIONS.includes(lower.slice(dot));
}

function isMinified(name: string): boolean {
  return /\.min\.[mc]?js$/i.test(name);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export interface ScanTarget {
  path: string;
  kind: "file" | "directory";
  root: string;
  allowedRoots: string[];
}

/** Real paths of the roots that exist, without duplicates. */
async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of roots) {
    try {
      const real = await fs.realpath(path.resolve(r));
      if (!out.includes(real)) out.push(real);
    } catch {
      /* a root that does not exist allows nothing */
    }
  }
  return out;
}

/**
 * Resolves the path to scan (relative paths against the first root, the
 * working directory) and refuses anything whose real path is outside the
 * allowed roots.
 */
export async function resolveScanTarget(input: string, roots: readonly string[]): Promise<ScanTarget> {
  if (input.trim() === "" || input.includes("\0")) throw new UserInputError("path must be a non-empty file or directory path.");
  const allowed = await realRoots(roots);
  if (allowed.length === 0) throw new UserInputError("there is no directory this server may read (no working directory or client roots).");
  const base = path.resolve(roots[0] ?? allowed[0]!);
  const lexical = path.resolve(base, input);
  const outside = () =>
    new UserInputError(
      `${input} is outside the directories this server may read: ${allowed.join(", ")}. Pass a path inside the working directory or one of the client's roots.`,
    );
  let real: string;
  try {
    real = await fs.realpath(lexical);
  } catch {
    if (!allowed.some((r) => isInside(lexical, r)) && !roots.some((r) => isInside(lexical, path.resolve(r)))) throw outside();
    throw new UserInputError(`${input} does not exist (resolved to ${lexical}).`);
  }
  if (!allowed.some((r) => isInside(real, r))) throw outside();
  const st = await fs.stat(real);
  if (st.isDirectory()) return { path: real, kind: "directory", root: real, allowedRoots: allowed };
  if (!st.isFile()) throw new UserInputError(`${input} is neither a file nor a directory.`);
  if (!isSourceFile(path.basename(real))) {
    throw new UserInputError(`${input} is not a JavaScript or TypeScript file (${SOURCE_EXTENSIONS.join(" ")}).`);
  }
  return { path: real, kind: "file", root: path.dirname(real), allowedRoots: allowed };
}

interface SourceFile {
  /** What the file is read from (a symlink's target). */
  real: string;
  /** Path relative to the scan root, as reported. */
  shown: string;
}

class SkipLedger {
  readonly byReason = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  readonly examples: SkippedExample[] = [];

  add(reason: SkipReason, shown: string, detail?: string, count = 1): void {
    this.byReason[reason] += count;
    if (this.examples.length < EXAMPLES_KEPT) this.examples.push({ path: shown, reason, ...(detail ? { detail } : {}) });
  }

  summary(): SkippedSummary {
    const total = Object.values(this.byReason).reduce((a, b) => a + b, 0);
    return { total, by_reason: { ...this.byReason }, examples: this.examples.slice() };
  }
}

interface WalkOutcome {
  files: SourceFile[];
  lowerBound: boolean;
}

async function collectFiles(target: ScanTarget, maxFiles: number, skips: SkipLedger, signal?: AbortSignal): Promise<WalkOutcome> {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  let beyondCap = 0;
  const addFile = (real: string, shown: string): boolean => {
    if (seen.has(real)) return true;
    if (files.length >= maxFiles) {
      beyondCap++;
      skips.add("max_files", shown);
      return beyondCap < MAX_FILES_COUNTED_BEYOND_CAP;
    }
    seen.add(real);
    files.push({ real, shown });
    return true;
  };

  if (target.kind === "file") {
    addFile(target.path, path.basename(target.path));
    return { files, lowerBound: false };
  }

  const queue: string[] = [target.path];
  // Symlinked files are added after the walk, so a file reached both ways is reported under its own path.
  const links: SourceFile[] = [];
  while (queue.length > 0) {
    if (signal?.aborted) break;
    const dir = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      skips.add("unreadable", toPosix(path.relative(target.root, dir)) || ".", (err as NodeJS.ErrnoException).code);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const shown = toPosix(path.relative(target.root, full));
      if (entry.isSymbolicLink()) {
        // Symlinked directories are never followed; symlinked files only when they stay inside the roots.
        let real: string;
        let isDir = false;
        try {
          real = await fs.realpath(full);
          isDir = (await fs.stat(real)).isDirectory();
        } catch {
          skips.add("symlink", shown, "broken link");
          continue;
        }
        if (isDir) {
          skips.add("symlink", shown, "symlinked directory");
          continue;
        }
        if (!isSourceFile(entry.name)) continue;
        if (!target.allowedRoots.some((r) => isInside(real, r))) {
          skips.add("symlink", shown, "points outside the allowed roots");
          continue;
        }
        links.push({ real, shown });
      } else if (entry.isDirectory()) {
        const reason = SKIPPED_DIRECTORIES[entry.name];
        if (reason) skips.add(reason, shown);
        else queue.push(full);
      } else if (entry.isFile()) {
        if (!isSourceFile(entry.name)) continue;
        if (isMinified(entry.name)) {
          skips.add("build_output", shown, "minified");
          continue;
        }
        if (!addFile(full, shown)) return { files, lowerBound: true };
      }
    }
  }
  for (const link of links) if (!addFile(link.real, link.shown)) return { files, lowerBound: true };
  return { files, lowerBound: false };
}

const SEVERITY_RANK: Record<AuditFinding["severity"], number> = { error: 0, warning: 1, info: 2 };

export function sortAuditFindings(findings: AuditFinding[]): AuditFinding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** Scans a file or directory that has already been resolved and confined. */
export async function scanTarget(target: ScanTarget, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const maxFiles = Math.min(Math.max(1, Math.floor(options.maxFiles ?? DEFAULT_MAX_FILES)), MAX_FILES_LIMIT);
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const skips = new SkipLedger();
  const { files, lowerBound } = await collectFiles(target, maxFiles, skips, options.signal);

  const findings: AuditFinding[] = [];
  const eventNames: EventNameUse[] = [];
  let scanned = 0;
  let parsed = 0;
  let done = 0;
  let next = 0;

  const scanOne = async (file: SourceFile): Promise<void> => {
    let code: string;
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(file.real, "r");
      const st = await handle.stat();
      if (st.size > maxBytes) {
        skips.add("too_large", file.shown, `${st.size} bytes`);
        return;
      }
      code = await handle.readFile("utf8");
    } catch (err) {
      skips.add("unreadable", file.shown, (err as NodeJS.ErrnoException).code);
      return;
    } finally {
      await handle?.close().catch(() => {});
    }
    if (code.charCodeAt(0) === 0xfeff) code = code.slice(1);
    if (!options.parseAll && !mentionsCustomerIo(code)) {
      scanned++;
      return;
    }
    try {
      const result = analyzeSource(code, file.shown);
      for (const f of result.findings) findings.push(f);
      for (const e of result.eventNames) eventNames.push(e);
      scanned++;
      parsed++;
    } catch (err) {
      // Unrecoverable syntax, or nesting too deep for the parser's stack.
      const detail = err instanceof Error ? err.message.slice(0, 160) : "parse failed";
      skips.add("parse_error", file.shown, detail);
    }
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted) return;
      const i = next++;
      if (i >= files.length) return;
      await scanOne(files[i]!);
      done++;
      if (options.onProgress && (done % 250 === 0 || done === files.length)) options.onProgress(done, files.length);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 16, 64));
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));

  const notReached = files.length - done;
  if (notReached > 0) skips.add("time_budget", files[done]?.shown ?? "", "scan stopped before this file", notReached);

  for (const f of eventNameConsistencyFindings(eventNames)) findings.push(f);
  const skipped = skips.summary();
  return {
    path: target.path,
    kind: target.kind,
    root: target.root,
    files_scanned: scanned,
    files_parsed: parsed,
    findings: sortAuditFindings(findings),
    skipped,
    truncated: skipped.by_reason.max_files > 0 || skipped.by_reason.time_budget > 0,
    max_files_count_is_lower_bound: lowerBound,
    elapsed_ms: Math.round(performance.now() - started),
  };
}

/** Confines, walks and scans `input` (a file or directory) for Customer.io pitfalls. */
export async function scanPath(input: string, roots: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const target = await resolveScanTarget(input, roots);
  return scanTarget(target, options);
}
