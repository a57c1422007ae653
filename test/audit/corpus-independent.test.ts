/**
 * audit_code scored against an independent evaluation set
 * (test/corpus-independent/*: five applications labelled without sight of
 * the audit's rules, tests or its own corpus). A finding matches a label on
 * code, file and line; every reported finding that is not a labelled finding
 * counts against precision (those landing on a labelled trap are listed as
 * trap hits). Misses, false positives and near misses (same code and file,
 * line within 3) are printed so they can be worked on.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { scanPath } from "../../src/audit/scan.js";

interface Label {
  code: string;
  file: string;
  line: number;
  via?: boolean;
}
interface AppLabels {
  app: string;
  held_out: boolean;
  findings: Label[];
  traps: Label[];
}
interface Reported {
  app: string;
  code: string;
  file: string;
  line: number;
  via: boolean;
}
interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "corpus-independent");
const key = (app: string, r: { code: string; file: string; line: number }) => `${app}/${r.file}:${r.line}:${r.code}`;
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
// Rounded down, so a near miss never reads as met.
const fmt = (x: number) => (Math.floor(x * 1000) / 1000).toFixed(3);

const apps: AppLabels[] = readdirSync(CORPUS)
  .filter((d) => statSync(path.join(CORPUS, d)).isDirectory())
  .sort()
  .map((d) => JSON.parse(readFileSync(path.join(CORPUS, d, "labels.json"), "utf8")) as AppLabels);

const perRule = new Map<string, Tally>();
const tally = (code: string) => {
  let t = perRule.get(code);
  if (!t) perRule.set(code, (t = { tp: 0, fp: 0, fn: 0 }));
  return t;
};
const falsePositives: Reported[] = [];
const falseNegatives: (Label & { app: string })[] = [];
const trapHits: Reported[] = [];
const viaMissing: string[] = [];
let tp = 0;
let viaLabelled = 0;

beforeAll(async () => {
  for (const labels of apps) {
    const root = path.join(CORPUS, labels.app);
    const result = await scanPath(root, [root]);
    const reported: Reported[] = result.findings.map((f) => ({
      app: labels.app,
      code: f.code,
      file: f.file,
      line: f.line,
      via: Array.isArray(f.via) && f.via.length > 0,
    }));
    const expected = new Map(labels.findings.map((l) => [key(labels.app, l), l]));
    const traps = new Set(labels.traps.map((l) => key(labels.app, l)));
    const matched = new Set<string>();
    for (const r of reported) {
      const k = key(labels.app, r);
      const label = expected.get(k);
      if (label && !matched.has(k)) {
        matched.add(k);
        tp++;
        tally(r.code).tp++;
        if (label.via) {
          viaLabelled++;
          if (!r.via) viaMissing.push(k);
        }
      } else {
        falsePositives.push(r);
        tally(r.code).fp++;
        if (traps.has(k)) trapHits.push(r);
      }
    }
    for (const [k, l] of expected) {
      if (!matched.has(k)) {
        falseNegatives.push({ ...l, app: labels.app });
        tally(l.code).fn++;
      }
    }
  }
}, 120_000);

describe("audit_code on the independent evaluation set", () => {
  it("has at least 5 applications, 40 labelled findings and 40 traps", () => {
    expect(apps.length).toBeGreaterThanOrEqual(5);
    expect(apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(40);
    expect(apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(40);
  });

  it("reports precision and recall (targets P >= 0.95, R >= 0.85)", () => {
    const precision = ratio(tp, tp + falsePositives.length);
    const recall = ratio(tp, tp + falseNegatives.length);
    const lines: string[] = [];
    lines.push(`independent corpus: precision ${fmt(precision)} (${tp}/${tp + falsePositives.length}), recall ${fmt(recall)} (${tp}/${tp + falseNegatives.length})`);
    for (const [code, t] of [...perRule].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${code}: tp ${t.tp} fp ${t.fp} fn ${t.fn}  P ${fmt(ratio(t.tp, t.tp + t.fp))} R ${fmt(ratio(t.tp, t.tp + t.fn))}`);
    }
    lines.push(`  via chains present on ${viaLabelled - viaMissing.length}/${viaLabelled} matched findings labelled via`);
    for (const k of viaMissing) lines.push(`  VIA MISSING ${k}`);
    for (const r of falsePositives) {
      const near = falseNegatives.find((l) => l.app === r.app && l.code === r.code && l.file === r.file && Math.abs(l.line - r.line) <= 3);
      const tag = trapHits.includes(r) ? " (trap)" : near ? ` (near miss of line ${near.line})` : "";
      lines.push(`  FP ${key(r.app, r)}${tag}`);
    }
    for (const l of falseNegatives) lines.push(`  FN ${key(l.app, l)}${l.via ? " (via)" : ""}`);
    process.stderr.write(lines.join("\n") + "\n");

    // Targets P >= 0.95 and R >= 0.85. First measurement (labels committed
    // before the audit was ever run on them): P 1.000 (52/52), R 0.866 (52/60).
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    // Findings reached through the project's own helpers must carry their
    // via chain. First measurement: 26 of 29 (event_name_inconsistent came
    // without one three times); a regression floor, the target is all.
    expect(viaLabelled - viaMissing.length).toBeGreaterThanOrEqual(26);
  });
});
