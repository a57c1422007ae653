/**
 * Customer.io's public status page (an Atlassian Statuspage): the v2
 * `summary.json` parsed into the few facts a diagnosis needs. Unknown
 * values are kept, never rejected: Statuspage adds states over time.
 */
import { settle } from "./probe.js";
import type { CioHttp, ProbeOutcome } from "./types.js";

export const STATUS_SUMMARY_PATH = "/api/v2/summary.json";

export type StatusIndicator = "none" | "minor" | "major" | "critical" | "maintenance" | "unknown";
const INDICATORS = new Set(["none", "minor", "major", "critical", "maintenance"]);

export interface StatusComponent {
  id: string | null;
  name: string;
  status: string;
  group: boolean;
  groupId: string | null;
}

export interface StatusUpdate {
  body: string;
  status: string | null;
  createdAt: string | null;
}

export interface StatusIncident {
  name: string;
  status: string;
  impact: string;
  url: string | null;
  startedAt: string | null;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  /** Names of the components the incident lists (may be empty). */
  components: string[];
  updates: StatusUpdate[];
}

export interface StatusSummary {
  indicator: StatusIndicator;
  description: string;
  pageUrl: string | null;
  updatedAt: string | null;
  components: StatusComponent[];
  incidents: StatusIncident[];
  scheduledMaintenances: StatusIncident[];
}

export function fetchStatusSummary(http: CioHttp, signal: AbortSignal): Promise<ProbeOutcome> {
  return settle(http.get({ api: "status", path: STATUS_SUMMARY_PATH, auth: { kind: "none" }, signal }));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function parseIncident(v: Obj): StatusIncident {
  const updates = arr(v.incident_updates)
    .filter(isObj)
    .map((u) => ({ body: str(u.body) ?? "", status: str(u.status), createdAt: str(u.created_at) ?? str(u.display_at) }))
    // Newest first, whatever order the page used.
    .sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
  return {
    name: str(v.name) ?? "(unnamed)",
    status: str(v.status) ?? "unknown",
    impact: str(v.impact) ?? "unknown",
    url: str(v.shortlink),
    startedAt: str(v.started_at) ?? str(v.created_at),
    scheduledFor: str(v.scheduled_for),
    scheduledUntil: str(v.scheduled_until),
    components: arr(v.components)
      .filter(isObj)
      .map((c) => str(c.name))
      .filter((n): n is string => n !== null),
    updates,
  };
}

/** The Statuspage v2 summary, or undefined when the value is not one. */
export function parseStatusSummary(value: unknown): StatusSummary | undefined {
  if (!isObj(value) || !isObj(value.status)) return undefined;
  const page = isObj(value.page) ? value.page : {};
  const rawIndicator = str(value.status.indicator);
  return {
    indicator: rawIndicator && INDICATORS.has(rawIndicator) ? (rawIndicator as StatusIndicator) : "unknown",
    description: str(value.status.description) ?? "",
    pageUrl: str(page.url),
    updatedAt: str(page.updated_at),
    components: arr(value.components)
      .filter(isObj)
      .map((c) => ({
        id: str(c.id),
        name: str(c.name) ?? "(unnamed)",
        status: str(c.status) ?? "unknown",
        group: c.group === true,
        groupId: str(c.group_id),
      })),
    incidents: arr(value.incidents).filter(isObj).map(parseIncident),
    scheduledMaintenances: arr(value.scheduled_maintenances).filter(isObj).map(parseIncident),
  };
}
