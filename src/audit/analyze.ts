/**
 * Runs the rules over a set of parsed files as one project: resolves the
 * project model, runs every per-file rule, the tree-wide event-name check
 * and the SDK version check, applies inline suppressions and sorts.
 */
import { scrubSecrets } from "./rules/credentials.js";
import { eventNameValue } from "./rules/event-name-values.js";
import { eventNameConsistencyFindings } from "./rules/event_name_inconsistent.js";
import { FILE_RULES, RULES, type AuditCode, type AuditFinding, type Report } from "./rules/index.js";
import { outdatedSdkFindings, type Manifest } from "./rules/outdated_sdk.js";
import { sitesOf } from "./rules/sites.js";
import { FileModel, type EventNameUse } from "./model.js";
import { Project, type PathAliases } from "./project.js";

export interface ProjectAnalysis {
  findings: AuditFinding[];
  eventNames: EventNameUse[];
  /** Findings silenced by `// customerio-doctor-disable-next-line <code> -- reason`. */
  suppressed: number;
}

const DIRECTIVE = "customerio-doctor-disable-next-line";

/** Line → codes silenced on it (an empty set silences every code). */
export function suppressionsOf(code: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!code.includes(DIRECTIVE)) return out;
  const lines = code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i]!.indexOf(DIRECTIVE);
    if (at < 0) continue;
    let rest = lines[i]!.slice(at + DIRECTIVE.length);
    const reason = rest.indexOf("--");
    if (reason >= 0) rest = rest.slice(0, reason);
    const end = rest.indexOf("*/");
    if (end >= 0) rest = rest.slice(0, end);
    const codes = new Set(
      rest
        .split(/[\s,]+/)
        .map((c) => c.trim())
        .filter((c) => c.length > 0),
    );
    out.set(i + 2, codes);
  }
  return out;
}

const SEVERITY_RANK: Record<AuditFinding["severity"], number> = { error: 0, warning: 1, info: 2 };

export function sortAuditFindings(findings: AuditFinding[]): AuditFinding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** By file, then place in the file (the order a reader meets them). */
function byPosition(a: AuditFinding, b: AuditFinding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function analyzeProject(models: readonly FileModel[], options: { aliases?: PathAliases; manifests?: readonly Manifest[] } = {}): ProjectAnalysis {
  const project = new Project(models, options.aliases);
  project.analyse();
  const findings: AuditFinding[] = [];
  const seen = new Set<string>();
  const push = (f: AuditFinding) => {
    const key = `${f.file}:${f.line}:${f.column}:${f.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  const eventNames: EventNameUse[] = [];
  for (const model of project.models.values()) {
    for (const rule of FILE_RULES) {
      const meta = rule.meta;
      const report = (r: Report) => {
        const start = r.at.loc?.start;
        push({
          code: meta.code,
          severity: r.severity ?? meta.severity,
          message: r.message,
          fix: meta.fix,
          ...(meta.pitfall ? { pitfall: meta.pitfall } : {}),
          ...(r.evidence ? { evidence: scrubSecrets(r.evidence) } : {}),
          file: (r.model ?? model).file,
          line: start?.line ?? 1,
          column: (start?.column ?? 0) + 1,
          ...(r.via && r.via.length > 1 ? { via: r.via } : {}),
        });
      };
      rule.check({ model, project, report });
    }
    for (const site of sitesOf(model, project).eventNames) {
      const v = eventNameValue(model, site);
      if (v?.kind !== "static") continue;
      const start = site.node.loc?.start;
      const via = site.via && site.via.length > 1 ? { via: site.via } : {};
      for (const name of v.values) eventNames.push({ name, file: model.file, line: start?.line ?? 1, column: (start?.column ?? 0) + 1, ...via });
    }
  }
  for (const f of eventNameConsistencyFindings(eventNames)) push(f);
  for (const m of options.manifests ?? []) for (const f of outdatedSdkFindings(m)) push(f);

  // Inline suppressions.
  let suppressed = 0;
  const byFile = new Map<string, Map<number, Set<string>>>();
  for (const m of project.models.values()) byFile.set(m.file, suppressionsOf(m.code));
  const kept = findings.filter((f) => {
    const codes = byFile.get(f.file)?.get(f.line);
    if (codes && (codes.size === 0 || codes.has(f.code))) {
      suppressed++;
      return false;
    }
    return true;
  });
  return { findings: kept.sort(byPosition), eventNames, suppressed };
}

/** Runs every rule on one source text as a project of one file. Throws SourceParseError when it cannot be parsed. */
export function analyzeSource(code: string, file: string): { findings: AuditFinding[]; eventNames: EventNameUse[]; suppressed: number } {
  return analyzeProject([FileModel.parse(code, file)]);
}

export { RULES };
export type { AuditCode, AuditFinding };
