/** The cio:// resources serve the same knowledge the tools answer from: the corrections of the specs show there too. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { API_FACTS, ALL_LIMITS, CORRECTIONS, ERROR_SIGNATURES } from "../src/knowledge/catalog.js";
import { connectInMemory } from "./helpers/mcp.js";

let client: Client;
let close: () => Promise<void>;

beforeAll(async () => {
  const conn = await connectInMemory({});
  client = conn.client;
  close = conn.close;
});

afterAll(async () => {
  await close?.();
});

async function read<T>(uri: string): Promise<T> {
  const r = await client.readResource({ uri });
  const c = r.contents[0] as { text: string; mimeType: string };
  expect(c.mimeType).toBe("application/json");
  return JSON.parse(c.text) as T;
}

describe("knowledge resources", () => {
  it("list cio://apis beside the other collections", async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const uri of ["cio://status-codes", "cio://errors", "cio://limits", "cio://corrections", "cio://apis"]) expect(uris).toContain(uri);
  });

  it("cio://apis: the four APIs, the Pipelines one with its Basic write key, strict mode and silent 200", async () => {
    const apis = await read<Array<{ id: string; auth: string; behaviours: string[]; hosts: { us: string; eu: string }; sources: Array<{ spec?: { pointer: string } }> }>>("cio://apis");
    expect(apis.map((a) => a.id)).toEqual(API_FACTS.map((a) => a.id));
    const p = apis.find((a) => a.id === "pipelines")!;
    expect(p.hosts).toEqual({ us: "https://cdp.customer.io", eu: "https://cdp-eu.customer.io" });
    expect(p.auth).toMatch(/EMPTY password/);
    expect(p.behaviours.join(" ")).toMatch(/X-Strict-Mode: 1/);
    // The spec pointers travel with the sources, so a client can check them.
    expect(p.sources.some((s) => s.spec?.pointer === "#/components/securitySchemes/Basic-Auth/description")).toBe(true);
  });

  it("cio://limits: the current transactional and Pipelines limits, the 2048 KB figure only as superseded", async () => {
    const limits = await read<Array<{ id: string; value: number; window_seconds?: number; sources: Array<{ note: string; superseded_by?: string }> }>>("cio://limits");
    expect(limits).toHaveLength(ALL_LIMITS.length);
    const by = (id: string) => limits.find((l) => l.id === id)!;
    expect(by("transactional_bytes").value).toBe(1024 * 1024);
    expect(by("transactional_recipients").value).toBe(15);
    expect([by("transactional_rate").value, by("transactional_rate").window_seconds]).toEqual([3000, 3]);
    expect(by("pipelines_request_bytes").value).toBe(32 * 1024);
    expect(by("pipelines_batch_bytes").value).toBe(500 * 1024);
    for (const l of limits) for (const s of l.sources) if (/2048 KB/.test(s.note)) expect(s.superseded_by, l.id).toBeTruthy();
  });

  it("cio://errors: both App 429 bodies, the errors[].code signature, patterns as text", async () => {
    const errors = await read<Array<{ id: string; pattern: string; codes?: string[]; retryable?: boolean }>>("cio://errors");
    expect(errors).toHaveLength(ERROR_SIGNATURES.length);
    const daily = errors.find((e) => e.id === "app_daily_quota")!;
    expect(daily.retryable).toBe(false);
    expect(new RegExp(daily.pattern, "i").test("rate limited to 100 request(s) per day (reference a1b2c3)")).toBe(true);
    expect(new RegExp(errors.find((e) => e.id === "app_rate_limit")!.pattern, "i").test("rate limited to 10 requests per 1s (reference x)")).toBe(true);
    expect(errors.find((e) => e.id === "app_invalid_credentials")!.codes).toEqual(["invalid_credentials"]);
  });

  it("cio://status-codes: per-API advice, and cio://corrections: the spec corrections", async () => {
    const codes = await read<Array<{ status: number; by_api?: Record<string, { meaning?: string }> }>>("cio://status-codes");
    expect(Object.keys(codes.find((c) => c.status === 429)!.by_api!).sort()).toEqual(["app", "pipelines", "track", "transactional"]);
    const corrections = await read<Array<{ id: string }>>("cio://corrections");
    expect(corrections.map((c) => c.id)).toEqual(CORRECTIONS.map((c) => c.id));
    expect(corrections.map((c) => c.id)).toContain("cdp_host_is_not_app_api");
  });
});
