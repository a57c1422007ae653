/**
 * lookup_customer's person-level part, shared with trace_delivery: devices,
 * topic preferences, the email provider's suppression and deleted people,
 * against the sandbox's trace fixture people; phone (E.164) lookups.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserInputError } from "../src/errors.js";
import { lookupCustomer, parseLookup } from "../src/tools/lookup-customer.js";
import { sandboxToolRunner } from "./helpers/run-tool.js";
import { startSandbox, type Sandbox } from "./sandbox/server.js";
import { SANDBOX } from "./sandbox/types.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => sandbox.reset());

const run = sandboxToolRunner(lookupCustomer, () => sandbox, { CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_REGION: "us", CUSTOMERIO_TIMEOUT_MS: "3000" });

describe("lookup_customer: person-level codes", () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ["topic opt-out", { id: "tr-topic" }, "topic_unsubscribed"],
    ["provider suppression", { email: "tr-suppressed@example.com" }, "esp_suppressed"],
    ["push user without a device", { id: "tr-no-device" }, "no_push_device"],
    ["push turned off", { id: "tr-push-off" }, "push_disabled"],
    ["deleted person", { id: "tr-deleted" }, "person_deleted"],
  ];
  it.each(cases)("%s → %s", async (_name, args, code) => {
    const { result, codes } = await run({}, args);
    expect(codes).toContain(code);
    // Errors (the provider drops every email; the person is gone) make the lookup not ok; the rest are warnings.
    if (code === "esp_suppressed" || code === "person_deleted") expect(result.ok).toBe(false);
    expect(result.findings.find((f) => f.code === code)!.severity).toBe(code === "esp_suppressed" || code === "person_deleted" ? "error" : "warning");
  });

  it("shows devices (token masked), topics and the suppression", async () => {
    const off = (await run({}, { id: "tr-push-off" })).result.customer!;
    expect(off.devices).toEqual([{ id: "…push-off", platform: "android", last_used: expect.stringMatching(/^\d{4}-/), push_enabled: false }]);
    const topic = (await run({}, { id: "tr-topic" })).result.customer!;
    expect(topic.topics).toEqual([
      { id: "1", name: "Product updates", subscribed: false },
      { id: "2", name: "Offers", subscribed: true },
    ]);
    const sup = (await run({}, { email: "tr-suppressed@example.com" })).result.customer!;
    expect(sup.esp_suppression).toMatchObject({ category: "bounces", status: "550", reason: "550 5.1.1 mailbox does not exist" });
    expect(sup.esp_suppression!.created).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("a person who was never there is not_found only, after one deleted-people read", async () => {
    const before = sandbox.requests().length;
    const { codes, result } = await run({}, { id: "tr-nobody" });
    expect(codes).toEqual(["not_found"]);
    expect(sandbox.requests().slice(before).map((r) => r.path)).toContain("/v1/activities");
    expect(result.api_requests).toBe(sandbox.requests().length - before);
  });
});

describe("phone lookups", () => {
  it("looks a person up by E.164 phone with the + encoded", async () => {
    const before = sandbox.requests().length;
    const { result } = await run({}, { phone: "+14155550123" });
    expect(result.found).toBe(true);
    expect(result.customer?.id).toBe("tr-push-off");
    expect(result.lookup).toEqual({ by: "phone", value: "+14155550123" });
    const full = sandbox.fullRequests().slice(before);
    expect(full.some((r) => r.path === "/v1/customers/%2B14155550123/attributes" && r.query.get("id_type") === "phone")).toBe(true);
  });

  it("refuses a phone that is not E.164", () => {
    expect(() => parseLookup({ phone: "415 555 0123" })).toThrow(UserInputError);
    expect(() => parseLookup({ phone: "+1415", id: "x" })).toThrow(/exactly one/);
  });
});
