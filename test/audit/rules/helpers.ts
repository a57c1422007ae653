/** Runs the audit over in-memory files as one project and lists findings as `code@file:line`. */
import { analyzeProject } from "../../../src/audit/analyze.js";
import { FileModel } from "../../../src/audit/model.js";
import type { AuditFinding } from "../../../src/audit/rules/types.js";
import type { Manifest } from "../../../src/audit/rules/outdated_sdk.js";
import type { PathAliases } from "../../../src/audit/project.js";

export function auditFiles(files: Record<string, string>, options: { manifests?: Manifest[]; aliases?: PathAliases } = {}) {
  const models = Object.entries(files).map(([file, code]) => FileModel.parse(code, file));
  return analyzeProject(models, options);
}

export function codes(files: Record<string, string> | string, only?: string, file = "a.ts"): string[] {
  const set = typeof files === "string" ? { [file]: files } : files;
  return auditFiles(set)
    .findings.filter((f) => !only || f.code === only)
    .map((f) => `${f.code}@${f.file}:${f.line}`);
}

export function findingsOf(files: Record<string, string>, code: string): AuditFinding[] {
  return auditFiles(files).findings.filter((f) => f.code === code);
}

export const SDK = 'import { TrackClient, APIClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\n';
