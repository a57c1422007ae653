/**
 * GitHub Actions workflow annotations: one `::error`/`::warning`/`::notice`
 * command per finding, with file, line, column and title, escaped as the
 * workflow-command syntax requires (so a message cannot inject a command).
 */
import type { AuditFinding } from "./rules/index.js";

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

/** Data part: %, CR and LF are escaped. */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Property values also escape the separators : and ,. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

export function toGithubAnnotations(findings: readonly AuditFinding[], pathOf: (file: string) => string): string {
  return findings
    .map((f) => {
      const via = f.via ? ` (via ${f.via.map((s) => `${s.file}:${s.line} ${s.name}`).join(" → ")})` : "";
      const props = [`file=${escapeProperty(pathOf(f.file))}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(`customerio-doctor ${f.code}`)}`].join(",");
      return `::${COMMAND[f.severity]} ${props}::${escapeData(`${f.message}${via}${f.fix ? ` Fix: ${f.fix}` : ""}`)}`;
    })
    .join("\n");
}
