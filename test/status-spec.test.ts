/**
 * diagnose_status_code against Customer.io's own OpenAPI descriptions (read
 * from ../shared/reference/openapi/, never copied): every error body the
 * specs document is recognised, and each correction is asserted with the
 * spec pointer that proves it.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { diagnoseStatus, type DiagnoseStatusInput, type StatusDiagnosis } from "../src/diagnosis/status.js";
import { inferFromUrl } from "../src/diagnosis/request-url.js";
import { parseErrorBody } from "../src/diagnosis/error-body.js";
import { appOperation, resolvePointer, specText, spec, specsAvailable, SPECS_SKIP_REASON } from "./helpers/openapi-specs.js";

const NOW = new Date("2026-03-02T10:00:00.000Z");
const endpoints = loadConfig({}).endpoints;
const run = (input: DiagnoseStatusInput): StatusDiagnosis => diagnoseStatus(input, { endpoints, now: NOW });
const codes = (r: StatusDiagnosis) => r.findings.map((f) => f.code);
const ids = (r: StatusDiagnosis) => r.matched_errors.map((m) => m.id);

const describeSpecs = specsAvailable ? describe : describe.skip;
if (!specsAvailable) console.warn(`status-spec skipped: ${SPECS_SKIP_REASON}`);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

interface DocumentedBody {
  pointer: string;
  operation: string;
  status: number;
  body: string;
}

/**
 * Every error body the App API operations document: a whole example, or one
 * built from the example of meta.error or of errors[].detail (with the code
 * and source.pointer examples beside it), as the response schema lays it out.
 */
function documentedAppBodies(): DocumentedBody[] {
  const ops = (spec("app") as { operations: Record<string, Json> }).operations;
  const out: DocumentedBody[] = [];
  for (const [operation, op] of Object.entries(ops)) {
    const responses = op.responses as Record<string, Json>;
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) < 300) continue;
      const content = (response.content as Json | undefined)?.["application/json"];
      if (!isRecord(content)) continue;
      const schema = (content.schema ?? {}) as Json;
      const base = `#/operations/${operation.replace(/~/g, "~0").replace(/\//g, "~1")}/responses/${status}/content/application~1json`;
      const whole = content.example ?? schema.example;
      if (whole !== undefined) {
        out.push({ pointer: `${base}/${content.example !== undefined ? "example" : "schema/example"}`, operation, status: Number(status), body: JSON.stringify(whole) });
        continue;
      }
      const props = (schema.properties ?? {}) as Json;
      const metaError = ((props.meta as Json | undefined)?.properties as Json | undefined)?.error as Json | undefined;
      if (metaError?.example !== undefined) {
        out.push({ pointer: `${base}/schema/properties/meta/properties/error/example`, operation, status: Number(status), body: JSON.stringify({ meta: { error: metaError.example } }) });
        continue;
      }
      const item = (((props.errors as Json | undefined)?.items as Json | undefined)?.properties ?? {}) as Json;
      const detail = (item.detail as Json | undefined)?.example;
      if (detail !== undefined) {
        const code = (item.code as Json | undefined)?.example;
        const pointer = (((item.source as Json | undefined)?.properties as Json | undefined)?.pointer as Json | undefined)?.example;
        const error: Json = { ...(code !== undefined ? { code } : {}), detail, ...(pointer !== undefined ? { source: { pointer } } : {}), status };
        out.push({ pointer: `${base}/schema/properties/errors/items`, operation, status: Number(status), body: JSON.stringify({ errors: [error] }) });
      }
    }
  }
  return out;
}

function urlOf(operation: string): { method: string; url: string } {
  const [method, path] = operation.split(" ") as [string, string];
  return { method, url: `https://api.customer.io${path.replace(/\{[^}]{1,40}\}/g, "1")}` };
}

