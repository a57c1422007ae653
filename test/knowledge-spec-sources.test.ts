/**
 * Every fact the knowledge base attributes to Customer.io's OpenAPI
 * descriptions points at a place that exists in them and says what we quote.
 * The specs are read from ../shared/reference/openapi/ (never copied here).
 */
import { describe, expect, it } from "vitest";
import { API_FACTS, ALL_LIMITS, CORRECTIONS, LIMITS, allEntries, apiFacts, statusCodeEntry } from "../src/knowledge/catalog.js";
import type { Source } from "../src/knowledge/types.js";
import { SPECS_SKIP_REASON, specText, specsAvailable } from "./helpers/openapi-specs.js";

const describeSpecs = specsAvailable ? describe : describe.skip;
if (!specsAvailable) console.warn(`knowledge-spec-sources skipped: ${SPECS_SKIP_REASON}`);

function everySource(): Array<{ where: string; source: Source }> {
  return allEntries().flatMap((e) => e.sources.map((source) => ({ where: `${e.collection}/${e.id}`, source })));
}

describeSpecs("spec pointers of the knowledge base", () => {
  it("resolve, and the text there contains the quoted words", () => {
    const withPointer = everySource().filter((s) => s.source.spec);
    // The corrections of this release rest on the specs; make sure they are pointed, not paraphrased.
    expect(withPointer.length).toBeGreaterThanOrEqual(60);
    const broken: string[] = [];
    for (const { where, source } of withPointer) {
      const p = source.spec!;
      const text = specText(p);
      if (text === undefined) broken.push(`${where}: ${p.file} ${p.pointer} does not resolve`);
      else if (p.quote && !text.includes(p.quote)) broken.push(`${where}: ${p.file} ${p.pointer} does not say "${p.quote}"`);
    }
    expect(broken).toEqual([]);
  });

  it("marks a superseded source as superseded, with what replaced it", () => {
    const superseded = everySource().filter((s) => s.source.superseded_by);
    expect(superseded.length).toBeGreaterThanOrEqual(3);
    for (const { where, source } of superseded) {
      expect(source.note, where).toMatch(/^superseded: /);
      expect(source.superseded_by!.length, where).toBeGreaterThan(10);
    }
  });
});

describeSpecs("transactional limits (App API POST /v1/send/email)", () => {
  it("at most 15 recipients across to, cc and bcc — #/operations/POST ~1v1~1send~1email/requestBody/…/properties/to/description", () => {
    const text = specText({
      file: "app",
      pointer: "#/operations/POST ~1v1~1send~1email/requestBody/content/application~1json/schema/properties/to/description",
    })!;
    expect(text).toContain("up to 15 total recipients across `to`, `cc`, and `bcc`");
    expect(LIMITS.transactionalRecipients.value).toBe(15);
    expect(LIMITS.transactionalRecipients.unit).toBe("count");
  });

  it("attachments under 2 MB — …/properties/attachments/description; 1 MB without attachments, the 2048 KB text kept only as superseded", () => {
    const text = specText({
      file: "app",
      pointer: "#/operations/POST ~1v1~1send~1email/requestBody/content/application~1json/schema/properties/attachments/description",
    })!;
    expect(text).toContain("The total size of all attachments must be less than 2 MB");
    expect(LIMITS.transactionalAttachmentsBytes.value).toBe(2 * 1024 * 1024);
    expect(LIMITS.transactionalWithAttachmentsBytes.value).toBe(2 * 1024 * 1024);
    expect(LIMITS.transactionalBytes.value).toBe(1024 * 1024);
    const old = LIMITS.transactionalBytes.sources.find((s) => s.note.includes("2048 KB"))!;
    expect(old.superseded_by).toMatch(/1 MB without attachments/);
    // No current (not superseded) source of any limit still says 2048 KB.
    for (const l of ALL_LIMITS) for (const s of l.sources) if (!s.superseded_by) expect(s.note, l.id).not.toMatch(/2048 KB/);
  });

  it("a soft 3000 requests per 3 s, not 100/s", () => {
    const rate = LIMITS.transactionalRate;
    expect([rate.value, rate.unit, rate.window_seconds, rate.soft]).toEqual([3000, "requests_per_window", 3, true]);
    expect(rate.sources.filter((s) => !s.superseded_by).every((s) => !/100 requests\/second/.test(s.note))).toBe(true);
  });
});

