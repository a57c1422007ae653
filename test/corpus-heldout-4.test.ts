/**
 * audit_code scored against held-out set 4 (test/corpus-heldout-4: five
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
  score = await scoreCorpus(path.join(__dirname, "corpus-heldout-4"));
  process.stderr.write(`${describeScore("held-out set 4", score).join("\n")}\n`);
}, 120_000);

describe("audit_code on held-out set 4", () => {
  it("has five applications with at least 60 labelled findings and 80 traps", () => {
    expect(score.apps.length).toBe(5);
    expect(score.apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(60);
    expect(score.apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(80);
  });

  it("keeps precision and recall at least where they were measured (targets P >= 0.95, R >= 0.85)", () => {
    // Measured, never tuned on:
    //   rules of bbc823e (before this set existed): P 0.842 (48/57), R 0.727 (48/66);
    //   final rules of this change (db77f76 and after): P 0.859 (55/64), R 0.833 (55/66). Seven of the nine
    //   false positives are awaits in Next.js handlers, which this set labels as traps (it takes them as
    //   serverless, where awaiting is needed) and the independent set as findings (the fix there is after()).
    expect(precisionOf(score.total)).toBeGreaterThanOrEqual(55 / 64);
    expect(recallOf(score.total)).toBeGreaterThanOrEqual(55 / 66);
  });
});
