/**
 * Diagnose for check_status_page (pure): what the parsed Statuspage summary
 * says for the components asked about — open incidents, components not
 * operational, maintenance in progress — as findings. `src/cio/statuspage.ts`
 * gathers; the tool words the summary.
 */
import { sortFindings, type Finding } from "../findings.js";
import type { StatusComponent, StatusIncident, StatusSummary } from "../cio/statuspage.js";
import type { ProbeOutcome } from "../cio/types.js";

const MAX_UPDATE_CHARS = 500;
const CLOSED_INCIDENT = new Set(["resolved", "postmortem", "completed"]);
const ACTIVE_MAINTENANCE = new Set(["in_progress", "verifying"]);
const OUTAGE = new Set(["major_outage", "partial_outage"]);

export interface Incident {
  name: string;
  status: string;
  impact: string;
  url?: string;
  started_at?: string;
  latest_update?: string;
}

export interface Maintenance {
  name: string;
  status: string;
  impact: string;
  url?: string;
  scheduled_for?: string;
  scheduled_until?: string;
  latest_update?: string;
}

export interface StatusPageDiagnosis {
  affected: StatusComponent[];
  /** Affected components under maintenance (reported as maintenance, not degradation). */
  maintenanceComponents: StatusComponent[];
  incidents: Incident[];
  maintenances: Maintenance[];
  findings: Finding[];
  /** A filter was given and no component name matches it. */
  filterMatchesNothing: boolean;
}

function trimUpdate(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_UPDATE_CHARS ? `${flat.slice(0, MAX_UPDATE_CHARS - 1)}…` : flat;
}

function optional<T extends Record<string, unknown>>(obj: T): T {
  // Optional fields are left out rather than sent as null.
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null && v !== undefined && v !== "")) as T;
}

function latestUpdate(i: StatusIncident): string | undefined {
  const newest = i.updates.find((u) => u.body.trim() !== "");
  return newest ? trimUpdate(newest.body) : undefined;
}

/** Non-operational components; a group is listed only when none of its members is. */
function affectedComponents(components: StatusComponent[], matches: (c: StatusComponent) => boolean): StatusComponent[] {
  const affected = components.filter((c) => c.status !== "operational" && matches(c));
  return affected.filter((c) => !c.group || !affected.some((m) => m.groupId !== null && m.groupId === c.id));
}

function describeComponentStatus(status: string): string {
  if (status === "degraded_performance") return "degraded performance";
  if (status === "partial_outage") return "a partial outage";
  if (status === "major_outage") return "a major outage";
  return `the status "${status}"`;
}

export function describeFailure(outcome: ProbeOutcome): string {
  if (outcome.kind === "error") {
    return outcome.error.kind === "timeout"
      ? `no answer within the time limit`
      : `could not connect${outcome.error.causeCode ? ` (${outcome.error.causeCode})` : ""}`;
  }
  const r = outcome.response;
  if (r.status !== 200) return `it answered HTTP ${r.status}`;
  const kind = r.body.kind === "json" ? "JSON that is not a Statuspage summary" : r.body.kind === "html" ? "an HTML page" : r.body.kind === "text" ? "text that is not JSON" : "an empty body";
  return `it answered ${kind}${r.truncated ? " (cut at 1 MiB)" : ""}`;
}


/** `status_page_unreachable` for an outcome that is not a readable summary. */
export function unreachableFinding(outcome: ProbeOutcome, pageUrl: string, endpoint: string): Finding {
  return {
    code: "status_page_unreachable",
    severity: "warning",
    message: `The Customer.io status page could not be read: ${describeFailure(outcome)}. Its state is unknown, which says nothing either way about an outage.`,
    fix: `Open ${pageUrl} in a browser; if this machine cannot reach it, check proxy and firewall rules or CUSTOMERIO_STATUS_URL.`,
    evidence: `GET ${endpoint}: ${outcome.kind === "response" ? `${outcome.response.status}` : outcome.error.kind}`,
  };
}

