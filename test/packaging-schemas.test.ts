/**
 * Strict, portable tool schemas, judged two ways over the shipped server's
 * tools/list:
 *
 * 1. MCP Inspector itself (the @modelcontextprotocol/inspector dev
 *    dependency): `inspector --cli --method tools/list --strict` reports no
 *    schema-portability finding at all, warnings included.
 * 2. The same rules written out here, so a failure names the schema path and
 *    the rule: no `type` arrays (zod's `.nullable()` makes them), no schema
 *    that constrains nothing (`{}`, as `additionalProperties` of
 *    `z.record(z.string(), z.unknown())` or as `z.unknown()`), no bare `true`
 *    / `false` where a schema is expected, no `$ref` out of the document; and
 *    every input schema is an object that names its properties, with no
 *    union at its root.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const BUNDLE = join(ROOT, "dist/customerio-doctor.js");
const require = createRequire(import.meta.url);
const INSPECTOR_CLI = join(dirname(require.resolve("@modelcontextprotocol/inspector/package.json")), "clients/cli/build/index.js");

type Schema = Record<string, unknown>;
interface Tool {
  name: string;
  inputSchema: Schema;
  outputSchema?: Schema;
}
interface Finding {
  rule: string;
  severity: string;
  schema: string;
  path: string;
}

let scratch: string;
let tools: Tool[];
let inspectorFindings: Array<{ toolName: string; findings: Finding[] }>;
let inspectorStderr: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cio-inspector-"));
  const r = spawnSync(
    process.execPath,
    [INSPECTOR_CLI, "--method", "tools/list", "--strict", "--format", "json", "-e", "CUSTOMERIO_DOCTOR_CODE_CACHE=off", process.execPath, BUNDLE],
    // A scratch HOME: the Inspector keeps its catalog there.
    { cwd: scratch, encoding: "utf8", timeout: 60_000, env: { PATH: process.env.PATH ?? "", HOME: scratch } },
  );
  inspectorStderr = r.stderr ?? "";
  if (r.status !== 0 || !r.stdout) throw new Error(`the Inspector failed (${r.status}): ${inspectorStderr.slice(0, 2000)}`);
  const out = JSON.parse(r.stdout) as { result: { tools: Tool[] }; schemaFindings?: typeof inspectorFindings };
  tools = out.result.tools;
  inspectorFindings = out.schemaFindings ?? [];
}, 90_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Keywords whose value is one subschema, a list of them, or a map of them. */
const ONE = ["items", "contains", "not", "propertyNames", "if", "then", "else", "additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems", "contentSchema"];
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
const MAP = ["properties", "patternProperties", "dependentSchemas", "dependencies", "$defs", "definitions"];
/** Where `true` / `false` is the usual spelling and not a missing schema. */
const BOOLEAN_OK = new Set(["additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems"]);
/** A schema with none of these keywords accepts anything. */
const CONSTRAINING = new Set([
  "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
  "pattern", "format", "contentMediaType", "contentEncoding", "contentSchema", "maxItems", "minItems", "uniqueItems", "maxContains",
  "minContains", "maxProperties", "minProperties", "required", "dependentRequired", "allOf", "anyOf", "oneOf", "not", "items",
  "prefixItems", "contains", "additionalItems", "unevaluatedItems", "properties", "patternProperties", "additionalProperties",
  "unevaluatedProperties", "propertyNames", "dependentSchemas", "dependencies", "$ref", "$dynamicRef", "$recursiveRef",
]);

/** Every rule break in one schema, as "path: rule". */
function portabilityProblems(schema: unknown, at: string, keyword?: string, depth = 0): string[] {
  if (depth > 64) return [];
  if (typeof schema === "boolean") return BOOLEAN_OK.has(keyword ?? "") ? [] : [`${at}: bare ${schema} where a schema is expected`];
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return [];
  const node = schema as Schema;
  const problems: string[] = [];
  if (Array.isArray(node.type)) problems.push(`${at}: type is an array ${JSON.stringify(node.type)}`);
  if (typeof node.$ref === "string" && node.$ref !== "" && !node.$ref.startsWith("#")) problems.push(`${at}: $ref out of the document`);
  const constrains = Object.keys(node).some((k) => CONSTRAINING.has(k)) || ("if" in node && ("then" in node || "else" in node));
  if (!constrains && keyword !== "not") problems.push(`${at}: constrains nothing (untyped)`);
  for (const k of ONE) {
    if (!(k in node)) continue;
    const v = node[k];
    if (k === "items" && Array.isArray(v)) v.forEach((s, i) => problems.push(...portabilityProblems(s, `${at}.items[${i}]`, k, depth + 1)));
    else problems.push(...portabilityProblems(v, `${at}.${k}`, k, depth + 1));
  }
  for (const k of LIST) {
    const v = node[k];
    if (Array.isArray(v)) v.forEach((s, i) => problems.push(...portabilityProblems(s, `${at}.${k}[${i}]`, k, depth + 1)));
  }
  for (const k of MAP) {
    const v = node[k];
    if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [name, s] of Object.entries(v)) problems.push(...portabilityProblems(s, `${at}.${k}.${name}`, k, depth + 1));
    }
  }
  return problems;
}

describe("MCP Inspector --strict on tools/list", () => {
  it("reports no schema-portability finding", () => {
    const count = inspectorFindings.reduce((n, t) => n + t.findings.length, 0);
    const listed = inspectorFindings.flatMap((t) => t.findings.map((f) => `${t.toolName} ${f.severity} ${f.rule} ${f.schema}.${f.path}`));
    console.log(`MCP Inspector --strict: ${count} findings on ${tools.length} listed tools (${inspectorFindings.length} with any)`);
    expect(listed).toEqual([]);
    expect(inspectorStderr).not.toMatch(/\d+ warnings? across/);
  });

  it("saw every tool", () => {
    expect(tools.length).toBeGreaterThanOrEqual(10);
  });
});

describe("the same rules, spelled out", () => {
  it("no type arrays, untyped schemas, bare booleans or remote refs in any input or output schema", () => {
    const problems = tools.flatMap((t) => [
      ...portabilityProblems(t.inputSchema, `${t.name}.inputSchema`),
      ...(t.outputSchema ? portabilityProblems(t.outputSchema, `${t.name}.outputSchema`) : []),
    ]);
    expect(problems).toEqual([]);
  });

  it("every input schema is an object that names its properties, with no union at its root", () => {
    for (const t of tools) {
      const s = t.inputSchema;
      expect(s.type, t.name).toBe("object");
      expect(Object.keys((s.properties as Schema | undefined) ?? {}).length, `${t.name} names its properties`).toBeGreaterThan(0);
      for (const union of ["anyOf", "oneOf", "allOf"]) expect(s[union], `${t.name}: ${union} at the root`).toBeUndefined();
    }
  });

  it("catches what the Inspector catches (the rules fire on known bad schemas)", () => {
    expect(portabilityProblems({ type: "object", properties: { a: { type: ["string", "null"] } } }, "x")).toEqual([
      'x.properties.a: type is an array ["string","null"]',
    ]);
    expect(portabilityProblems({ type: "object", additionalProperties: {} }, "x")).toEqual(["x.additionalProperties: constrains nothing (untyped)"]);
    expect(portabilityProblems({ type: "object", additionalProperties: true }, "x")).toEqual([]);
    expect(portabilityProblems({ anyOf: [true, { type: "string" }] }, "x")).toEqual(["x.anyOf[0]: bare true where a schema is expected"]);
    expect(portabilityProblems({ $ref: "https://example.com/s.json" }, "x")).toEqual(["x: $ref out of the document"]);
  });
});
