/**
 * Sandbox status page: Statuspage v2 `summary.json` (and `status.json`) for
 * each scenario, in the public shapes.
 */
import type { RouteHandler, SandboxState } from "./types.js";

const PAGE = {
  id: "w4qr97njbszt",
  name: "Customer.io Status",
  url: "https://status.customerio.com",
  time_zone: "Etc/UTC",
  updated_at: "2026-03-02T10:15:00.000Z",
};

type ComponentStatus = "operational" | "degraded_performance" | "partial_outage" | "major_outage" | "under_maintenance";

function component(id: string, name: string, position: number, status: ComponentStatus = "operational", groupId: string | null = null, group = false) {
  return {
    id,
    name,
    status,
    created_at: "2019-01-01T00:00:00.000Z",
    updated_at: "2026-03-02T10:15:00.000Z",
    position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: groupId,
    page_id: PAGE.id,
    group,
    only_show_if_degraded: false,
    ...(group ? { components: [] as string[] } : {}),
  };
}

function components(overrides: Record<string, ComponentStatus>) {
  const s = (id: string) => overrides[id] ?? "operational";
  const list = [
    component("grp-api", "APIs", 1, "operational", null, true),
    component("cmp-track", "Data Collection (track.customer.io)", 2, s("cmp-track"), "grp-api"),
    component("cmp-app", "App API", 3, s("cmp-app"), "grp-api"),
    component("cmp-processing", "Data Processing", 4, s("cmp-processing")),
    component("cmp-sending", "Message Sending", 5, s("cmp-sending")),
    component("cmp-ui", "Management Interface", 6, s("cmp-ui")),
    component("cmp-js", "Javascript Tracker", 7, s("cmp-js")),
  ];
  const group = list[0]!;
  group.components = list.filter((c) => c.group_id === "grp-api").map((c) => c.id);
  if (list.some((c) => c.group_id === "grp-api" && c.status !== "operational")) group.status = "partial_outage";
  return list;
}

function update(id: string, status: string, body: string, at: string) {
  return { id, status, body, created_at: at, updated_at: at, display_at: at, affected_components: null, deliver_notifications: true };
}

const INCIDENT = {
  id: "inc01sbx",
  name: "Delays in message sending",
  status: "identified",
  impact: "major",
  created_at: "2026-03-02T09:40:00.000Z",
  updated_at: "2026-03-02T10:15:00.000Z",
  monitoring_at: null,
  resolved_at: null,
  started_at: "2026-03-02T09:32:00.000Z",
  shortlink: "https://stspg.io/sbxinc01",
  page_id: PAGE.id,
  incident_updates: [
    update("upd02", "identified", "  We have identified a queue backlog in the US region and are scaling workers.\nMessages are delayed, not lost.  ", "2026-03-02T10:15:00.000Z"),
    update("upd01", "investigating", "We are investigating delays in email sending.", "2026-03-02T09:40:00.000Z"),
  ],
  components: [component("cmp-sending", "Message Sending", 5, "partial_outage")],
};

const MAINTENANCE_ACTIVE = {
  id: "mnt01sbx",
  name: "Database upgrade",
  status: "in_progress",
  impact: "maintenance",
  created_at: "2026-02-25T12:00:00.000Z",
  updated_at: "2026-03-02T10:00:00.000Z",
  started_at: "2026-03-02T10:00:00.000Z",
  scheduled_for: "2026-03-02T10:00:00.000Z",
  scheduled_until: "2026-03-02T12:00:00.000Z",
  shortlink: "https://stspg.io/sbxmnt01",
  page_id: PAGE.id,
  incident_updates: [update("mupd01", "in_progress", "Scheduled maintenance is currently in progress.", "2026-03-02T10:00:00.000Z")],
  components: [component("cmp-ui", "Management Interface", 6, "under_maintenance")],
};

const MAINTENANCE_UPCOMING = {
  ...MAINTENANCE_ACTIVE,
  id: "mnt02sbx",
  name: "Network provider maintenance",
  status: "scheduled",
  started_at: null,
  scheduled_for: "2026-03-09T02:00:00.000Z",
  scheduled_until: "2026-03-09T03:00:00.000Z",
  shortlink: "https://stspg.io/sbxmnt02",
  incident_updates: [update("mupd02", "scheduled", "We will upgrade network equipment.", "2026-02-28T12:00:00.000Z")],
  components: [component("cmp-app", "App API", 3)],
};

export function statusSummary(scenario: SandboxState["statusScenario"]) {
  switch (scenario) {
    case "incident":
      return {
        page: PAGE,
        status: { indicator: "major", description: "Partial System Outage" },
        components: components({ "cmp-sending": "partial_outage" }),
        incidents: [INCIDENT],
        scheduled_maintenances: [MAINTENANCE_UPCOMING],
      };
    case "degraded":
      return {
        page: PAGE,
        status: { indicator: "minor", description: "Minor Service Outage" },
        components: components({ "cmp-track": "degraded_performance" }),
        incidents: [],
        scheduled_maintenances: [],
      };
    case "maintenance":
      return {
        page: PAGE,
        status: { indicator: "maintenance", description: "Service Under Maintenance" },
        components: components({ "cmp-ui": "under_maintenance" }),
        incidents: [],
        scheduled_maintenances: [MAINTENANCE_ACTIVE, MAINTENANCE_UPCOMING],
      };
    default:
      return {
        page: PAGE,
        status: { indicator: "none", description: "All Systems Operational" },
        components: components({}),
        incidents: [],
        scheduled_maintenances: [MAINTENANCE_UPCOMING],
      };
  }
}

export const statusRoutes: RouteHandler = (req, state) => {
  if (req.host !== "status" || req.method !== "GET") return undefined;
  const summary = statusSummary(state.statusScenario);
  if (req.path === "/api/v2/summary.json") return { status: 200, body: summary };
  if (req.path === "/api/v2/status.json") return { status: 200, body: { page: summary.page, status: summary.status } };
  return undefined;
};