/** The findings for one summary, limited to components whose name (or group name) contains `filter`. */
export function diagnoseStatusPage(summaryBody: StatusSummary, filter: string | undefined, pageUrl: string): StatusPageDiagnosis {
  const s = summaryBody;
  const groupNames = new Map(s.components.filter((c) => c.group && c.id).map((c) => [c.id!, c.name]));
  const nameMatches = (name: string) => !filter || name.toLowerCase().includes(filter);
  const componentMatches = (c: StatusComponent) =>
    nameMatches(c.name) || (c.groupId !== null && nameMatches(groupNames.get(c.groupId) ?? ""));
  // An incident without components listed might concern any of them, so a filter keeps it.
  const incidentMatches = (i: StatusIncident) => !filter || i.components.length === 0 || i.components.some(nameMatches);

  const affected = affectedComponents(s.components, componentMatches);
  const openIncidents = s.incidents.filter((i) => !CLOSED_INCIDENT.has(i.status) && incidentMatches(i));
  const activeMaintenance = s.scheduledMaintenances.filter((m) => ACTIVE_MAINTENANCE.has(m.status) && incidentMatches(m));

  const incidents: Incident[] = openIncidents.map((i) =>
    optional({ name: i.name, status: i.status, impact: i.impact, url: i.url ?? undefined, started_at: i.startedAt ?? undefined, latest_update: latestUpdate(i) }),
  );
  const maintenances: Maintenance[] = activeMaintenance.map((m) =>
    optional({
      name: m.name,
      status: m.status,
      impact: m.impact,
      url: m.url ?? undefined,
      scheduled_for: m.scheduledFor ?? undefined,
      scheduled_until: m.scheduledUntil ?? undefined,
      latest_update: latestUpdate(m),
    }),
  );

  const findings: Finding[] = [];
  for (const i of incidents) {
    const serious = i.impact === "major" || i.impact === "critical";
    findings.push({
      code: "incident",
      severity: serious ? "error" : "warning",
      message: `Open incident "${i.name}" (${i.status}, impact ${i.impact})${i.latest_update ? `: ${i.latest_update}` : "."}`,
      fix: "Failures that match this incident are on Customer.io's side: wait for it to be resolved before changing the integration, and follow the incident page for updates.",
      evidence: i.url ?? pageUrl,
    });
  }
  for (const c of affected) {
    if (c.status === "under_maintenance") continue; // reported as maintenance below
    findings.push({
      code: "degraded_component",
      severity: OUTAGE.has(c.status) ? "error" : "warning",
      message: `${c.name} reports ${describeComponentStatus(c.status)}.`,
      fix: `Expect delays or errors in anything that depends on ${c.name} until the status page shows it operational again.`,
      evidence: `${c.name}: ${c.status}`,
    });
  }
  const maintenanceComponents = affected.filter((c) => c.status === "under_maintenance");
  for (const m of maintenances) {
    findings.push({
      code: "maintenance",
      severity: "warning",
      message: `Maintenance in progress: "${m.name}"${m.scheduled_until ? ` until ${m.scheduled_until}` : ""}.`,
      fix: "Delays during the window are expected; retry failed calls after it ends.",
      evidence: m.url ?? pageUrl,
    });
  }
  if (maintenances.length === 0 && maintenanceComponents.length > 0) {
    findings.push({
      code: "maintenance",
      severity: "warning",
      message: `Under maintenance: ${maintenanceComponents.map((c) => c.name).join(", ")}.`,
      fix: "Delays during the window are expected; retry failed calls after it ends.",
      evidence: maintenanceComponents.map((c) => `${c.name}: ${c.status}`).join(", "),
    });
  }

  return {
    affected,
    maintenanceComponents,
    incidents,
    maintenances,
    findings: sortFindings(findings),
    filterMatchesNothing: filter !== undefined && s.components.length > 0 && !s.components.some(componentMatches),
  };
}
