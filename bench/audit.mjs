// Times audit_code on a generated 5,000-file tree (scripts/gen-audit-tree.mjs)
// with helper modules and their callers, so the project model (every file
// read and parsed once, imports resolved, sinks found to a fixed point) is
// what is timed. Bundles src/audit/scan.ts with esbuild first, so it needs
// no prior build. Prints medians; no test asserts a timing. Target: under
// 5 s for 5,000 files on a 2-core machine.
//
// Options (env): AUDIT_BENCH_FILES (default 5000), AUDIT_BENCH_REPS (default 3).
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateAuditTree } from "../scripts/gen-audit-tree.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FILES = Number(process.env.AUDIT_BENCH_FILES ?? 5000);
const REPS = Math.max(1, Number(process.env.AUDIT_BENCH_REPS ?? 3));
const TARGET_MS = 5000;

const work = mkdtempSync(join(tmpdir(), "cio-audit-bench-"));
try {
  const bundle = join(work, "scan.mjs");
  await build({ entryPoints: [join(root, "src/audit/scan.ts")], outfile: bundle, bundle: true, platform: "node", format: "esm", target: "node20.19", logLevel: "warning" });
  const { scanPath } = await import(pathToFileURL(bundle).href);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`audit_code: ${FILES} files, ${REPS} runs each, node ${process.version}, ${cpus().length} cores`);
  const rows = [];
  let lastCounts;
  for (const run of [
    { label: "helpers and callers (30% Customer.io)", ratio: 0.3, helpers: true },
    { label: "direct calls only (30% Customer.io)", ratio: 0.3, helpers: false },
    { label: "worst case: every file parsed (helpers)", ratio: 0.3, helpers: true, parseAll: true },
  ]) {
    const dir = join(work, `tree-${run.helpers ? "h" : "d"}`);
    const counts = run.parseAll ? lastCounts : generateAuditTree(dir, { files: FILES, cioRatio: run.ratio, helpers: run.helpers });
    if (run.helpers && !run.parseAll) lastCounts = counts;
    const times = [];
    let last;
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      last = await scanPath(dir, [dir], { maxFiles: FILES, parseAll: run.parseAll === true });
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    const via = last.findings.filter((f) => f.via).length;
    rows.push([run.label, ms]);
    console.log(
      `${run.label}: ${Math.round(ms)} ms median (first ${Math.round(times[0])} ms), ${Math.round((last.files_scanned / ms) * 1000)} files/s; ` +
        `${last.files_parsed} parsed (${counts.customerio} with Customer.io calls, ${counts.callers ?? 0} callers of helpers), ${last.findings.length} findings (${via} with a via chain), ${last.skipped.total} skipped`,
    );
  }
  for (const [label, ms] of rows) console.log(`target < ${TARGET_MS} ms for ${label}: ${ms < TARGET_MS ? "met" : "NOT met"} (${Math.round(ms)} ms)`);
  console.log(`helpers / direct ratio: ${(rows[0][1] / rows[1][1]).toFixed(2)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
