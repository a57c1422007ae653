/**
 * Scores audit_code against a labelled evaluation set: a folder of
 * applications, each with a `labels.json` (`{app, findings[], traps[]}` of
 * `{code, file, line, via?}`; the format of test/corpus/README.md). A
 * finding matches a label on code, file and line; every other finding counts
 * against precision (those on a labelled trap are listed as trap hits).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { scanPath } from "../../src/audit/scan.js";

export interface Label {
  code: string;
  file: string;
  line: number;
  via?: boolean;
}
export interface AppLabels {
  app: string;
  held_out?: boolean;
  findings: Label[];
  traps: Label[];
}
export interface Reported {
  app: string;
  code: string;
  file: string;
  line: number;
  via: boolean;
}
export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
export interface CorpusScore {
  apps: AppLabels[];
  total: Tally;
  perRule: Map<string, Tally>;
  perApp: Map<string, Tally>;
  falsePositives: Reported[];
  falseNegatives: Array<Label & { app: string }>;
  trapHits: Reported[];
  /** Matched findings labelled `via` that came without their chain. */
  viaMissing: string[];
  viaLabelled: number;
}

export const labelKey = (app: string, r: { code: string; file: string; line: number }) => `${app}/${r.file}:${r.line}:${r.code}`;
export const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
/** Rounded down, so a near miss never reads as met. */
export const fmt = (x: number) => (Math.floor(x * 1000) / 1000).toFixed(3);
export const precisionOf = (t: Tally) => ratio(t.tp, t.tp + t.fp);
export const recallOf = (t: Tally) => ratio(t.tp, t.tp + t.fn);

export function readLabels(dir: string): AppLabels[] {
  return readdirSync(dir)
    .filter((d) => statSync(path.join(dir, d)).isDirectory())
    .sort()
    .map((d) => JSON.parse(readFileSync(path.join(dir, d, "labels.json"), "utf8")) as AppLabels);
}

const count = (map: Map<string, Tally>, key: string): Tally => {
  let t = map.get(key);
  if (!t) map.set(key, (t = { tp: 0, fp: 0, fn: 0 }));
  return t;
};

export async function scoreCorpus(dir: string): Promise<CorpusScore> {
  const apps = readLabels(dir);
  const score: CorpusScore = {
    apps,
    total: { tp: 0, fp: 0, fn: 0 },
    perRule: new Map(),
    perApp: new Map(),
    falsePositives: [],
    falseNegatives: [],
    trapHits: [],
    viaMissing: [],
    viaLabelled: 0,
  };
  for (const labels of apps) {
    const root = path.join(dir, labels.app);
    const result = await scanPath(root, [root]);
    const app = count(score.perApp, labels.app);
    const expected = new Map(labels.findings.map((l) => [labelKey(labels.app, l), l]));
    const traps = new Set(labels.traps.map((l) => labelKey(labels.app, l)));
    const matched = new Set<string>();
    for (const f of result.findings) {
      const r: Reported = { app: labels.app, code: f.code, file: f.file, line: f.line, via: Array.isArray(f.via) && f.via.length > 0 };
      const k = labelKey(labels.app, r);
      const label = expected.get(k);
      if (label && !matched.has(k)) {
        matched.add(k);
        for (const t of [score.total, app, count(score.perRule, r.code)]) t.tp++;
        if (label.via) {
          score.viaLabelled++;
          if (!r.via) score.viaMissing.push(k);
        }
      } else {
        for (const t of [score.total, app, count(score.perRule, r.code)]) t.fp++;
        score.falsePositives.push(r);
        if (traps.has(k)) score.trapHits.push(r);
      }
    }
    for (const [k, l] of expected) {
      if (matched.has(k)) continue;
      for (const t of [score.total, app, count(score.perRule, l.code)]) t.fn++;
      score.falseNegatives.push({ ...l, app: labels.app });
    }
  }
  return score;
}

/** The score as lines for stderr: totals, per rule and per app, then every miss and false positive. */
export function describeScore(name: string, s: CorpusScore): string[] {
  const line = (t: Tally) => `P ${fmt(precisionOf(t))} (${t.tp}/${t.tp + t.fp}) R ${fmt(recallOf(t))} (${t.tp}/${t.tp + t.fn})`;
  const out = [`${name}: ${line(s.total)}`];
  for (const [app, t] of s.perApp) out.push(`  app ${app}: ${line(t)}`);
  for (const [code, t] of [...s.perRule].sort(([a], [b]) => a.localeCompare(b))) out.push(`  ${code}: tp ${t.tp} fp ${t.fp} fn ${t.fn}`);
  out.push(`  via chains present on ${s.viaLabelled - s.viaMissing.length}/${s.viaLabelled} matched findings labelled via`);
  for (const k of s.viaMissing) out.push(`  VIA MISSING ${k}`);
  for (const r of s.falsePositives) {
    const near = s.falseNegatives.find((l) => l.app === r.app && l.code === r.code && l.file === r.file && Math.abs(l.line - r.line) <= 3);
    const tag = s.trapHits.includes(r) ? " (trap)" : near ? ` (near miss of line ${near.line})` : "";
    out.push(`  FP ${labelKey(r.app, r)}${tag}`);
  }
  for (const l of s.falseNegatives) out.push(`  FN ${labelKey(l.app, l)}${l.via ? " (via)" : ""}`);
  return out;
}
