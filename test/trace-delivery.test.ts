/**
 * trace_delivery end to end: the real HTTP client against the local sandbox,
 * one fixture person per finding code (test/sandbox/trace-people.ts), the
 * verdict and the requests each trace makes (printed as the closing table),
 * input validation, the request bound and request failures.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserInputError } from "../src/errors.js";
import { MAX_TRACE_REQUESTS, parseTraceInput, traceDelivery } from "../src/tools/trace-delivery.js";
import { deliveryState, liquidVariable } from "../src/diagnosis/delivery.js";
import { sandboxToolRunner } from "./helpers/run-tool.js";
import { loadConfig } from "../src/config.js";
import { createRuntime, runToolHandler } from "../src/server.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { TRACE_CASES, traceArgs, type TraceCaseName } from "./sandbox/trace-people.js";
import { SANDBOX } from "./sandbox/types.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => sandbox.reset());

const seen: string[] = [];
const run = sandboxToolRunner(traceDelivery, () => sandbox, { CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_REGION: "us", CUSTOMERIO_TIMEOUT_MS: "3000" }, seen);

const table: string[] = [];

describe("trace_delivery: one fixture person per finding code", () => {
  const names = Object.keys(TRACE_CASES) as TraceCaseName[];
  it.each(names)("%s", async (name) => {
    const c = TRACE_CASES[name];
    const args = traceArgs(name);
    const before = sandbox.requests().length;
    const { result, text, codes } = await run({}, args);
    const made = sandbox.requests().length - before;
    for (const code of c.codes) expect(codes, `${name}: ${result.verdict}`).toContain(code);
    const firstBroken = result.chain.find((l) => l.status === "broken")?.step ?? null;
    expect(firstBroken, result.verdict).toBe(c.broken);
    expect(result.ok).toBe(c.broken === null && !result.findings.some((f) => f.severity === "error"));
    expect(result.chain.map((l) => l.step)).toEqual(["person", "target", "trigger", "audience", "reachability", "delivery"]);
    expect(result.requests).toBe(made);
    expect(result.requests).toBeLessThanOrEqual(MAX_TRACE_REQUESTS);
    expect(sandbox.requests().slice(before).every((r) => r.method === "GET" && !r.path.endsWith("/archived_message"))).toBe(true);
    expect(text).toContain(result.verdict);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(3072);
    table.push(`| ${c.codes.join(", ")} | ${c.person ? c.person.id : String(args.id)} | ${JSON.stringify(args).replace(/\|/g, "/")} | ${result.verdict.replace(/\|/g, "/")} | ${result.requests} (${result.request_rounds} rounds) |`);
  });

  afterAll(() => {
    console.log(["| code | fixture person | arguments | verdict | requests |", "| --- | --- | --- | --- | --- |", ...table].join("\n"));
  });
});

describe("trace_delivery: specific verdicts", () => {
  it("names the spelling the campaign waits for when only an event name is given", async () => {
    const { result } = await run({}, traceArgs("trigger_event_mismatch"));
    expect(result.target).toMatchObject({ kind: "campaign", id: 11, trigger: { type: "event", event_name: "signed_up" } });
    // Campaigns 11 and 18 both start on signed_up; the most recently started one is traced first.
    expect(result.other_traces).toHaveLength(1);
    expect(result.other_traces![0]).toBe(`campaign 18 "Welcome (legacy)": the same verdict`);
    expect(result.verdict).toContain('"SignedUp"');
    expect(result.findings.find((f) => f.code === "trigger_event_mismatch")?.pitfall).toBe(10);
  });

  it("an event only draft or paused campaigns wait for: those are traced (campaign_not_running)", async () => {
    const { result, codes } = await run({}, { id: "tr-draft", event_name: "sale_viewed" });
    expect(result.target).toMatchObject({ kind: "campaign", id: 15, state: "draft" });
    expect(codes).toContain("campaign_not_running");
    const none = await run({}, { id: "tr-draft", event_name: "no_campaign_listens_to_this" });
    expect(none.codes).toContain("target_not_found");
  });

  it("a transactional message never sent to the person breaks the trigger link (the send request)", async () => {
    const { result } = await run({}, { id: "tr-delivered", transactional_id: "magic_link" });
    expect(result.target).toMatchObject({ kind: "transactional", id: 43, name: "magic_link" });
    expect(result.chain.find((l) => l.step === "trigger")).toMatchObject({ status: "broken" });
    expect(result.verdict).toContain("POST /v1/send/email");
  });

  it("a one-character near miss of the trigger's event name is a mismatch too", async () => {
    const { result, codes } = await run({}, { id: "tr-signedup-case", event_name: "signed_upp" });
    // The campaigns wait for "signed_up"; the person's "SignedUp" is another spelling of it.
    expect(result.target).toMatchObject({ kind: "campaign", trigger: { event_name: "signed_up" } });
    expect(codes).toContain("trigger_event_mismatch");
  });

  it("names the Liquid variable of a render failure", async () => {
    const { result } = await run({}, traceArgs("liquid_error"));
    expect(result.verdict).toContain("customer.first_name");
    expect(result.deliveries[0]).toMatchObject({ id: "tr-dlv-liquid", state: "failed" });
  });

  it("starts from the delivery when given a delivery id", async () => {
    const before = sandbox.requests().length;
    const { result } = await run({}, traceArgs("bounced"));
    const paths = sandbox.requests().slice(before).map((r) => r.path);
    expect(paths).toContain("/v1/messages/tr-dlv-bounced");
    expect(result.target).toMatchObject({ kind: "campaign", id: 11 });
    expect(result.deliveries.map((d) => d.state)).toEqual(["bounced"]);
  });

  it("a transactional delivery is its own target; another person's delivery is flagged", async () => {
    const { result, codes } = await run({}, { id: "tr-failed", delivery_id: "tr-dlv-failed" });
    expect(result.target).toMatchObject({ kind: "delivery", id: "tr-dlv-failed" });
    expect(codes).toContain("message_failed");
    expect(result.chain.find((l) => l.step === "delivery")!.status).toBe("broken");
    const other = await run({}, { id: "tr-delivered", delivery_id: "tr-dlv-failed" });
    expect(other.result.chain[0]).toMatchObject({ step: "person", status: "warning" });
    expect(other.result.chain[0]!.summary).toContain("tr-failed");
  });

  it("a person who does not exist: the links after the target are not checked, and no read needs the person", async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      // By id only the attributes read can tell; the deleted-people activities say whether they were deleted.
      [{ id: "tr-nobody", campaign_id: 11 }, ["/v1/campaigns/11", "/v1/customers/tr-nobody/attributes", "/v1/activities"]],
      [{ id: "tr-nobody", event_name: "signed_up" }, ["/v1/campaigns", "/v1/customers/tr-nobody/attributes", "/v1/activities"]],
      [{ id: "tr-nobody" }, ["/v1/customers/tr-nobody/attributes", "/v1/activities"]],
      // By email the search finds no one, so nothing else about the person is read.
      [{ email: "tr-nobody@example.com", campaign_id: 11 }, ["/v1/customers", "/v1/campaigns/11"]],
    ];
    for (const [args, expected] of cases) {
      const before = sandbox.requests().length;
      const { result, codes, text } = await run({}, args);
      const paths = sandbox.requests().slice(before).map((r) => r.path);
      expect([...paths].sort(), JSON.stringify(args)).toEqual([...expected].sort());
      expect(result.requests).toBe(expected.length);
      expect(codes).toEqual(["not_found"]);
      expect(result.chain[0]).toMatchObject({ step: "person", status: "broken" });
      for (const link of result.chain.filter((l) => ["trigger", "audience", "reachability", "delivery"].includes(l.step))) {
        expect(link).toMatchObject({ status: "skipped", summary: "Not checked: the person link is broken." });
      }
      expect(result.deliveries).toEqual([]);
      expect(text).not.toMatch(/No delivery|No "signed_up" event arrived/);
    }
  });

  it("finds the person by email (search first) and reads the provider's suppression", async () => {
    const { result, codes } = await run({}, { email: "tr-suppressed@example.com", campaign_id: 11 });
    expect(codes).toContain("esp_suppressed");
    expect(result.person).toMatchObject({ id: "tr-suppressed", cio_id: "b3000019" });
  });

  it("reads only what the channel needs: no provider suppression for a push campaign", async () => {
    const before = sandbox.requests().length;
    await run({}, { email: "tr-no-device@example.com", campaign_id: 14 });
    const paths = sandbox.requests().slice(before).map((r) => r.path);
    expect(paths.some((p) => p.startsWith("/v1/esp/"))).toBe(false);
    const email = sandbox.requests().length;
    await run({}, { email: "tr-suppressed@example.com", campaign_id: 11 });
    expect(sandbox.requests().slice(email).filter((r) => r.path.startsWith("/v1/esp/"))).toHaveLength(1);
  });

  it("an SMS trace reads the sender opt-outs (and only an SMS or WhatsApp trace does)", async () => {
    const before = sandbox.requests().length;
    const { result } = await run({}, traceArgs("sms_opt_out"));
    expect(result.chain.find((l) => l.step === "reachability")).toMatchObject({ status: "warning" });
    expect(result.chain.find((l) => l.step === "reachability")!.summary).toContain("+15551234567");
    expect(sandbox.requests().slice(before).filter((r) => r.path.endsWith("/optouts"))).toHaveLength(1);
    const email = sandbox.requests().length;
    await run({}, traceArgs("esp_suppressed"));
    expect(sandbox.requests().slice(email).some((r) => r.path.endsWith("/optouts"))).toBe(false);
  });

  it("a delivered message settles the chain", async () => {
    const { result } = await run({}, traceArgs("delivered"));
    expect(result.ok).toBe(true);
    expect(result.chain.every((l) => l.status === "ok" || l.status === "skipped")).toBe(true);
    expect(result.deliveries[0]?.state).toBe("opened");
  });

  it("concurrent traces share the 10-per-second limit and say when they waited for it", async () => {
    const runtime = createRuntime(loadConfig(sandbox.env({ CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_REGION: "us", CUSTOMERIO_TIMEOUT_MS: "3000" })));
    try {
      const results = (await Promise.all(
        (["trigger_event_mismatch", "esp_suppressed", "no_push_device"] as const).map((n) => runToolHandler(traceDelivery, traceArgs(n), runtime)),
      )) as Array<{ summary: string; requests: number }>;
      expect(results.reduce((n, r) => n + r.requests, 0)).toBeGreaterThan(10);
      expect(results.some((r) => /waited \d+ ms in total for the App API limit of 10 requests per second/.test(r.summary))).toBe(true);
    } finally {
      await runtime.close();
    }
  });

  it("without an App key: missing_credentials and no request", async () => {
    const before = sandbox.requests().length;
    const { result, codes } = await run({ CUSTOMERIO_APP_API_KEY: undefined }, traceArgs("delivered"));
    expect(codes).toEqual(["missing_credentials"]);
    expect(result.requests).toBe(0);
    expect(sandbox.requests().length).toBe(before);
  });

  it("finds an EU workspace when CUSTOMERIO_REGION is unset, within the request bound", async () => {
    const { result } = await run({ CUSTOMERIO_REGION: undefined, CUSTOMERIO_APP_API_KEY: SANDBOX.eu.appApiKey }, { id: "eu-1" });
    expect(result.person).toMatchObject({ id: "eu-1" });
    expect(result.summary).toContain("CUSTOMERIO_REGION=eu");
    expect(result.requests).toBeLessThanOrEqual(MAX_TRACE_REQUESTS);
  });

  it("a failed read is an unknown link, never a missing person", async () => {
    sandbox.setFault("app-us", { kind: "status", status: 503, body: { errors: [{ detail: "unavailable", status: "503" }] } });
    const { result, codes } = await run({}, { email: "tr-suppressed@example.com", campaign_id: 11 });
    expect(codes).not.toContain("not_found");
    expect(codes).toContain("upstream_error");
    expect(result.chain[0]).toMatchObject({ step: "person", status: "unknown" });
    expect(result.ok).toBe(false);
    expect(result.verdict).toContain("the trace could not be made");
  });

  it.each([
    ["hanging", { kind: "hang" }],
    ["slow", { kind: "delay", ms: 350 }],
  ] as const)("a %s App API: a normal result with timeout findings within 2 × timeout + 1 s", async (_name, fault) => {
    sandbox.setFault("app-us", fault);
    const started = Date.now();
    const { result, codes } = await run({ CUSTOMERIO_TIMEOUT_MS: "400" }, { email: "tr-suppressed@example.com", campaign_id: 11 });
    const ms = Date.now() - started;
    expect(ms).toBeLessThan(2 * 400 + 1000);
    if (fault.kind === "hang") {
      expect(codes).toContain("timeout");
      expect(result.ok).toBe(false);
    }
  });

  it("a rejected key is a finding, not a crash", async () => {
    const { result, codes } = await run({ CUSTOMERIO_APP_API_KEY: "sbx_app_us_wrongwrongwrong" }, traceArgs("delivered"));
    expect(codes).toContain("invalid_credentials");
    expect(result.ok).toBe(false);
    expect(seen.join("\n")).not.toContain("sbx_app_us_wrongwrongwrong");
  });
});

describe("trace_delivery input", () => {
  it("needs exactly one person identifier and at most one target", () => {
    expect(() => parseTraceInput({ campaign_id: 1 })).toThrow(UserInputError);
    expect(() => parseTraceInput({ id: "a", email: "a@example.com" })).toThrow(UserInputError);
    expect(() => parseTraceInput({ id: "a", campaign_id: 1, broadcast_id: 2 })).toThrow(/at most one/);
    expect(() => parseTraceInput({ id: "a", campaign_id: 1.5 })).toThrow(UserInputError);
    expect(() => parseTraceInput({ id: "a", channel: "fax" })).toThrow(UserInputError);
    expect(parseTraceInput({ id: "a", transactional_id: "41" }).target).toEqual({ kind: "transactional", id: 41 });
    expect(parseTraceInput({ id: "a", transactional_id: "order_receipt" }).target).toEqual({ kind: "transactional", id: "order_receipt" });
  });
});

describe("delivery decisions", () => {
  it("reads the state from the metrics", () => {
    expect(deliveryState({ metrics: { sent: 1, delivered: 2, opened: 3 }, failure_message: null })).toBe("opened");
    expect(deliveryState({ metrics: { drafted: 1 }, failure_message: null })).toBe("drafted");
    expect(deliveryState({ metrics: { sent: 1, bounced: 2 }, failure_message: "550" })).toBe("bounced");
  });
  it("finds the Liquid variable in linear time", () => {
    expect(liquidVariable("Liquid error: undefined variable customer.plan_name")).toBe("customer.plan_name");
    expect(liquidVariable("Liquid syntax error: {{ event.total | money }} failed")).toBe("event.total");
    expect(liquidVariable("SMTP 550")).toBeUndefined();
    const started = performance.now();
    liquidVariable(`Liquid ${"{{".repeat(500_000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
