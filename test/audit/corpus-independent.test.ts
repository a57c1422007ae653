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
// Added after the first measurement of the other five (see the corpus README).
const SECOND_BATCH = new Set(["apollo-teams", "hono-pipelines"]);
const perBatch = { first: { tp: 0, fp: 0, fn: 0 }, second: { tp: 0, fp: 0, fn: 0 } };

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
    const batch = perBatch[SECOND_BATCH.has(labels.app) ? "second" : "first"];
    for (const r of reported) {
      const k = key(labels.app, r);
      const label = expected.get(k);
      if (label && !matched.has(k)) {
        matched.add(k);
        tp++;
        batch.tp++;
        tally(r.code).tp++;
        if (label.via) {
          viaLabelled++;
          if (!r.via) viaMissing.push(k);
        }
      } else {
        falsePositives.push(r);
        batch.fp++;
        tally(r.code).fp++;
        if (traps.has(k)) trapHits.push(r);
      }
    }
    for (const [k, l] of expected) {
      if (!matched.has(k)) {
        falseNegatives.push({ ...l, app: labels.app });
        batch.fn++;
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
    for (const [name, t] of Object.entries(perBatch)) {
      lines.push(`  ${name} batch: P ${fmt(ratio(t.tp, t.tp + t.fp))} (${t.tp}/${t.tp + t.fp}) R ${fmt(ratio(t.tp, t.tp + t.fn))} (${t.tp}/${t.tp + t.fn})`);
    }
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

    if (recall < 0.85) process.stderr.write(`RECALL BELOW TARGET: ${fmt(recall)} < 0.85 (${falseNegatives.length} misses listed above)\n`);
    // Targets P >= 0.95 and R >= 0.85 overall. First measurements: first
    // batch (labels committed before the audit was ever run on them) P 1.000
    // (52/52), R 0.866 (52/60); second batch P 1.000 (12/12), R 0.666
    // (12/18); overall R 0.820 (64/78), then 0.833 (65/78).
    //
    // This set is no longer held out: its printed misses have since been used
    // to guide rule changes (Promise.all over .map(), superagent chains,
    // Worker dispatch, GCF handlers, env-fallback and btoa literals, helper
    // chains for track_before_identify). Its figures now read as a regression
    // check, not as an unbiased estimate; test/corpus-heldout is for that.
    // Measured after those changes: overall P 1.000 (76/76), R 0.974 (76/78);
    // first batch R 0.966 (58/60), second batch R 1.000 (18/18). The floors
    // below are those figures rounded down. The two misses left are
    // dynamic_event_name on names built from personal data, which this set
    // labels as both dynamic and personal while test/corpus labels them
    // personal only (pii_in_event_name); the audit follows test/corpus.
    const first = perBatch.first;
    const second = perBatch.second;
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(ratio(first.tp, first.tp + first.fp)).toBeGreaterThanOrEqual(0.95);
    expect(ratio(first.tp, first.tp + first.fn)).toBeGreaterThanOrEqual(0.96);
    expect(ratio(second.tp, second.tp + second.fp)).toBeGreaterThanOrEqual(0.95);
    expect(ratio(second.tp, second.tp + second.fn)).toBeGreaterThanOrEqual(1);
    expect(recall).toBeGreaterThanOrEqual(0.97);
    // Findings reached through the project's own helpers must carry their
    // via chain: measured 31 of 34 at first, now 37 of 37.
    expect(viaMissing).toEqual([]);
  });
});
