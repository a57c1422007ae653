/**
 * audit_code scored against the held-out set test/corpus-heldout-3 (five
 * applications written without sight of the audit's rules, tests or other
 * corpora, and never used to change a rule). Prints precision, recall and
 * every miss; asserts the measured figures as floors. When this set starts
 * guiding rule changes it stops being held out: say so here, and write the
 * next one.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeScore, precisionOf, recallOf, scoreCorpus, type CorpusScore } from "./helpers/corpus-score.js";

let score: CorpusScore;

beforeAll(async () => {
  score = await scoreCorpus(path.join(__dirname, "corpus-heldout-3"));
  process.stderr.write(`${describeScore("held-out set 3", score).join("\n")}\n`);
}, 120_000);

describe("audit_code on held-out set 3", () => {
  it("has five applications with at least 60 labelled findings and 80 traps", () => {
    expect(score.apps.length).toBe(5);
    expect(score.apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(60);
    expect(score.apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(80);
  });

  it("keeps precision and recall at least where they were measured (targets P >= 0.95, R >= 0.85)", () => {
    // Measured, never tuned on:
    //   rules of bbc823e (before this set existed): P 1.000 (45/45), R 0.681 (45/66);
    //   after the independent set guided rule changes (3b1298f): P 0.978 (46/47), R 0.696 (46/66);
    //   after test/corpus-heldout guided rule changes (26679cf): P 0.979 (47/48), R 0.712 (47/66);
    //   with names built from personal data reported as dynamic_event_name too: P 0.980 (51/52), R 0.772 (51/66).
    expect(precisionOf(score.total)).toBeGreaterThanOrEqual(51 / 52);
    expect(recallOf(score.total)).toBeGreaterThanOrEqual(51 / 66);
  });
});
