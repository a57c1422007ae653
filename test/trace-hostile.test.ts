/**
 * The trace's parsers and decisions on hostile upstream values: 1 MiB event
 * names, failure messages, addresses, device tokens and segment names go
 * through every text path of trace_delivery (parse → decide) and each call
 * stays well inside the tool's bound; outputs stay clipped.
 */
import { describe, expect, it } from "vitest";
import { parseActivities } from "../src/cio/customers.js";
import { parseCampaign, parseDelivery, parseReportingWebhooks, parseTriggerErrors } from "../src/cio/delivery-reads.js";
import { devicesFromAttributes, parseEspSuppression, parseSubscriptionPreferences } from "../src/cio/person-reads.js";
import { audienceLink, deliveryLink, eventTriggerLink, liquidVariable } from "../src/diagnosis/delivery.js";
import { isPlausibleEmail, reachabilityLink } from "../src/diagnosis/reachability.js";
import { webhookFindings } from "../src/diagnosis/webhooks.js";

const MIB = 1024 * 1024;
const big = (unit: string) => unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
const BOUND_MS = 1000;

function timed<T>(f: () => T): T {
  const started = performance.now();
  const out = f();
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  return out;
}

describe("1 MiB strings through the trace's parsers and decisions", () => {
  it("event names (case and separator variants, camel humps)", () => {
    const name = big("aB_");
    const page = timed(() => parseActivities({ activities: [{ type: "event", name, timestamp: 1 }, { type: "event", name: `${name}x`, timestamp: 2 }] }))!;
    const link = timed(() => eventTriggerLink("a_b", { activities: page.items, delivered: false, now: new Date() }));
    expect(link.status).toBe("broken");
    expect(link.summary.length).toBeLessThan(600);
    expect(link.evidence!.length).toBeLessThan(600);
  });

  it("failure messages (Liquid scans) and subjects", () => {
    for (const text of [big("Liquid error: undefined variable "), big("{{"), big("x"), `Liquid ${big(" ")}`]) {
      timed(() => liquidVariable(text));
      const d = timed(() => parseDelivery({ id: "d1", type: "email", metrics: { failed: 5 }, failure_message: text, subject: text, created: 1 }))!;
      const link = timed(() => deliveryLink([d], { target: "campaign 1" }));
      expect(link.status).toBe("broken");
      expect(link.summary.length).toBeLessThan(800);
    }
  });

  it("addresses, phones, device tokens and topic names", () => {
    const email = big("a@b.");
    timed(() => isPlausibleEmail(email));
    const devices = timed(() => devicesFromAttributes({ customer: { devices: [{ id: big("t"), platform: big("p"), attributes: { push_enabled: big("f") } }] } }));
    const prefs = timed(() => parseSubscriptionPreferences({ customer: { topics: [{ id: big("1"), name: big("n"), subscribed: false }] } }))!;
    const esp = timed(() => parseEspSuppression({ category: big("c"), suppressions: [{ email, reason: big("r"), status: big("s") }] }, email));
    for (const channel of ["email", "push", "sms"] as const) {
      const link = timed(() => reachabilityLink(channel, { email, phone: big("+1"), unsubscribed: false, devices, topics: prefs.topics, esp }, { now: new Date() }));
      expect(link.summary.length).toBeLessThan(1200);
      for (const f of link.findings) expect(`${f.message}${f.fix ?? ""}${f.evidence ?? ""}`.length).toBeLessThan(1500);
    }
  });

  it("campaigns, segments, trigger errors and webhooks", () => {
    const c = timed(() => parseCampaign({ id: 1, name: big("n"), state: big("s"), event_name: big("e"), filter_segment_ids: [5], actions: [{ type: big("t") }] }))!;
    expect(c.event_name!.length).toBeLessThanOrEqual(512);
    const link = timed(() => audienceLink([5], [], new Map([[5, { id: 5, name: big("n"), state: "finished", progress: null }]]), false));
    expect(link.summary.length).toBeLessThan(600);
    expect(timed(() => parseTriggerErrors({ errors: [big("e")] }))![0]!.length).toBeLessThanOrEqual(300);
    const hooks = timed(() => parseReportingWebhooks({ reporting_webhooks: [{ id: 1, name: big("w"), disabled: true, events: [big("e")] }] }))!;
    const f = timed(() => webhookFindings(hooks));
    expect(f.every((x) => x.message.length < 800)).toBe(true);
  });
});