describeSpecs("every documented App API error body is recognised", () => {
  const bodies = documentedAppBodies();

  it("finds the documented bodies (78 operations with a 429 example, the transactional meta.error examples, the errors[] examples)", () => {
    expect(bodies.length).toBeGreaterThanOrEqual(90);
    expect(new Set(bodies.map((b) => b.body)).size).toBeGreaterThanOrEqual(12);
  });

  it("matches a known error in each, through the URL of its operation", () => {
    const unrecognised: string[] = [];
    for (const b of bodies) {
      const r = run({ status: b.status, body: b.body, ...urlOf(b.operation) });
      if (r.matched_errors.length === 0 || codes(r).includes("unrecognized_error_message") || codes(r).includes("api_mismatch")) {
        unrecognised.push(`${b.pointer}: ${b.body}`);
      }
    }
    expect(unrecognised).toEqual([]);
  });

  it("matches the Track spec's newsletterErrorResponse example — #/components/schemas/newsletterErrorResponse/example", () => {
    const body = JSON.stringify(resolvePointer("track", "#/components/schemas/newsletterErrorResponse/example"));
    expect(ids(run({ status: 400, body, api: "app" }))).toEqual(["subscription_topic_id_required"]);
  });
});

describeSpecs("429: per-second limit vs daily quota", () => {
  const perSecondPointer = "#/operations/GET ~1v1~1customers~1{customer_id}~1attributes/responses/429/content/application~1json/example";
  const dailyPointer = "#/operations/GET ~1v1~1messages~1{message_id}~1archived_message/responses/429/content/application~1json/example";

  it(`per second (${perSecondPointer}): retryable after Retry-After`, () => {
    const body = JSON.stringify(resolvePointer("app", perSecondPointer));
    expect(body).toBe('{"errors":[{"detail":"rate limited to 10 requests per 1s (reference a1b2c3)","status":"429"}]}');
    const r = run({ status: 429, body, retry_after: "1", url: "https://api.customer.io/v1/customers/42/attributes", method: "GET" });
    expect(ids(r)).toEqual(["app_rate_limit"]);
    expect(r.retryable).toBe(true);
    expect(r.retry_after_seconds).toBe(1);
    expect(r.rate_limit).toBe("per_second");
    expect(codes(r)).not.toContain("unrecognized_error_message");
    expect(r.summary).toMatch(/^429 Too Many Requests from the App API \(US\)\. Retryable: wait 1 s \(Retry-After\)/);
    expect(r.findings.find((f) => f.code === "app_rate_limit")!.evidence).toBe("rate limited to 10 requests per 1s (reference a1b2c3)");
  });

  it(`daily quota (${dailyPointer}): no Retry-After, not retryable until the next day`, () => {
    const description = specText({ file: "app", pointer: "#/operations/GET ~1v1~1messages~1{message_id}~1archived_message/responses/429/description" })!;
    expect(description).toContain("The per-second limit sets `Retry-After`. The daily quota doesn't, because the wait is until the next day.");
    const body = JSON.stringify(resolvePointer("app", dailyPointer));
    expect(body).toContain("rate limited to 100 request(s) per day");
    const r = run({ status: 429, body, url: "https://api.customer.io/v1/messages/m1/archived_message", method: "GET" });
    expect(ids(r)).toEqual(["app_daily_quota"]);
    expect(r.retryable).toBe(false);
    expect(r.retry_after_seconds).toBeNull();
    expect(r.rate_limit).toBe("daily_quota");
    expect(r.summary).toMatch(/Not retryable today: the daily quota resets the next day/);
    expect(r.fixes.join(" ")).not.toMatch(/back off exponentially|exponential backoff with jitter before retrying/i);
    expect(r.fixes.join(" ")).toMatch(/X-RateLimit-Remaining/);
    expect(r.findings.find((f) => f.code === "status_429")!.fix ?? "").not.toMatch(/Wait \d+ s/);
  });

  it("says a bare App API 429 cannot be told apart without Retry-After and the body", () => {
    const r = run({ status: 429, api: "app" });
    expect(r.retryable).toBe(true);
    expect(r.rate_limit).toBeUndefined();
    expect(codes(r)).toContain("rate_limit_kind_unknown");
  });
});

