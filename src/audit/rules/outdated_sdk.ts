import { declaredDependencies, lockedVersion, rangeAdmits, reportableProblems } from "../sdk-versions.js";
import type { AuditFinding, RuleMeta } from "./types.js";

export const meta: RuleMeta = {
  code: "outdated_sdk",
  severity: "warning",
  title: "A Customer.io SDK version with a known problem",
  fix: "Upgrade the package to the version named in the finding (or later) and refresh the lockfile.",
  docs: "https://github.com/customerio/customerio-node/blob/main/CHANGELOG.md",
};

export interface Manifest {
  /** package.json path relative to the scan root. */
  file: string;
  text: string;
  /** Lockfiles in the same directory: name → text. */
  locks: Map<string, string>;
}

/** outdated_sdk findings for one package.json (and the lockfiles beside it). */
export function outdatedSdkFindings(manifest: Manifest): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const dep of declaredDependencies(manifest.text)) {
    let version = dep.range;
    let from = "package.json";
    for (const [name, text] of manifest.locks) {
      const locked = lockedVersion(name, text, dep.name);
      if (locked) {
        version = locked;
        from = name;
        break;
      }
    }
    for (const p of reportableProblems(dep.name, version)) {
      // Without a lockfile an install takes the newest version the range allows: ^3.4.1 installs a fixed 3.x.
      if (from === "package.json" && p.fixedIn !== null && rangeAdmits(dep.range, p.fixedIn)) continue;
      out.push({
        code: "outdated_sdk",
        severity: meta.severity,
        message: `${dep.name} ${version} (${from === "package.json" ? `lowest version allowed by "${dep.range}"` : `resolved in ${from}`}) ${p.summary}; fixed in ${p.fixedIn}.`,
        fix: `Upgrade ${dep.name} to ${p.fixedIn} or later (npm install ${dep.name}@latest) and refresh the lockfile.`,
        evidence: `"${dep.name}": "${dep.range}"; source: ${p.sources.map((s) => s.url).join(", ")} (confidence ${p.confidence})`,
        file: manifest.file,
        line: dep.line,
        column: dep.column,
      });
    }
  }
  return out;
}
