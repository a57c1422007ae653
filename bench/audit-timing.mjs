// Times audit_code's scanner on a generated 5,000-file tree (see
// scripts/gen-audit-tree.mjs): files per second and total milliseconds, for
// a realistic mix (30% of files call Customer.io) and for the worst case
// where every file is parsed. Builds src/audit/scan.ts with esbuild first,
// so it needs no prior `npm run build`.
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

const work = mkdtempSync(join(tmpdir(), "cio-audit-bench-"));
try {
  const bundle = join(work, "scan.mjs");
  await build({
    entryPoints: [join(root, "src/audit/scan.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    logLevel: "warning",
  });
  const { scanPath } = await import(pathToFileURL(bundle).href);

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const runs = [
    { label: "mixed tree (30% Customer.io)", ratio: 0.3, parseAll: false },
    { label: "every file parsed", ratio: 0.3, parseAll: true },
  ];
  console.log(`audit_code scan timing: ${FILES} files, ${REPS} runs each, node ${process.version}, ${cpus().length} cores`);
  for (const run of runs) {
    const dir = join(work, `tree-${run.ratio}`);
    const counts = generateAuditTree(dir, { files: FILES, cioRatio: run.ratio });
    const times = [];
    let last;
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      last = await scanPath(dir, [dir], { maxFiles: FILES, parseAll: run.parseAll });
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    console.log(
      `${run.label}: ${Math.round(ms)} ms median (first ${Math.round(times[0])} ms), ${Math.round((last.files_scanned / ms) * 1000)} files/s; ` +
        `${last.files_scanned} scanned, ${last.files_parsed} parsed (${counts.customerio} with Customer.io calls), ${last.findings.length} findings, ${last.skipped.total} skipped`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
