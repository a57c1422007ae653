/**
 * check_status_page: is Customer.io itself having a problem right now?
 * Reads the public Statuspage summary (no credentials) and reports the
 * overall indicator, affected components, open incidents and maintenance.
 */
import { z } from "zod";
import { findingSchema, sortFindings, type Finding } from "../findings.js";
import {
  fetchStatusSummary,
  parseStatusSummary,
  STATUS_SUMMARY_PATH,
  type StatusComponent,
  type StatusIncident,
  type StatusSummary,
} from "../cio/statuspage.js";
import type { ProbeOutcome } from "../cio/types.js";
import { defineTool, NETWORK_READ_ONLY } from "./define.js";
import { bulletList, renderResult } from "./render.js";

const MAX_UPDATE_CHARS = 500;
const CLOSED_INCIDENT = new Set(["resolved", "postmortem", "completed"]);
const ACTIVE_MAINTENANCE = new Set(["in_progress", "verifying"]);
const OUTAGE = new Set(["major_outage", "partial_outage"]);

const incidentSchema = z.object({
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  url: z.string().optional(),
  started_at: z.string().optional(),
  latest_update: z.string().optional(),
});

const maintenanceSchema = z.object({
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  url: z.string().optional(),
  scheduled_for: z.string().optional(),
  scheduled_until: z.string().optional(),
  latest_update: z.string().optional(),
});

const outputSchema = {
  ok: z.boolean().describe("Page read; nothing affects the selected components."),
  indicator: z.enum(["none", "minor", "major", "critical", "maintenance", "unknown"]),
  description: z.string(),
  page_url: z.string(),
  updated_at: z.string().max(100).nullable().describe("ISO 8601."),
  affected_components: z.array(z.object({ name: z.string(), status: z.string() })),
  incidents: z.array(incidentSchema).describe("Unresolved."),
  scheduled_maintenances: z.array(maintenanceSchema).describe("In progress now."),
  summary: z.string(),
  findings: z.array(findingSchema),
};

type Incident = z.infer<typeof incidentSchema>;
type Maintenance = z.infer<typeof maintenanceSchema>;
type StatusPageResult = {
  ok: boolean;
  indicator: StatusSummary["indicator"];
  description: string;
  page_url: string;
  updated_at: string | null;
  affected_components: Array<{ name: string; status: string }>;
  incidents: Incident[];
  scheduled_maintenances: Maintenance[];
  summary: string;
  findings: Finding[];
};

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

function describeFailure(outcome: ProbeOutcome): string {
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

export const checkStatusPage = defineTool({
  name: "check_status_page",
  title: "Check Customer.io status page",
  description: [
    "Is Customer.io itself down? Reads its public status page: overall indicator, components not operational, unresolved incidents with their latest update, maintenance in progress.",
    "Use it first when sends, processing or the API misbehave for everyone. Read-only, no credentials.",
  ].join(" "),
  inputSchema: {
    component: z
      .string()
      .max(100)
      .optional()
      .describe('Only components whose name contains this (any case), e.g. "sending".'),
  },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<StatusPageResult> {
    const config = ctx.config;
    const http = await ctx.http();
    const pageUrl = config.endpoints.status;
    const endpoint = `${http.baseUrl("status")}${STATUS_SUMMARY_PATH}`;
    const filter = args.component?.trim().toLowerCase() || undefined;

    const outcome = await fetchStatusSummary(http, ctx.signal);
    const summaryBody =
      outcome.kind === "response" && outcome.response.status === 200 && outcome.response.body.kind === "json"
        ? parseStatusSummary(outcome.response.body.value)
        : undefined;

    if (!summaryBody) {
      const why = describeFailure(outcome);
      const finding: Finding = {
        code: "status_page_unreachable",
        severity: "warning",
        message: `The Customer.io status page could not be read: ${why}. Its state is unknown, which says nothing either way about an outage.`,
        fix: `Open ${pageUrl} in a browser; if this machine cannot reach it, check proxy and firewall rules or CUSTOMERIO_STATUS_URL.`,
        evidence: `GET ${endpoint}: ${outcome.kind === "response" ? `${outcome.response.status}` : outcome.error.kind}`,
      };
      return {
        ok: false,
        indicator: "unknown",
        description: "",
        page_url: pageUrl,
        updated_at: null,
        affected_components: [],
        incidents: [],
        scheduled_maintenances: [],
        summary: `The status page could not be read (${why}), so Customer.io's current status is unknown; see ${pageUrl}.`,
        findings: [finding],
      };
    }

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

    const sorted = sortFindings(findings);
    const scope = filter ? ` for components matching "${args.component!.trim()}"` : "";
    let summary: string;
    if (sorted.length === 0) {
      summary = filter
        ? `No problem reported${scope}; the page overall says "${s.description || s.indicator}".`
        : `Customer.io reports no problem: "${s.description || "All Systems Operational"}".`;
    } else {
      const parts: string[] = [];
      if (incidents.length) parts.push(`${incidents.length} open incident${incidents.length === 1 ? "" : "s"} (${incidents.map((i) => `"${i.name}"`).join(", ")})`);
      const degraded = affected.filter((c) => c.status !== "under_maintenance");
      if (degraded.length) parts.push(`${degraded.length} affected component${degraded.length === 1 ? "" : "s"} (${degraded.map((c) => `${c.name}: ${c.status.replace(/_/g, " ")}`).join(", ")})`);
      if (maintenances.length || maintenanceComponents.length) parts.push("maintenance in progress");
      summary = `Customer.io reports a problem${scope}: ${parts.join("; ")}. Overall: "${s.description || s.indicator}".`;
    }
    if (filter && s.components.length > 0 && !s.components.some(componentMatches)) {
      summary += ` No component name contains "${args.component!.trim()}".`;
    }

    return {
      ok: sorted.length === 0,
      indicator: s.indicator,
      description: s.description,
      page_url: s.pageUrl ?? pageUrl,
      updated_at: s.updatedAt,
      affected_components: affected.map((c) => ({ name: c.name, status: c.status })),
      incidents,
      scheduled_maintenances: maintenances,
      summary,
      findings: sorted,
    };
  },
  render(result) {
    const incidents = result.incidents.map(
      (i) => `${i.name} — ${i.status}, impact ${i.impact}${i.started_at ? `, since ${i.started_at}` : ""}${i.url ? ` (${i.url})` : ""}${i.latest_update ? `\n  - Latest: ${i.latest_update}` : ""}`,
    );
    const maintenance = result.scheduled_maintenances.map(
      (m) => `${m.name} — ${m.status}${m.scheduled_until ? ` until ${m.scheduled_until}` : ""}${m.url ? ` (${m.url})` : ""}`,
    );
    return renderResult({
      title: `Customer.io status: ${result.indicator}`,
      summary: result.summary,
      sections: [
        ["Affected components", bulletList(result.affected_components.map((c) => `${c.name}: ${c.status}`))],
        ["Open incidents", bulletList(incidents)],
        ["Maintenance in progress", bulletList(maintenance)],
        ["Page", `${result.page_url}${result.updated_at ? ` (updated ${result.updated_at})` : ""}`],
      ],
      findings: result.findings,
    });
  },
});
