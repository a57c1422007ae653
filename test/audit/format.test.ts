/**
 * Audit output formats. SARIF is validated with Ajv against the structure
 * the SARIF 2.1.0 schema requires and GitHub code scanning documents
 * (https://docs.github.com/code-security/reference/code-scanning/sarif-files/sarif-support:
 * version 2.1.0, runs[].tool.driver.name, rules with id/shortDescription/
 * fullDescription/help, results with ruleId, message.text and a physical
 * location with a relative artifactLocation.uri and region.startLine,
 * partialFingerprints). The official schema file is not available offline
 * here, so this is a hand-written subset of it, not the schema itself.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scanPath, type ScanResult } from "../../src/audit/scan.js";
import { formatAudit } from "../../src/audit/format.js";
import { AUDIT_CODES } from "../../src/audit/rules.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = path.join(here, "..", "corpus", "express-api");

const message = { type: "object", required: ["text"], properties: { text: { type: "string", minLength: 1 } } };
const physicalLocation = {
  type: "object",
  required: ["artifactLocation", "region"],
  properties: {
    artifactLocation: {
      type: "object",
      required: ["uri"],
      properties: { uri: { type: "string", minLength: 1, not: { pattern: "^(/|[A-Za-z]:|file:)" } }, uriBaseId: { type: "string" } },
    },
    region: {
      type: "object",
      required: ["startLine"],
      properties: { startLine: { type: "integer", minimum: 1 }, startColumn: { type: "integer", minimum: 1 } },
    },
  },
};
const SARIF_SUBSET = {
  type: "object",
  required: ["version", "runs", "$schema"],
  properties: {
    version: { const: "2.1.0" },
    $schema: { type: "string", pattern: "sarif-2\\.1\\.0" },
    runs: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["tool", "results"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name", "rules"],
                properties: {
                  name: { type: "string", minLength: 1 },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration"],
                      properties: {
                        id: { type: "string", pattern: "^[a-z_]+$" },
                        shortDescription: message,
                        fullDescription: message,
                        help: { type: "object", required: ["text", "markdown"] },
                        helpUri: { type: "string", pattern: "^https://" },
                        defaultConfiguration: { type: "object", properties: { level: { enum: ["none", "note", "warning", "error"] } } },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["ruleId", "message", "locations", "level", "partialFingerprints"],
              properties: {
                ruleId: { type: "string" },
                ruleIndex: { type: "integer", minimum: 0 },
                level: { enum: ["none", "note", "warning", "error"] },
                message,
                locations: { type: "array", minItems: 1, maxItems: 1, items: { type: "object", required: ["physicalLocation"], properties: { physicalLocation } } },
                relatedLocations: { type: "array", items: { type: "object", required: ["physicalLocation", "id"], properties: { physicalLocation, id: { type: "integer" } } } },
                partialFingerprints: { type: "object", additionalProperties: { type: "string" } },
              },
            },
          },
        },
      },
    },
  },
};

describe("audit output formats", () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanPath(APP, [APP]);
  });

  it("SARIF: valid against the SARIF 2.1.0 / GitHub code scanning structure, rules with metadata, via as related locations", () => {
    const sarif = JSON.parse(formatAudit(result, "sarif", { cwd: path.dirname(APP) }));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SARIF_SUBSET);
    const ok = validate(sarif);
    console.info(`SARIF validation (structural subset): ${ok ? "valid" : JSON.stringify(validate.errors)}; ${sarif.runs[0].results.length} results`);
    expect(validate.errors ?? []).toEqual([]);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([...AUDIT_CODES]);
    expect(run.results).toHaveLength(result.findings.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const viaResult = run.results.find((r: { relatedLocations?: unknown[] }) => r.relatedLocations?.length);
    expect(viaResult.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^express-api\/src\/routes\//);
    expect(viaResult.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe("express-api/src/services/customerio.ts");
    const blocking = run.tool.driver.rules.find((r: { id: string }) => r.id === "blocking_request_path");
    expect(blocking.help.text).toContain("pitfall 7");
    expect(blocking.helpUri).toMatch(/^https:\/\/docs\.customer\.io\//);
    // Fingerprints are stable across runs and distinct per result.
    const again = JSON.parse(formatAudit(result, "sarif", { cwd: path.dirname(APP) }));
    expect(again.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual(run.results.map((r: { partialFingerprints: object }) => r.partialFingerprints));
  });

  it("GitHub annotations: one escaped workflow command per finding", () => {
    const text = formatAudit(result, "github", { cwd: APP });
    const lines = text.split("\n");
    expect(lines).toHaveLength(result.findings.length);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=customerio-doctor [a-z_]+::[^\n\r]+$/);
    expect(lines.some((l) => l.startsWith("::warning file=src/routes/auth.ts,line=9,"))).toBe(true);
    // A message cannot start a new command: newlines and % are escaped.
    const hostile = formatAudit(
      { findings: [{ code: "dynamic_event_name", severity: "warning", message: "a\n::error::x 100%", file: "a,b:c.ts", line: 1, column: 1 }], summary: "" },
      "github",
      { cwd: "/" },
    );
    expect(hostile).toBe("::warning file=a%2Cb%3Ac.ts,line=1,col=1,title=customerio-doctor dynamic_event_name::a%0A::error::x 100%25");
  });

  it("text and JSON", () => {
    const text = formatAudit(result, "text", { cwd: APP });
    expect(text.split("\n")[0]).toMatch(/^src\/[^ ]+:\d+:\d+ (error|warning) [a-z_]+ /);
    expect(text).toContain("(via src/routes/auth.ts:9 identifyUser → src/services/customerio.ts:15 track.identify)");
    expect(JSON.parse(formatAudit(result, "json")).findings).toHaveLength(result.findings.length);
  });
});
