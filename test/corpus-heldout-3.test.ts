/**
 * audit_code scored against test/corpus-heldout-3 (five applications
 * written without sight of the audit's rules, tests or other corpora).
 * It was held out until its last blind measurement, P 0.980 (51/52),
 * R 0.772 (51/66); since then its misses have guided rule changes (route
 * objects, servers by shape, typed service parameters, got prefixUrl
 * helpers, promise chains and state-only identifies, wrapped Lambda
 * handlers, node:https headers), so it is a tuning set now and its
 * figures say nothing about unseen code: the next held-out set does.
 * Prints precision, recall and every miss; asserts the measured figures
 * as floors.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeScore, precisionOf, recallOf, scoreCorpus, type CorpusScore } from "./helpers/corpus-score.js";

let score: CorpusScore;

beforeAll(async () => {
  score = await scoreCorpus(path.join(__dirname, "corpus-heldout-3"));
  process.stderr.write(`${describeScore("set 3 (tuning)", score).join("\n")}\n`);
}, 120_000);

describe("audit_code on set 3 (a tuning set since its blind measurement)", () => {
  it("has five applications with at least 60 labelled findings and 80 traps", () => {
    expect(score.apps.length).toBe(5);
    expect(score.apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(60);
    expect(score.apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(80);
  });

  it("keeps precision and recall at least where they were last measured", () => {
    // Measured while held out (never tuned on):
    //   rules of bbc823e (before this set existed): P 1.000 (45/45), R 0.681 (45/66);
    //   after the independent set guided rule changes (3b1298f): P 0.978 (46/47), R 0.696 (46/66);
    //   after test/corpus-heldout guided rule changes (26679cf): P 0.979 (47/48), R 0.712 (47/66);
    //   with names built from personal data reported as dynamic_event_name too: P 0.980 (51/52), R 0.772 (51/66).
    // Measured after this set guided rule changes (tuned on, so no longer a measure of unseen code):
    //   P 1.000 (66/66), R 1.000 (66/66).
    expect(precisionOf(score.total)).toBeGreaterThanOrEqual(66 / 66);
    expect(recallOf(score.total)).toBeGreaterThanOrEqual(66 / 66);
  });
});
