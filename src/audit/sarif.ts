/**
 * SARIF 2.1.0 for code scanning: one run, the tool's rules with their
 * metadata (descriptions, help text with the fix and the pitfall, a docs
 * link, default level), one result per finding with a physical location
 * relative to %SRCROOT%, the via chain as related locations and a stable
 * partial fingerprint.
 */
import { createHash } from "node:crypto";
import { VERSION } from "../version.js";
import { AUDIT_CODES, RULES, type AuditCode, type AuditFinding } from "./rules/index.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifInput {
  findings: readonly AuditFinding[];
  /** Turns a finding's file into a path relative to the repository (the upload's source root). */
  uriOf: (file: string) => string;
}

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

function ruleDescriptor(code: AuditCode) {
  const r = RULES[code];
  const pitfall = r.pitfall ? ` This is pitfall ${r.pitfall} of the Customer.io pitfall catalog (resource cio://pitfalls/${r.pitfall}).` : "";
  return {
    id: code,
    name: code
      .split("_")
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(""),
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.title}.${pitfall}` },
    help: {
      text: `${r.title}. Fix: ${r.fix}${pitfall} Docs: ${r.docs}`,
      markdown: `**${r.title}**\n\n**Fix:** ${r.fix}\n\n${pitfall ? `${pitfall.trim()}\n\n` : ""}[Customer.io docs](${r.docs})`,
    },
    helpUri: r.docs,
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: ["customer.io", ...(code === "hardcoded_credentials" ? ["security"] : [])], ...(r.pitfall ? { pitfall: r.pitfall } : {}) },
  };
}

export function toSarif(input: SarifInput): Record<string, unknown> {
  const rules = AUDIT_CODES.map(ruleDescriptor);
  const index = new Map<string, number>(AUDIT_CODES.map((c, i) => [c, i]));
  const results = input.findings.map((f) => {
    const uri = input.uriOf(f.file);
    const fingerprint = createHash("sha256").update(`${f.code}\0${uri}\0${f.evidence ?? f.message}`).digest("hex").slice(0, 32);
    return {
      ruleId: f.code,
      ruleIndex: index.get(f.code) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.via ? `${f.message} (via ${f.via.map((s) => `${s.file}:${s.line} ${s.name}`).join(" → ")})` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
            region: { startLine: f.line, startColumn: f.column },
          },
        },
      ],
      ...(f.via
        ? {
            relatedLocations: f.via.slice(1).map((s, i) => ({
              id: i + 1,
              physicalLocation: { artifactLocation: { uri: input.uriOf(s.file), uriBaseId: "%SRCROOT%" }, region: { startLine: s.line } },
              message: { text: s.name },
            })),
          }
        : {}),
      partialFingerprints: { "customerioDoctor/v1": fingerprint },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "customerio-doctor",
            semanticVersion: VERSION,
            informationUri: "https://www.npmjs.com/package/customerio-doctor",
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}
