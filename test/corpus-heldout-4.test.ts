/**
 * audit_code scored against set 4 (test/corpus-heldout-4: five applications
 * written without sight of the audit's rules, tests or other corpora). It was
 * measured blind once, P 0.859 (55/64), R 0.833 (55/66); its misses and false
 * positives have guided rule changes since, so it is a tuning set now, not a
 * held-out one: its figures no longer say how the rules do on unseen code
 * (test/corpus-heldout-5 is the next held-out set). Prints precision, recall
 * and every miss; asserts the figures measured after those changes as floors.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeScore, precisionOf, recallOf, scoreCorpus, type CorpusScore } from "./helpers/corpus-score.js";

let score: CorpusScore;

beforeAll(async () => {
  score = await scoreCorpus(path.join(__dirname, "corpus-heldout-4"));
  process.stderr.write(`${describeScore("set 4 (tuning)", score).join("\n")}\n`);
}, 120_000);

describe("audit_code on set 4 (tuning)", () => {
  it("has five applications with at least 60 labelled findings and 80 traps", () => {
    expect(score.apps.length).toBe(5);
    expect(score.apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(60);
    expect(score.apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(80);
  });

  it("keeps precision and recall at least where they were measured (targets P >= 0.95, R >= 0.85)", () => {
    // rules of bbc823e (before this set existed): P 0.842 (48/57), R 0.727 (48/66);
    // blind measurement, rules of db77f76: P 0.859 (55/64), R 0.833 (55/66);
    // after the changes it guided (8b006b4 .. 7b148ac): P 0.904 (66/73), R 1.000 (66/66).
    // The seven false positives left are awaits in Next.js handlers, which this set labels as traps (it takes them
    // as serverless, where awaiting is needed) and the independent set as findings (the fix there is after()).
    expect(precisionOf(score.total)).toBeGreaterThanOrEqual(66 / 73);
    expect(recallOf(score.total)).toBeGreaterThanOrEqual(66 / 66);
  });
});