describeSpecs("App API error objects: code, detail, source.pointer", () => {
  const itemPointer = "#/operations/GET ~1v1~1customers~1{customer_id}~1subscription_preferences/responses/400/content/application~1json/schema/properties/errors/items";

  it(`reads code and source.pointer (${itemPointer}) and prefers code over detail`, () => {
    const codeText = specText({ file: "app", pointer: `${itemPointer}/properties/code/description` })!;
    expect(codeText).toContain("Use this rather than the text in `detail`");
    const body = JSON.stringify({ errors: [{ code: "invalid_credentials", detail: "bad request (reference a1b2c3)", source: { pointer: "/data/attributes/email" }, status: "400" }] });
    expect(parseErrorBody(body).details[0]).toEqual({
      message: "bad request (reference a1b2c3)",
      code: "invalid_credentials",
      pointer: "/data/attributes/email",
      field: "/data/attributes/email",
      status: "400",
    });
    const r = run({ status: 400, body, api: "app" });
    // The code names the error; the generic "bad request" text is not matched on top of it.
    expect(ids(r)).toEqual(["app_invalid_credentials"]);
    expect(r.findings.find((f) => f.code === "app_invalid_credentials")!.evidence).toBe(
      "code invalid_credentials at /data/attributes/email: bad request (reference a1b2c3)",
    );
  });

  it("shows an unknown code and its pointer instead of calling the body unrecognised text", () => {
    const body = JSON.stringify({ errors: [{ code: "segment_locked", detail: "nope (reference zz9)", source: { pointer: "/data/id" }, status: "400" }] });
    const r = run({ status: 400, body, api: "app" });
    const f = r.findings.find((x) => x.code === "unrecognized_error_message")!;
    expect(f.message).toMatch(/App API error code/);
    expect(f.evidence).toBe("code segment_locked at /data/id: nope (reference zz9)");
  });

  it("reads the broadcast 422 pointer — #/operations/POST ~1v1~1campaigns~1{broadcast_id}~1triggers/responses/422", () => {
    const pointer = specText({
      file: "app",
      pointer: "#/operations/POST ~1v1~1campaigns~1{broadcast_id}~1triggers/responses/422/content/application~1json/schema/properties/errors/items/properties/source/properties/pointer/example",
    });
    expect(pointer).toBe("/data/attributes/per_user_data");
    const body = JSON.stringify({ errors: [{ detail: "Errors were found while processing per user data (ids, emails or json data). More detail available from the errors endpoint for trigger 12", source: { pointer }, status: "422" }] });
    const r = run({ status: 422, body, url: "https://api.customer.io/v1/campaigns/5/triggers", method: "POST" });
    expect(ids(r)).toEqual(["broadcast_per_user_data_errors"]);
    expect(r.findings.find((f) => f.code === "broadcast_per_user_data_errors")!.evidence).toMatch(/^at \/data\/attributes\/per_user_data: Errors were found/);
  });
});

describeSpecs("request URLs", () => {
  it("classifies cdp.customer.io / cdp-eu.customer.io as the Pipelines API — #/servers of the Pipelines spec", () => {
    const servers = resolvePointer("pipelines", "#/servers") as Array<{ url: string }>;
    expect(servers.map((s) => s.url)).toEqual(["https://cdp.customer.io/v1", "https://cdp-eu.customer.io/v1"]);
    expect(inferFromUrl("https://cdp.customer.io/v1/track", endpoints)).toMatchObject({ api: "pipelines", region: "us", path: "/v1/track", matched: "default" });
    expect(inferFromUrl("https://cdp-eu.customer.io/v1/batch", endpoints)).toMatchObject({ api: "pipelines", region: "eu" });
    // A proxy in front: the Pipelines calls are known by their paths (the App API has none of them).
    expect(inferFromUrl("https://proxy.example.com/v1/identify", endpoints)).toMatchObject({ api: "pipelines", matched: "path" });
    expect(inferFromUrl("https://proxy.example.com/v1/customers", endpoints)).toMatchObject({ api: "app", matched: "path" });
    for (const call of Object.keys((spec("pipelines") as { paths: Json }).paths)) {
      expect(inferFromUrl(`https://proxy.example.com/v1${call}`, endpoints)?.api, call).toBe("pipelines");
    }
  });

  it("knows /v1/send/whatsapp as a transactional send — #/operations/POST ~1v1~1send~1whatsapp", () => {
    expect(appOperation("POST /v1/send/whatsapp")).toBeDefined();
    expect(inferFromUrl("https://api.customer.io/v1/send/whatsapp", endpoints)).toMatchObject({ api: "transactional", region: "us" });
    const body = JSON.stringify(resolvePointer("app", "#/operations/POST ~1v1~1send~1whatsapp/responses/403/content/application~1json/schema/properties/meta/properties/error/example"));
    const r = run({ status: 403, body: JSON.stringify({ meta: { error: JSON.parse(body) } }), url: "https://api.customer.io/v1/send/whatsapp", method: "POST" });
    expect(r.api).toBe("transactional");
    expect(ids(r)).toEqual(["channel_not_enabled"]);
  });
});

