/** Markdown rendering shared by every tool: summary first, then findings. */
import type { Finding } from "../findings.js";

const ICON: Record<Finding["severity"], string> = { error: "✖", warning: "⚠", info: "ℹ" };

export function renderFinding(f: Finding): string {
  const head = `- ${ICON[f.severity]} **${f.code}**${f.pitfall ? ` (pitfall ${f.pitfall})` : ""}: ${f.message}`;
  const lines = [head];
  if (f.fix) lines.push(`  - Fix: ${f.fix}`);
  if (f.evidence) lines.push(`  - Evidence: ${f.evidence}`);
  return lines.join("\n");
}

export function renderFindings(findings: readonly Finding[], limit = 20): string {
  if (findings.length === 0) return "No problems found.";
  const shown = findings.slice(0, limit).map(renderFinding);
  if (findings.length > limit) shown.push(`- …and ${findings.length - limit} more in the structured result.`);
  return shown.join("\n");
}

/** Title, summary, optional sections, findings. Empty sections are skipped. */
export function renderResult(parts: {
  title: string;
  summary: string;
  sections?: Array<[heading: string, body: string | undefined]>;
  findings?: readonly Finding[];
}): string {
  const out = [`## ${parts.title}`, "", parts.summary];
  for (const [heading, body] of parts.sections ?? []) {
    if (body && body.trim()) out.push("", `### ${heading}`, body);
  }
  if (parts.findings) out.push("", "### Findings", renderFindings(parts.findings));
  return out.join("\n");
}

export function bulletList(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join("\n");
}

/** "Endpoint: <url> → <status> in <n> ms" for the live checks. */
export function endpointLine(r: { endpoint: string | null; http_status: number | null; latency_ms: number | null }): string {
  const status = r.http_status !== null ? ` → ${r.http_status}` : "";
  const latency = r.latency_ms !== null ? ` in ${r.latency_ms} ms` : "";
  return `Endpoint: ${r.endpoint ?? "not called"}${status}${latency}`;
}
