/**
 * Precision and recall of audit_code on the evaluation corpus
 * (test/corpus/*: twelve small applications with labelled findings and
 * traps), overall and on the held-out apps, and per rule.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scanPath, type ScanResult } from "../../src/audit/scan.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.join(here, "..", "corpus");

interface Label {
  code: string;
  file: string;
  line: number;
  via?: boolean;
}
interface Labels {
  app: string;
  held_out: boolean;
  findings: Label[];
  traps: Label[];
}

const key = (f: { code: string; file: string; line: number }) => `${f.file}:${f.line}:${f.code}`;
const apps: Labels[] = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(path.join(CORPUS, d.name, "labels.json"), "utf8")) as Labels);

interface Score {
  tp: number;
  fp: number;
  fn: number;
  trapHits: number;
}
const empty = (): Score => ({ tp: 0, fp: 0, fn: 0, trapHits: 0 });
const precision = (s: Score) => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
const recall = (s: Score) => (s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn));

describe("audit_code on the evaluation corpus", () => {
  const results = new Map<string, ScanResult>();
  const all = empty();
  const heldOut = empty();
  const perRule = new Map<string, Score>();
  const problems: string[] = [];

  beforeAll(async () => {
    for (const app of apps) {
      const root = path.join(CORPUS, app.app);
      const result = await scanPath(root, [root]);
      results.set(app.app, result);
      const wanted = new Map(app.findings.map((f) => [key(f), f]));
      const traps = new Set(app.traps.map(key));
      const found = new Map(result.findings.map((f) => [key(f), f]));
      const add = (code: string, field: keyof Score) => {
        all[field]++;
        if (app.held_out) heldOut[field]++;
        const s = perRule.get(code) ?? empty();
        s[field]++;
        perRule.set(code, s);
      };
      for (const [k, f] of found) {
        if (wanted.has(k)) {
          add(f.code, "tp");
          if (wanted.get(k)!.via && !(f.via && f.via.length >= 2)) problems.push(`${app.app}/${k}: no via chain`);
        } else {
          add(f.code, "fp");
          problems.push(`${app.app}/${k}: false positive${traps.has(k) ? " (trap)" : ""}: ${f.message}`);
          if (traps.has(k)) add(f.code, "trapHits");
        }
      }
      for (const [k, f] of wanted) {
        if (!found.has(k)) {
          add(f.code, "fn");
          problems.push(`${app.app}/${k}: missed`);
        }
      }
    }
    const fmt = (s: Score) => `precision ${precision(s).toFixed(3)}, recall ${recall(s).toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, traps hit ${s.trapHits})`;
    console.info(`audit_code corpus, all ${apps.length} apps: ${fmt(all)}`);
    console.info(`audit_code corpus, held-out ${apps.filter((a) => a.held_out).length} apps: ${fmt(heldOut)}`);
    for (const [code, s] of [...perRule].sort()) console.info(`  ${code}: ${fmt(s)}`);
    // Details of the held-out apps stay hidden while tuning; their figures are printed above.
    const shown = process.env.CORPUS_SHOW_HELD_OUT ? problems : problems.filter((p) => !apps.some((a) => a.held_out && p.startsWith(`${a.app}/`)));
    if (shown.length) console.info(shown.join("\n"));
  });

  it("has at least 8 apps, 80 labelled findings and 80 traps, a third of the apps held out", () => {
    expect(apps.length).toBeGreaterThanOrEqual(8);
    expect(apps.reduce((n, a) => n + a.findings.length, 0)).toBeGreaterThanOrEqual(80);
    expect(apps.reduce((n, a) => n + a.traps.length, 0)).toBeGreaterThanOrEqual(80);
    expect(apps.filter((a) => a.held_out).length).toBeGreaterThanOrEqual(Math.floor(apps.length / 3));
  });

  it("labels point at real lines", () => {
    for (const app of apps) {
      for (const l of [...app.findings, ...app.traps]) {
        const lines = readFileSync(path.join(CORPUS, app.app, l.file), "utf8").split("\n");
        expect(lines.length, `${app.app}/${l.file}`).toBeGreaterThanOrEqual(l.line);
        expect(lines[l.line - 1]!.trim(), `${app.app}/${key(l)}`).not.toBe("");
      }
    }
  });

  it("reaches precision >= 0.95 and recall >= 0.85 overall", () => {
    expect(precision(all)).toBeGreaterThanOrEqual(0.95);
    expect(recall(all)).toBeGreaterThanOrEqual(0.85);
  });

  it("gives every helper-reached finding its via chain", () => {
    expect(problems.filter((p) => p.endsWith("no via chain"))).toEqual([]);
  });
});
