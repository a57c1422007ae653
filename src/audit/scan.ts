/**
 * Walks a file or directory for JavaScript/TypeScript sources (and the
 * package manifests and lockfiles beside them), reads and parses each file
 * once, and runs the audit over them as one project. Reading is confined to
 * the allowed roots: directories are checked on their real paths before
 * they are listed, files are opened with O_NOFOLLOW|O_NONBLOCK and checked
 * on the opened descriptor (a regular file, the same file the walk saw, not
 * over the size cap), so swapping a file for a symlink during a scan cannot
 * make it read outside the roots, and FIFOs, devices and sockets are
 * skipped without ever blocking a thread. `.gitignore` files are honoured.
 */
import { constants, promises as fs, type Dirent } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { UserInputError } from "../errors.js";
import { analyzeProject, sortAuditFindings } from "./analyze.js";
import { FileModel } from "./model.js";
import { resolveSpecifier, type PathAliases } from "./project.js";
import { mentionsCustomerIo } from "./rules.js";
import type { AuditFinding } from "./rules/index.js";
import type { Manifest } from "./rules/outdated_sdk.js";
import { LOCKFILES } from "./sdk-versions.js";

export { sortAuditFindings };

export const SOURCE_EXTENSIONS: readonly string[] = [".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"];
export const DEFAULT_MAX_FILES = 5000;
export const MAX_FILES_LIMIT = 50_000;
export const MAX_FILE_BYTES = 1024 * 1024;
const MAX_META_BYTES = 4 * 1024 * 1024;

export const SKIP_REASONS = [
  "node_modules",
  "vcs",
  "build_output",
  "gitignored",
  "symlink",
  "special_file",
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
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

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
  /** Kept for callers of the older API: every file is parsed now (helpers can reach Customer.io from any file). */
  parseAll?: boolean;
}

