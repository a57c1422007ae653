/**
 * audit_code scored against the evaluation sets written by other hands,
 * each without sight of the audit's rules, tests or the other sets:
 * test/corpus-heldout and test/corpus-heldout-3 to -6 (five applications
 * each; data, never compiled or run). Each set is measured blind once; when its misses then
 * guide rule changes it becomes a tuning set, and its figures say nothing
 * more about unseen code: only a set still held out does. The history of
 * every measurement is kept below with the set. Prints precision, recall
 * and every miss; asserts the last measured figures as floors.
 *
 * (test/audit/corpus-independent.test.ts scores the oldest set, in two
 * batches.)
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeScore, precisionOf, recallOf, scoreCorpus, type CorpusScore } from "./helpers/corpus-score.js";

interface EvaluationSet {
  dir: string;
  /** held out: never used to change a rule; tuning: its misses have guided rule changes. */
  status: "held out" | "tuning";
  findings: number;
  traps: number;
  /** Every measurement, oldest first. */
  history: string[];
  /** The last measurement, as floors (tp / reported, tp / labelled). */
  floor: { precision: number; recall: number };
}

const SETS: EvaluationSet[] = [
  {
    dir: "corpus-heldout",
    status: "tuning",
    findings: 76,
    traps: 108,
    history: [
      "first measurement (rules of bbc823e): P 0.886 (39/44), R 0.513 (39/76)",
      "after the independent set guided rule changes (50b1d36), blind: P 0.886 (39/44), R 0.513 (39/76): nothing carried over",
      "after its own misses guided rule changes (0fba670 .. 26679cf: SvelteKit, Fastify decorations, Azure/Vercel/Bun/Deno, outdated_sdk ranges, request helpers): P 1.000 (73/73), R 0.960 (73/76)",
      "with names built from personal data also reported as dynamic_event_name (549b30e): P 1.000 (76/76), R 1.000 (76/76)",
    ],
    floor: { precision: 76 / 76, recall: 76 / 76 },
  },
  {
    dir: "corpus-heldout-3",
    status: "tuning",
    findings: 66,
    traps: 91,
    history: [
      "rules of bbc823e (before the set existed): P 1.000 (45/45), R 0.681 (45/66)",
      "after the independent set guided rule changes (3b1298f): P 0.978 (46/47), R 0.696 (46/66)",
      "after test/corpus-heldout guided rule changes (26679cf): P 0.979 (47/48), R 0.712 (47/66)",
      "blind, with names built from personal data also reported as dynamic_event_name: P 0.980 (51/52), R 0.772 (51/66)",
      "after its own misses guided rule changes (route objects, servers by shape, typed service parameters, got prefixUrl, promise chains, wrapped Lambdas, node:https): P 1.000 (66/66), R 1.000 (66/66)",
    ],
    floor: { precision: 66 / 66, recall: 66 / 66 },
  },
  {
    dir: "corpus-heldout-4",
    status: "tuning",
    findings: 66,
    traps: 91,
    history: [
      "rules of bbc823e (before the set existed): P 0.842 (48/57), R 0.727 (48/66)",
      "blind (rules of db77f76): P 0.859 (55/64), R 0.833 (55/66)",
      "after its own misses guided rule changes (8b006b4 .. 7af766a): P 0.904 (66/73), R 1.000 (66/66); the seven false positives left are awaits in Next.js handlers, which this set labels as serverless traps and the independent set as findings (the fix there is after())",
    ],
    floor: { precision: 66 / 73, recall: 66 / 66 },
  },
  {
    dir: "corpus-heldout-5",
    status: "tuning",
    findings: 65,
    traps: 90,
    history: [
      "rules of bbc823e (before the set existed): P 0.943 (50/53), R 0.769 (50/65)",
      "blind, with the final rules of this change (00df884): P 0.967 (60/62), R 0.923 (60/65)",
      "after its own misses guided rule changes (7c20981 .. af146b5: credentials joined with +, NestJS providers, wrapped route handlers, got username/password through a constructor): P 1.000 (64/64), R 0.984 (64/65); the miss left is outdated_sdk on ^3.3.0, which installs the newest 3.x and so has the fix (cef474c): a labelling disagreement, not a rule change",
    ],
    floor: { precision: 64 / 64, recall: 64 / 65 },
  },
  {
    dir: "corpus-heldout-6",
    status: "held out",
    findings: 65,
    traps: 83,
    history: [
      "rules of bbc823e (before the set existed): P 0.865 (45/52), R 0.692 (45/65)",
      "blind, with the final rules of this change (ce8dbdf): P 0.931 (54/58), R 0.830 (54/65); its apps were chosen to include the shapes set 5 had shown missing (wrapped Express handlers, NestJS providers), and the awilix container app scores R 0.307 (4/13)",
    ],
    floor: { precision: 54 / 58, recall: 54 / 65 },
  },
];

const scores = new Map<string, CorpusScore>();

beforeAll(async () => {
  for (const set of SETS) {
    const score = await scoreCorpus(path.join(__dirname, set.dir));
    scores.set(set.dir, score);
    process.stderr.write(`${describeScore(`${set.dir} (${set.status})`, score).join("\n")}\n`);
  }
}, 240_000);

describe.each(SETS)("audit_code on $dir ($status)", (set) => {
  it(`has five applications, ${set.findings} labelled findings and ${set.traps} traps`, () => {
    const score = scores.get(set.dir)!;
    expect(score.apps.length).toBe(5);
    expect(score.apps.reduce((n, a) => n + a.findings.length, 0)).toBe(set.findings);
    expect(score.apps.reduce((n, a) => n + a.traps.length, 0)).toBe(set.traps);
  });

  it(`keeps precision and recall at least at the last measurement: ${set.history.at(-1)}`, () => {
    const score = scores.get(set.dir)!;
    expect(precisionOf(score.total)).toBeGreaterThanOrEqual(set.floor.precision);
    expect(recallOf(score.total)).toBeGreaterThanOrEqual(set.floor.recall);
  });
});