describeSpecs("the Pipelines API in diagnose_status_code", () => {
  it("a 200 from cdp.customer.io warns of the silent drop unless X-Strict-Mode: 1 — #/paths/~1track/post/parameters/0", () => {
    expect(specText({ file: "pipelines", pointer: "#/paths/~1track/post/parameters/0/description" })).toContain(
      "When not set or set to any other value, the API operates in permissive mode, logging errors but returning HTTP 200.",
    );
    const r = run({ status: 200, body: "{}", url: "https://cdp.customer.io/v1/track", method: "POST" });
    expect(r.api).toBe("pipelines");
    const drop = r.findings.find((f) => f.code === "pipelines_silent_drop")!;
    expect(drop.severity).toBe("warning");
    expect(drop.message).toMatch(/X-Strict-Mode: 1/);
    expect(drop.message).toMatch(/32 KB/);
    expect(drop.message).toMatch(/500 KB/);
    expect(r.findings.find((f) => f.code === "status_200")!.severity).toBe("warning");
    expect(r.next_steps.map((s) => s.tool)).toContain("check_payload");
  });

  it("accepts api: pipelines and gives the Basic write-key fix for a 401 — #/components/securitySchemes/Basic-Auth", () => {
    const r = run({ status: 401, api: "pipelines" });
    expect(r.api).toBe("pipelines");
    const all = [...r.causes, ...r.fixes].join(" ");
    expect(all).toMatch(/empty password/);
    expect(all).not.toMatch(/site ID and the key|Bearer/);
    expect(r.next_steps.map((s) => s.tool)).not.toContain("test_track_auth");
    expect(r.next_steps.map((s) => s.tool)).not.toContain("test_app_auth");
    // None of this server's live checks tests a write key.
    expect(r.next_steps.map((s) => s.tool)).not.toContain("run_diagnostics");
  });

  it("gives the Pipelines soft limit for a 429 — #/info/description", () => {
    const r = run({ status: 429, url: "https://cdp-eu.customer.io/v1/batch", method: "POST" });
    expect(r.region).toBe("eu");
    expect(r.findings.find((f) => f.code === "status_429")!.message).toMatch(/3000 requests per 3 seconds/);
    expect(r.causes.join(" ")).not.toMatch(/10 App API requests|broadcast/);
    expect(codes(r)).not.toContain("rate_limit_kind_unknown");
  });

  it("flags a non-POST to the Pipelines API (it has only POST operations)", () => {
    for (const [path, item] of Object.entries((spec("pipelines") as { paths: Record<string, Json> }).paths)) {
      expect(Object.keys(item), path).toEqual(["post"]);
    }
    expect(codes(run({ status: 404, url: "https://cdp.customer.io/v1/identify", method: "GET" }))).toContain("pipelines_method");
  });
});