export interface ScanResult {
  /** The real path that was scanned. */
  path: string;
  kind: "file" | "directory";
  /** The directory finding paths are relative to. */
  root: string;
  files_scanned: number;
  /** Files parsed into the project model. */
  files_parsed: number;
  /** Every finding, most severe first, then by file and line. */
  findings: AuditFinding[];
  /** Findings silenced by an inline `customerio-doctor-disable-next-line` comment. */
  suppressed: number;
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

function isMetaFile(name: string): boolean {
  return name === "package.json" || LOCKFILES.includes(name) || name === "tsconfig.json" || name === "jsconfig.json" || name === ".gitignore";
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
  /** Identity seen by the walk; the opened descriptor must match it. */
  dev?: number;
  ino?: number;
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

type ReadOutcome = { ok: true; text: string } | { ok: false; reason: SkipReason; detail?: string };

/**
 * Reads a file through its descriptor: opened without following a final
 * symlink and without blocking, checked to be a regular file (the one the
 * walk saw) and read to at most `maxBytes`.
 */
export async function readConfined(file: SourceFile, maxBytes: number, allowedRoots: readonly string[]): Promise<ReadOutcome> {
  let handle: fs.FileHandle | undefined;
  try {
    try {
      handle = await fs.open(file.real, OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP" || code === "EMLINK") return { ok: false, reason: "symlink", detail: "became a symlink during the scan" };
      return { ok: false, reason: "unreadable", detail: code };
    }
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, reason: "special_file", detail: st.isFIFO() ? "FIFO" : st.isSocket() ? "socket" : "device" };
    if (file.ino !== undefined && (st.ino !== file.ino || st.dev !== file.dev)) {
      return { ok: false, reason: "symlink", detail: "replaced during the scan" };
    }
    if (file.ino === undefined) {
      // No identity from the walk (a single file): the real path of what was opened must still be inside the roots.
      const real = await fs.realpath(file.real);
      if (!allowedRoots.some((r) => isInside(real, r))) return { ok: false, reason: "symlink", detail: "points outside the allowed roots" };
    }
    if (st.size > maxBytes) return { ok: false, reason: "too_large", detail: `${st.size} bytes` };
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { ok: false, reason: "too_large", detail: `over ${maxBytes} bytes` };
    let text = buf.toString("utf8", 0, filled);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch (err) {
    return { ok: false, reason: "unreadable", detail: (err as NodeJS.ErrnoException).code };
  } finally {
    await handle?.close().catch(() => {});
  }
}

interface WalkOutcome {
  files: SourceFile[];
  meta: SourceFile[];
  lowerBound: boolean;
}

interface Matcher {
  /** Directory of the .gitignore, relative to the scan root (posix, "" for the root). */
  base: string;
  ig: Ignore;
}

function ignoredBy(matchers: readonly Matcher[], shown: string, isDir: boolean): boolean {
  for (const m of matchers) {
    const rel = m.base === "" ? shown : shown.startsWith(`${m.base}/`) ? shown.slice(m.base.length + 1) : null;
    if (rel === null || rel === "") continue;
    if (m.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

async function collectFiles(target: ScanTarget, maxFiles: number, skips: SkipLedger, signal?: AbortSignal): Promise<WalkOutcome> {
  const files: SourceFile[] = [];
  const meta: SourceFile[] = [];
  const seen = new Set<string>();
  let beyondCap = 0;
  const addFile = (file: SourceFile): boolean => {
    if (seen.has(file.real)) return true;
    if (files.length >= maxFiles) {
      beyondCap++;
      skips.add("max_files", file.shown);
      return beyondCap < MAX_FILES_COUNTED_BEYOND_CAP;
    }
    seen.add(file.real);
    files.push(file);
    return true;
  };

  if (target.kind === "file") {
    addFile({ real: target.path, shown: path.basename(target.path) });
    return { files, meta, lowerBound: false };
  }

  const queue: Array<{ dir: string; matchers: Matcher[] }> = [{ dir: target.path, matchers: [] }];
  // Symlinked files are added after the walk, so a file reached both ways is reported under its own path.
  const links: SourceFile[] = [];
  while (queue.length > 0) {
    if (signal?.aborted) break;
    const { dir, matchers: inherited } = queue.shift()!;
    const shownDir = toPosix(path.relative(target.root, dir));
    let entries: Dirent[];
    try {
      // The directory must still be a real directory inside the roots when it is listed.
      if (dir !== target.path) {
        const st = await fs.lstat(dir);
        if (!st.isDirectory()) {
          skips.add("symlink", shownDir, "replaced during the scan");
          continue;
        }
        const real = await fs.realpath(dir);
        if (!target.allowedRoots.some((r) => isInside(real, r))) {
          skips.add("symlink", shownDir, "points outside the allowed roots");
          continue;
        }
      }
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      skips.add("unreadable", shownDir || ".", (err as NodeJS.ErrnoException).code);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let matchers = inherited;
    const gitignore = entries.find((e) => e.name === ".gitignore" && e.isFile());
    if (gitignore) {
      const read = await readConfined({ real: path.join(dir, ".gitignore"), shown: `${shownDir ? `${shownDir}/` : ""}.gitignore` }, 256 * 1024, target.allowedRoots);
      if (read.ok) matchers = [...inherited, { base: shownDir, ig: ignore().add(read.text) }];
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const shown = toPosix(path.relative(target.root, full));
      if (entry.isDirectory()) {
        const reason = SKIPPED_DIRECTORIES[entry.name];
        if (reason) skips.add(reason, shown);
        else if (ignoredBy(matchers, shown, true)) skips.add("gitignored", shown);
        else queue.push({ dir: full, matchers });
        continue;
      }
      const source = isSourceFile(entry.name);
      const metaFile = isMetaFile(entry.name);
      if (entry.isSymbolicLink()) {
        // Symlinked directories are never followed; symlinked files only when they stay inside the roots.
        let real: string;
        let st: Awaited<ReturnType<typeof fs.stat>>;
        try {
          real = await fs.realpath(full);
          st = await fs.stat(real);
        } catch {
          if (source) skips.add("symlink", shown, "broken link");
          continue;
        }
        if (st.isDirectory()) {
          if (ignoredBy(matchers, shown, true)) skips.add("gitignored", shown);
          else skips.add("symlink", shown, "symlinked directory");
          continue;
        }
        if (!source) continue;
        if (ignoredBy(matchers, shown, false)) {
          skips.add("gitignored", shown);
          continue;
        }
        if (!target.allowedRoots.some((r) => isInside(real, r))) {
          skips.add("symlink", shown, "points outside the allowed roots");
          continue;
        }
        if (!st.isFile()) {
          skips.add("special_file", shown, st.isFIFO() ? "FIFO" : st.isSocket() ? "socket" : "device");
          continue;
        }
        links.push({ real, shown, dev: st.dev, ino: st.ino });
        continue;
      }
      if (!source && !metaFile) continue;
      if (ignoredBy(matchers, shown, false)) {
        if (source) skips.add("gitignored", shown);
        continue;
      }
      if (entry.isFile()) {
        if (source && isMinified(entry.name)) {
          skips.add("build_output", shown, "minified");
          continue;
        }
        let st: Awaited<ReturnType<typeof fs.lstat>>;
        try {
          st = await fs.lstat(full);
        } catch (err) {
          skips.add("unreadable", shown, (err as NodeJS.ErrnoException).code);
          continue;
        }
        const file = { real: full, shown, dev: st.dev, ino: st.ino };
        if (metaFile) {
          if (entry.name !== ".gitignore") meta.push(file);
        } else if (!addFile(file)) return { files, meta, lowerBound: true };
      } else if (source) {
        // FIFOs, sockets and devices are never opened.
        skips.add("special_file", shown, entry.isFIFO() ? "FIFO" : entry.isSocket() ? "socket" : "device");
      }
    }
  }
  for (const link of links) if (!addFile(link)) return { files, meta, lowerBound: true };
  return { files, meta, lowerBound: false };
}

/** JSON with comments and trailing commas (tsconfig), by a linear hand scan. */
function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end - 1;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === "," ) {
      let j = i + 1;
      while (j < text.length && (text[j] === " " || text[j] === "\n" || text[j] === "\r" || text[j] === "\t")) j++;
      if (text[j] !== "}" && text[j] !== "]") out += ch;
    } else out += ch;
  }
  return JSON.parse(out);
}

/** `baseUrl` and `paths` of the tsconfig/jsconfig at the scan root, relative to the root. */
function aliasesOf(text: string | undefined): PathAliases {
  const none: PathAliases = { baseUrl: null, paths: [] };
  if (!text) return none;
  let json: { compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    json = parseJsonc(text) as typeof json;
  } catch {
    return none;
  }
  const opts = json.compilerOptions ?? {};
  const baseUrl = typeof opts.baseUrl === "string" ? path.posix.normalize(opts.baseUrl) : null;
  const paths: PathAliases["paths"] = [];
  if (opts.paths && typeof opts.paths === "object") {
    for (const [pattern, targets] of Object.entries(opts.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf("*");
      const prefix = star < 0 ? pattern : pattern.slice(0, star);
      const suffix = star < 0 ? "" : pattern.slice(star + 1);
      paths.push({
        prefix,
        suffix,
        targets: targets.filter((t): t is string => typeof t === "string").map((t) => path.posix.normalize(path.posix.join(baseUrl ?? ".", t))),
      });
    }
  }
  return { baseUrl: baseUrl === "." ? "" : baseUrl, paths };
}

const KIT_ALIAS_BLOCK = /\balias\s{0,20}:\s{0,20}\{([^{}]{0,4000})\}/;
const KIT_ALIAS_ENTRY = /["']?([$\w@~/.*-]{1,80})["']?\s{0,20}:\s{0,20}["']([^"'\n]{1,300})["']/g;

/**
 * SvelteKit's `kit.alias` in svelte.config.js (`alias: { $components:
 * "src/components" }`): `$components/x` resolves under the target, the way
 * a tsconfig `paths` entry `$components/*` does. Found by a bounded scan, no evaluation.
 */
export function svelteKitAliases(text: string | undefined): PathAliases["paths"] {
  if (!text) return [];
  const block = KIT_ALIAS_BLOCK.exec(text.length > 200_000 ? text.slice(0, 200_000) : text);
  if (!block) return [];
  const out: PathAliases["paths"] = [];
  for (const m of block[1]!.matchAll(KIT_ALIAS_ENTRY)) {
    const name = m[1]!.endsWith("/*") ? m[1]!.slice(0, -2) : m[1]!;
    const target = path.posix.normalize(m[2]!.endsWith("/*") ? m[2]!.slice(0, -2) : m[2]!);
    out.push({ prefix: `${name}/`, suffix: "", targets: [`${target}/*`] });
  }
  return out;
}

const HTTP_VOCABULARY = /\bfetch\b|axios|\bgot\b|\bky\b|superagent|undici|needle|ofetch|customer\.io|cdp-analytics/;
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]{1,300})\1/g;

/** Module specifiers a file names (found by a linear scan, no parse). */
function lexicalImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_SPECIFIER)) out.push(m[2]!);
  return out;
}

/** The files worth parsing: the ones that can hold a finding or lead to one. */
function relevantFiles(texts: Map<string, string>, aliases: PathAliases, all: boolean): Set<string> {
  if (all) return new Set(texts.keys());
  const direct = new Set<string>();
  const edges = new Map<string, string[]>();
  const importedBy = new Map<string, string[]>();
  for (const [file, text] of texts) {
    if (mentionsCustomerIo(text) || HTTP_VOCABULARY.test(text.length > 2_000_000 ? text.slice(0, 2_000_000) : text)) direct.add(file);
    const targets: string[] = [];
    for (const spec of lexicalImports(text)) {
      const t = resolveSpecifier(file, spec, (f) => texts.has(f), aliases);
      if (t !== null && t !== file) targets.push(t);
    }
    edges.set(file, targets);
    for (const t of targets) {
      const list = importedBy.get(t) ?? [];
      list.push(file);
      importedBy.set(t, list);
    }
  }
  // Importers of relevant files, to a fixed point (callers, re-exporting index files).
  const relevant = new Set(direct);
  const queue = [...direct];
  while (queue.length > 0) {
    const f = queue.pop()!;
    for (const importer of importedBy.get(f) ?? []) {
      if (!relevant.has(importer)) {
        relevant.add(importer);
        queue.push(importer);
      }
    }
  }
  // And what relevant files import (event-name constants, service classes given by type).
  for (const f of [...relevant]) for (const t of edges.get(f) ?? []) relevant.add(t);
  return relevant;
}

/** Scans a file or directory that has already been resolved and confined. */
export async function scanTarget(target: ScanTarget, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const maxFiles = Math.min(Math.max(1, Math.floor(options.maxFiles ?? DEFAULT_MAX_FILES)), MAX_FILES_LIMIT);
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const skips = new SkipLedger();
  const { files, meta, lowerBound } = await collectFiles(target, maxFiles, skips, options.signal);

  const texts = new Map<string, string>();
  let done = 0;
  let next = 0;

  const readOne = async (file: SourceFile): Promise<void> => {
    const read = await readConfined(file, maxBytes, target.allowedRoots);
    if (!read.ok) skips.add(read.reason, file.shown, read.detail);
    else texts.set(file.shown, read.text);
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted) return;
      const i = next++;
      if (i >= files.length) return;
      await readOne(files[i]!);
      done++;
      if (options.onProgress && (done % 250 === 0 || done === files.length)) options.onProgress(done, files.length);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 16, 64));
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));

  const notReached = files.length - done;
  if (notReached > 0) skips.add("time_budget", files[done]?.shown ?? "", "scan stopped before this file", notReached);

  // Manifests, lockfiles and the root tsconfig, read the same confined way.
  const metaText = new Map<string, string>();
  for (const m of meta) {
    const read = await readConfined(m, MAX_META_BYTES, target.allowedRoots);
    if (read.ok) metaText.set(m.shown, read.text);
  }
  const manifests: Manifest[] = [];
  for (const [shown, text] of metaText) {
    if (path.posix.basename(shown) !== "package.json") continue;
    const dir = path.posix.dirname(shown);
    const locks = new Map<string, string>();
    for (const lock of LOCKFILES) {
      const t = metaText.get(dir === "." ? lock : `${dir}/${lock}`);
      if (t !== undefined) locks.set(lock, t);
    }
    manifests.push({ file: shown, text, locks });
  }
  const aliases = aliasesOf(metaText.get("tsconfig.json") ?? metaText.get("jsconfig.json"));
  aliases.paths.push(...svelteKitAliases(texts.get("svelte.config.js") ?? texts.get("svelte.config.ts")));

  // Parse each file once, and only the files that can matter: those naming Customer.io or an HTTP client,
  // those that (transitively) import one of them, and the modules those import (constants, classes).
  const relevant = relevantFiles(texts, aliases, options.parseAll === true);
  const models: FileModel[] = [];
  let scanned = 0;
  for (const [shown, text] of texts) {
    if (options.signal?.aborted) break;
    scanned++;
    if (!relevant.has(shown)) continue;
    try {
      models.push(FileModel.parse(text, shown));
    } catch (err) {
      // Unrecoverable syntax, or nesting too deep for the parser's stack.
      scanned--;
      const detail = err instanceof Error ? err.message.slice(0, 160) : "parse failed";
      skips.add("parse_error", shown, detail);
    }
  }

  models.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const analysis = analyzeProject(models, { aliases, manifests });
  const skipped = skips.summary();
  return {
    path: target.path,
    kind: target.kind,
    root: target.root,
    files_scanned: scanned,
    files_parsed: models.length,
    findings: sortAuditFindings(analysis.findings),
    suppressed: analysis.suppressed,
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
