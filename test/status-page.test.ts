import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseStatusSummary } from "../src/cio/statuspage.js";
import { checkStatusPage } from "../src/tools/check-status-page.js";
import { diagnoseStatusPage } from "../src/diagnosis/status-page.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { sandboxToolRunner } from "./helpers/run-tool.js";

let sandbox: Sandbox;
const runWith = sandboxToolRunner(checkStatusPage, () => sandbox, { CUSTOMERIO_TIMEOUT_MS: "3000" });
const run = (args: Record<string, unknown> = {}) => runWith({}, args);

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

describe("check_status_page against the sandbox", () => {
  it("reports all clear, ignoring maintenance that is only scheduled", async () => {
    const { result, text } = await run();
    expect(result).toEqual({
      ok: true,
      indicator: "none",
      description: "All Systems Operational",
      page_url: "https://status.customerio.com",
      updated_at: "2026-03-02T10:15:00.000Z",
      affected_components: [],
      incidents: [],
      scheduled_maintenances: [],
      summary: 'Customer.io reports no problem: "All Systems Operational".',
      findings: [],
    });
    expect(text).toContain("Customer.io status: none");
    expect(sandbox.requests()).toEqual([{ method: "GET", host: "status", path: "/api/v2/summary.json", auth: "none" }]);
  });

  it("reports an open incident with its latest update, and the affected component", async () => {
    sandbox.state.statusScenario = "incident";
    const { result, codes } = await run();
    expect(result.ok).toBe(false);
    expect(result.indicator).toBe("major");
    expect(result.affected_components).toEqual([{ name: "Message Sending", status: "partial_outage" }]);
    expect(result.incidents).toEqual([
      {
        name: "Delays in message sending",
        status: "identified",
        impact: "major",
        url: "https://stspg.io/sbxinc01",
        started_at: "2026-03-02T09:32:00.000Z",
        latest_update: "We have identified a queue backlog in the US region and are scaling workers. Messages are delayed, not lost.",
      },
    ]);
    expect(codes).toEqual(["incident", "degraded_component"]);
    expect(result.findings[0]!.severity).toBe("error");
  });

  it("lists a degraded member component, not its group", async () => {
    sandbox.state.statusScenario = "degraded";
    const { result, codes } = await run();
    expect(result.indicator).toBe("minor");
    expect(result.affected_components).toEqual([{ name: "Data Collection (track.customer.io)", status: "degraded_performance" }]);
    expect(codes).toEqual(["degraded_component"]);
    expect(result.findings[0]!.severity).toBe("warning");
    expect(result.findings[0]!.message).toBe("Data Collection (track.customer.io) reports degraded performance.");
  });

  it("reports maintenance in progress and a component under_maintenance", async () => {
    sandbox.state.statusScenario = "maintenance";
    const { result, codes } = await run();
    expect(result.indicator).toBe("maintenance");
    expect(result.affected_components).toEqual([{ name: "Management Interface", status: "under_maintenance" }]);
    expect(result.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([["Database upgrade", "in_progress"]]);
    expect(result.scheduled_maintenances[0]!.scheduled_until).toBe("2026-03-02T12:00:00.000Z");
    expect(codes).toEqual(["maintenance"]);
  });

  it("filters by component name, case-insensitively", async () => {
    sandbox.state.statusScenario = "incident";
    const sending = await run({ component: "SENDING" });
    expect(sending.codes).toEqual(["incident", "degraded_component"]);
    const track = await run({ component: "track" });
    expect(track.result).toMatchObject({ ok: true, indicator: "major", affected_components: [], incidents: [], findings: [] });
    expect(track.result.summary).toContain('No problem reported for components matching "track"');
    const none = await run({ component: "nothing like this" });
    expect(none.result.summary).toContain('No component name contains "nothing like this"');
  });

  it("matches a component through its group name", async () => {
    sandbox.state.statusScenario = "degraded";
    const { result } = await run({ component: "apis" });
    expect(result.affected_components).toEqual([{ name: "Data Collection (track.customer.io)", status: "degraded_performance" }]);
  });

  it("answers status_page_unreachable (not an error) for a 404 or a JSON body that is not a summary", async () => {
    sandbox.setFault("status", { kind: "status", status: 404 });
    const notFound = await run();
    expect(notFound.codes).toEqual(["status_page_unreachable"]);
    expect(notFound.result).toMatchObject({ ok: false, indicator: "unknown", page_url: sandbox.urls.status, updated_at: null });
    expect(notFound.result.findings[0]!.message).toContain("HTTP 404");
    sandbox.setFault("status", { kind: "status", status: 200, body: { hello: "world" } });
    const wrongShape = await run();
    expect(wrongShape.codes).toEqual(["status_page_unreachable"]);
    expect(wrongShape.result.findings[0]!.message).toContain("not a Statuspage summary");
  });
});

describe("parseStatusSummary", () => {
  it("keeps unknown indicators and statuses instead of rejecting them", () => {
    const parsed = parseStatusSummary({
      status: { indicator: "purple", description: "?" },
      components: [{ name: "X", status: "something_new" }],
      incidents: [{ name: "I", incident_updates: [{ body: "old", created_at: "2026-01-01" }, { body: "new", created_at: "2026-01-02" }] }],
    });
    expect(parsed?.indicator).toBe("unknown");
    expect(parsed?.components[0]).toMatchObject({ name: "X", status: "something_new" });
    expect(parsed?.incidents[0]?.updates[0]?.body).toBe("new");
    expect(parseStatusSummary({ page: {} })).toBeUndefined();
    expect(parseStatusSummary([1, 2])).toBeUndefined();
  });
});

describe("diagnoseStatusPage, without I/O", () => {
  const summary = parseStatusSummary({
    status: { indicator: "major", description: "Partial outage" },
    page: { url: "https://status.customerio.com", updated_at: "2026-03-02T10:15:00.000Z" },
    components: [
      { id: "g1", name: "Delivery", status: "partial_outage", group: true },
      { id: "c1", name: "Email sending", status: "partial_outage", group_id: "g1" },
      { id: "c2", name: "Track API", status: "operational" },
      { id: "c3", name: "Dashboard", status: "under_maintenance" },
    ],
    incidents: [
      { name: "Email delays", status: "identified", impact: "major", components: [{ name: "Email sending" }], incident_updates: [{ body: "We are  working\\n on it", status: "identified" }] },
      { name: "Old", status: "resolved", impact: "minor", components: [] },
    ],
    scheduled_maintenances: [],
  })!;

  it("open incidents, degraded members (not their group), maintenance; closed incidents left out", () => {
    const d = diagnoseStatusPage(summary, undefined, "https://status.customerio.com");
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([
      ["incident", "error"],
      ["degraded_component", "error"],
      ["maintenance", "warning"],
    ]);
    expect(d.affected.map((c) => c.name)).toEqual(["Email sending", "Dashboard"]);
    expect(d.incidents.map((i) => i.name)).toEqual(["Email delays"]);
    expect(d.filterMatchesNothing).toBe(false);
  });

  it("a filter keeps matching components (by name or group) and says when nothing matches", () => {
    expect(diagnoseStatusPage(summary, "track", "p").findings).toEqual([]);
    expect(diagnoseStatusPage(summary, "delivery", "p").affected.map((c) => c.name)).toEqual(["Email sending"]);
    expect(diagnoseStatusPage(summary, "zzz", "p").filterMatchesNothing).toBe(true);
  });
});