describe("causes and fixes only for the API the request went to", () => {
  it("a Track 400 lists no transactional or App causes", () => {
    const r = run({ status: 400, api: "track" });
    const text = [...r.causes, ...r.fixes, r.summary, ...r.findings.map((f) => `${f.message} ${f.fix ?? ""}`)].join(" ");
    expect(text).not.toMatch(/transactional|from" address|Bearer|errors\[\]\.code|X-Strict-Mode/);
    expect(text).toMatch(/1000 bytes/);
  });

  it("a transactional 400 lists the transactional limits and no Track ones", () => {
    const r = run({ status: 400, url: "https://api.customer.io/v1/send/email", method: "POST" });
    const text = [...r.causes, ...r.fixes].join(" ");
    expect(text).toMatch(/1 MB/);
    expect(text).toMatch(/15 recipients/);
    expect(text).not.toMatch(/event name over 100 bytes|Track v2|X-Strict-Mode/);
  });

  it("a Track 401 does not mention Bearer App keys or Pipelines write keys", () => {
    const r = run({ status: 401, api: "track" });
    const text = [...r.causes, ...r.fixes].join(" ");
    expect(text).toMatch(/site/);
    expect(text).not.toMatch(/write key|service-account|Bearer/);
  });

  it("a transactional 429 gives the soft 3000 per 3 s, not 100/s", () => {
    const r = run({ status: 429, url: "https://api.customer.io/v1/send/email", method: "POST", retry_after: "3" });
    expect(r.findings.find((f) => f.code === "status_429")!.message).toMatch(/3000 requests per 3 seconds/);
    expect([...r.causes, ...r.fixes].join(" ")).not.toMatch(/100 transactional sends per second/);
    const bare = run({ status: 429, api: "transactional" });
    // No daily quota is documented for sends: no hint of one.
    expect(codes(bare)).not.toContain("rate_limit_kind_unknown");
    expect(bare.retryable).toBe(true);
  });

  it("with no API known, lists every API's causes", () => {
    const r = run({ status: 401 });
    const text = r.causes.join(" ");
    expect(text).toMatch(/site ID/);
    expect(text).toMatch(/Track API key used as the App API bearer token/);
    expect(text).toMatch(/write key/);
  });
});

describeSpecs("the error-body parser reads only fields the specs declare", () => {
  /** Walks "errors[].source.pointer" through a JSON schema (properties / items, $refs of the Track document resolved). */
  function declared(file: "app" | "track" | "pipelines", schema: unknown, path: string): boolean {
    let node: unknown = schema;
    const deref = (n: unknown): unknown => {
      const ref = isRecord(n) ? n.$ref : undefined;
      return typeof ref === "string" ? deref(resolvePointer(file, ref)) : n;
    };
    for (const part of path.split(".")) {
      const array = part.endsWith("[]");
      const key = array ? part.slice(0, -2) : part;
      node = deref(node);
      const props = isRecord(node) ? (node.properties as Json | undefined) : undefined;
      if (!props || !(key in props)) return false;
      node = deref(props[key]);
      if (array) {
        if (!isRecord(node) || node.type !== "array") return false;
        node = node.items;
      }
    }
    return node !== undefined;
  }

  it("ERROR_BODY_FIELDS: each field is in the schema of its spec response", async () => {
    const { ERROR_BODY_FIELDS } = await import("../src/diagnosis/error-body.js");
    const missing: string[] = [];
    for (const [shape, { spec: where, fields }] of Object.entries(ERROR_BODY_FIELDS)) {
      const schema = resolvePointer(where.file, where.pointer);
      expect(schema, `${shape}: ${where.pointer}`).toBeDefined();
      for (const field of fields) if (!declared(where.file, schema, field)) missing.push(`${shape}: ${field} not in ${where.file} ${where.pointer}`);
    }
    expect(missing).toEqual([]);
  });

  it("parses each shape into those fields", () => {
    expect(parseErrorBody('{"errors":[{"batch_index":2,"reason":"r","field":"f","message":"m"}]}').details[0]).toEqual({ message: "m", field: "f", reason: "r", batch_index: 2 });
    expect(parseErrorBody('{"meta":{"errors":["a","b"]}}')).toMatchObject({ shape: "meta_errors", messages: ["a", "b"] });
    expect(parseErrorBody('{"meta":{"error":"x"}}')).toMatchObject({ shape: "meta_error", messages: ["x"] });
  });
});
