/**
 * audit_code scored against an independent evaluation set
 * (test/corpus-independent/*: five applications labelled without sight of
 * the audit's rules, tests or its own corpus). A finding matches a label on
 * code, file and line; every reported finding that is not a labelled finding
 * counts against precision (those landing on a labelled trap are listed as
 * trap hits). Misses, false positives and near misses (same code and file,
 * line within 3) are printed so they can be worked on.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { describeScore, fmt, precisionOf, recallOf, scoreCorpus, type CorpusScore, type Tally } from "../helpers/corpus-score.js";

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "corpus-independent");
// Added after the first measurement of the other five (see the corpus README).
const SECOND_BATCH = new Set(["apollo-teams", "hono-pipelines"]);

let score: CorpusScore;
/** The apps of one batch, summed. */
const batch = (second: boolean): Tally => {
  const sum = { tp: 0, fp: 0, fn: 0 };
  for (const [app, t] of score.perApp) {
    if (SECOND_BATCH.has(app) !== second) continue;
    sum.tp += t.tp;
    sum.fp += t.fp;
    sum.fn += t.fn;
  }
  return sum;
};

beforeAll(async () => {
  score = await scoreCorpus(CORPUS);
}, 120_000);

describe("audit_code on the independent evaluation set", () => {
  it("has at least 5 applications, 40 labelled findings and 40 traps", () => {
    expect(score.apps.length).toBeGreaterThanOrEqual(5);
    expect(score.apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(40);
    expect(score.apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(40);
  });

  it("reports precision and recall (targets P >= 0.95, R >= 0.85)", () => {
    const precision = precisionOf(score.total);
    const recall = recallOf(score.total);
    const lines = describeScore("independent corpus", score);
    const first = batch(false);
    const second = batch(true);
    const fig = (t: Tally) => `P ${fmt(precisionOf(t))} (${t.tp}/${t.tp + t.fp}) R ${fmt(recallOf(t))} (${t.tp}/${t.tp + t.fn})`;
    lines.splice(1, 0, `  first batch: ${fig(first)}`, `  second batch: ${fig(second)}`);
    process.stderr.write(lines.join("\n") + "\n");

    if (recall < 0.85) process.stderr.write(`RECALL BELOW TARGET: ${fmt(recall)} < 0.85 (${score.falseNegatives.length} misses listed above)\n`);
    // Targets P >= 0.95 and R >= 0.85 overall. First measurements: first
    // batch (labels committed before the audit was ever run on them) P 1.000
    // (52/52), R 0.866 (52/60); second batch P 1.000 (12/12), R 0.666
    // (12/18); overall R 0.820 (64/78), then 0.833 (65/78).
    //
    // This set is no longer held out: its printed misses have since been used
    // to guide rule changes (Promise.all over .map(), superagent chains,
    // Worker dispatch, GCF handlers, env-fallback and btoa literals, helper
    // chains for track_before_identify). Its figures now read as a regression
    // check, not as an unbiased estimate; the set still held out in
    // test/corpus-sets.test.ts is for that.
    // Measured after those changes: overall P 1.000 (76/76), R 0.974 (76/78);
    // first batch R 0.966 (58/60), second batch R 1.000 (18/18). The floors
    // below are those figures rounded down. The two misses then left,
    // dynamic_event_name on names built from personal data, went when that
    // became the rule for every set (549b30e): P and R 1.000 (78/78) since.
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(precisionOf(first)).toBeGreaterThanOrEqual(0.95);
    expect(recallOf(first)).toBeGreaterThanOrEqual(0.96);
    expect(precisionOf(second)).toBeGreaterThanOrEqual(0.95);
    expect(recallOf(second)).toBeGreaterThanOrEqual(1);
    expect(recall).toBeGreaterThanOrEqual(0.97);
    // Findings reached through the project's own helpers must carry their
    // via chain: measured 31 of 34 at first, now 37 of 37.
    expect(score.viaMissing).toEqual([]);
  });
});