describeSpecs("the Pipelines API (customerio-pipelines-api.openapi.json)", () => {
  const facts = apiFacts("pipelines");

  it("authenticates with Basic, the write key as user and an empty password — #/components/securitySchemes/Basic-Auth", () => {
    const scheme = specText({ file: "pipelines", pointer: "#/components/securitySchemes/Basic-Auth/scheme" });
    expect(scheme).toBe("basic");
    expect(specText({ file: "pipelines", pointer: "#/components/securitySchemes/Basic-Auth/description" })).toContain(
      "use the API Key as the username and leave the password blank",
    );
    expect(facts.auth).toMatch(/write key as user and an EMPTY password/);
  });

  it("has hosts cdp.customer.io and cdp-eu.customer.io — #/servers", () => {
    expect(specText({ file: "pipelines", pointer: "#/servers/0/url" })).toBe("https://cdp.customer.io/v1");
    expect(specText({ file: "pipelines", pointer: "#/servers/1/url" })).toBe("https://cdp-eu.customer.io/v1");
    expect(facts.hosts).toEqual({ us: "https://cdp.customer.io", eu: "https://cdp-eu.customer.io" });
  });

  it("limits a request to 32 KB and a batch to 500 KB, answering 200 and dropping what is over — #/info/description", () => {
    const info = specText({ file: "pipelines", pointer: "#/info/description" })!;
    expect(info).toContain("A request is limited to 32KB. A batch request is limited to 500KB total");
    expect(info).toContain("you will receive a 200 response, but the request will not go through");
    expect(LIMITS.pipelinesRequestBytes.value).toBe(32 * 1024);
    expect(LIMITS.pipelinesBatchBytes.value).toBe(500 * 1024);
    expect(info).toContain("3000 requests per 3 seconds");
    expect([LIMITS.pipelinesRate.value, LIMITS.pipelinesRate.window_seconds, LIMITS.pipelinesRate.soft]).toEqual([3000, 3, true]);
  });

  it("documents strict mode on every operation — #/paths/~1<call>/post/parameters (X-Strict-Mode: 1)", () => {
    for (const call of ["identify", "track", "page", "screen", "group", "alias", "batch"]) {
      const name = specText({ file: "pipelines", pointer: `#/paths/~1${call}/post/parameters/0/name` });
      expect(name, call).toBe("X-Strict-Mode");
    }
    expect(facts.behaviours.join(" ")).toMatch(/X-Strict-Mode: 1/);
    expect(facts.behaviours.join(" ")).toMatch(/answers 200 and is dropped/);
    expect(facts.error_body).toContain("meta");
    expect(specText({ file: "pipelines", pointer: "#/components/responses/400/content/application~1json/schema/properties/meta/properties/errors/type" })).toBe("array");
  });

  it("is in the status entries: the 200 that drops a call, and the 401 of a Basic key with a password", () => {
    const p200 = statusCodeEntry(200)!.by_api!.pipelines!;
    expect(p200.meaning).toMatch(/strict mode/);
    expect(p200.fixes![0]).toMatch(/X-Strict-Mode: 1/);
    expect(p200.causes!.join(" ")).toMatch(/over 32 KB, or the batch over 500 KB/);
    expect(statusCodeEntry(401)!.by_api!.pipelines!.causes!.join(" ")).toMatch(/non-empty password/);
    expect(statusCodeEntry(429)!.by_api!.pipelines!.meaning).toMatch(/3000 requests per 3 seconds/);
  });
});

describeSpecs("API facts and corrections", () => {
  it("name every transactional endpoint of the ServiceAccount-Auth scheme, /v1/send/whatsapp included — #/securitySchemes/ServiceAccount-Auth", () => {
    const text = specText({ file: "app", pointer: "#/securitySchemes/ServiceAccount-Auth/description" })!;
    const endpoints = [...text.matchAll(/`(\/v1\/send\/[a-z_]+)`/g)].map((m) => m[1]);
    expect(endpoints).toContain("/v1/send/whatsapp");
    const behaviours = apiFacts("transactional").behaviours.join(" ");
    expect(endpoints.length).toBe(6);
    for (const e of endpoints) expect(behaviours, e).toContain(`/${e!.split("/").pop()!}`);
  });

  it("correct the seeds' 429, transactional and cdp claims", () => {
    const ids = CORRECTIONS.map((c) => c.id);
    for (const id of [
      "rate_limit_429_always_retryable",
      "transactional_size_2048_kb",
      "transactional_rate_100_per_second",
      "cdp_host_is_not_app_api",
      "app_error_detail_is_the_id",
      "whatsapp_is_transactional",
    ]) {
      expect(ids).toContain(id);
    }
    expect(API_FACTS.map((a) => a.id)).toEqual(["track", "app", "transactional", "pipelines"]);
  });
});
