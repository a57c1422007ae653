/**
 * diagnose_status_code on hostile input: bodies built to make regular
 * expressions backtrack, deep JSON, huge HTML, long URLs and header values.
 * Every pattern run on the body is linear or bounded; these inputs must come
 * back as ordinary answers. Timings are printed (benchmark figures), never
 * asserted.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { diagnoseStatus } from "../src/diagnosis/status.js";
import { parseErrorBody } from "../src/diagnosis/error-body.js";
import { ERROR_SIGNATURES } from "../src/knowledge/catalog.js";

const endpoints = loadConfig({}).endpoints;
const NOW = new Date("2026-03-02T10:00:00.000Z");
const MAX = 64 * 1024;
const fill = (head: string, unit: string, tail = "") => (head + unit.repeat(Math.ceil(MAX / unit.length))).slice(0, MAX - tail.length) + tail;

const HOSTILE: Array<[string, string]> = [
  ["spaces after an attribute message", fill("value for attribute ", " ")],
  ["curly quotes after an attribute message", fill("value for attribute ", "“")],
  ["errors[] objects without a reason", fill('{"errors":[', '{"errors":[{"x":1,')],
  ["an errors[] object with 64 KiB inside", fill('{"errors":[{', '"reason"')],
  ["batch_index keys without digits", fill("", '"batch_index": ')],
  ["unclosed title tags", fill("<html><title", "<title")],
  ["unclosed tags", fill("<html>", "<")],
  ["script without an end", fill("<html><script>", "<script>")],
  ["entities", fill("<html><title>", "&amp;&lt")],
  ["deep JSON", fill("", "[") ],
  ["deep JSON objects", fill("", '{"a":')],
  ["rate limited digits", fill("rate limited to ", "1")],
  ["rate limited spaces", fill("rate limited to 10 requests per ", " ")],
  ["missing required", fill("missing required ", " ")],
  ["from quotes", fill('"', '"from" ')],
  ["forbidden file type", fill("forbidden file type ", "x")],
  ["workspace is set to", fill("Workspace is set to ", '"')],
  ["long meta.errors strings", JSON.stringify({ meta: { errors: Array.from({ length: 60 }, () => "value for attribute " + " ".repeat(1000)) } }).slice(0, MAX)],
];

describe("hostile bodies", () => {
  it.each(HOSTILE)("answers %s normally", (_label, body) => {
    expect(body.length).toBeLessThanOrEqual(MAX);
    const started = process.hrtime.bigint();
    const r = diagnoseStatus({ status: 400, body, api: "track", retry_after: `Mon,${" ".repeat(200)}x` }, { endpoints, now: NOW });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${_label}: ${ms.toFixed(1)} ms`);
    expect(r.status).toBe(400);
    expect(r.summary.length).toBeLessThan(1000);
    for (const f of r.findings) expect((f.evidence ?? "").length).toBeLessThanOrEqual(200);
    expect(r.findings.map((f) => f.code)).toContain("retry_after_invalid");
  });

  it("keeps every extracted message short, whatever the body", () => {
    for (const [, body] of HOSTILE) {
      const parsed = parseErrorBody(body);
      expect(parsed.details.length).toBeLessThanOrEqual(20);
      for (const d of parsed.details) expect(d.message.length).toBeLessThanOrEqual(500);
    }
  });

  it("uses no unbounded wildcard in any error pattern", () => {
    for (const s of ERROR_SIGNATURES) {
      // ".*", ".+" and open-ended repeats of a wildcard or a negated class can backtrack over a whole body.
      expect(s.pattern.source, s.id).not.toMatch(/\.[*+]|\.\{\d+,\}|\[\^[^\]]*\][*+]?\{\d+,\}/);
    }
  });

  it("parses a long url and a long Retry-After without trouble", () => {
    const url = `https://track.customer.io/api/v1/customers/${"a".repeat(4000)}`;
    const r = diagnoseStatus({ status: 404, url, method: "GET", retry_after: "9".repeat(256) }, { endpoints, now: NOW });
    expect(r.api).toBe("track");
    expect(r.findings.find((f) => f.code === "undocumented_endpoint")!.evidence!.length).toBeLessThanOrEqual(200);
    expect(r.retry_after_seconds).toBeNull();
  });
});
