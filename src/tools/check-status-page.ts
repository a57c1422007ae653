/**
 * check_status_page: is Customer.io itself having a problem right now?
 * Reads the public Statuspage summary (no credentials) and reports the
 * overall indicator, affected components, open incidents and maintenance.
 */
import { z } from "zod";
import { findingSchema, type Finding } from "../findings.js";
import { fetchStatusSummary, parseStatusSummary, STATUS_SUMMARY_PATH, type StatusSummary } from "../cio/statuspage.js";
import { describeFailure, diagnoseStatusPage, unreachableFinding, type Incident, type Maintenance } from "../diagnosis/status-page.js";
import { defineTool, NETWORK_READ_ONLY } from "./define.js";
import { bulletList, renderResult } from "./render.js";
import { anObject, keyed, orNull } from "./schema.js";

const outputSchema = {
  ok: z.boolean(),
  indicator: z.enum(["none", "minor", "major", "critical", "maintenance", "unknown"]),
  description: z.string(),
  page_url: z.string(),
  updated_at: orNull("string"),
  affected_components: z.array(keyed({ name: z.string(), status: z.string() })),
  incidents: z.array(keyed<{ name: z.ZodString; status: z.ZodString; impact: z.ZodString }, Partial<Incident>>({ name: z.string(), status: z.string(), impact: z.string() })),
  scheduled_maintenances: z.array(anObject<Maintenance>()),
  summary: z.string(),
  findings: z.array(findingSchema),
};

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

export const checkStatusPage = defineTool({
  name: "check_status_page",
  title: "Check Customer.io status page",
  description: [
    "Is Customer.io itself down? Reads its public status page: indicator, degraded components, open incidents, maintenance.",
    "Use it first when sends or the API misbehave for everyone. Read-only, no credentials.",
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

    // Gather.
    const outcome = await fetchStatusSummary(http, ctx.signal);
    const s =
      outcome.kind === "response" && outcome.response.status === 200 && outcome.response.body.kind === "json"
        ? parseStatusSummary(outcome.response.body.value)
        : undefined;

    if (!s) {
      return {
        ok: false,
        indicator: "unknown",
        description: "",
        page_url: pageUrl,
        updated_at: null,
        affected_components: [],
        incidents: [],
        scheduled_maintenances: [],
        summary: `The status page could not be read (${describeFailure(outcome)}), so Customer.io's current status is unknown; see ${pageUrl}.`,
        findings: [unreachableFinding(outcome, pageUrl, endpoint)],
      };
    }

    // Diagnose (pure), then present.
    const d = diagnoseStatusPage(s, filter, pageUrl);
    const { affected, incidents, maintenances, maintenanceComponents } = d;
    const sorted = d.findings;
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
    if (d.filterMatchesNothing) {
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
