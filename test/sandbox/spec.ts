/**
 * Customer.io's own OpenAPI descriptions, read from `../shared/reference/openapi/`
 * (relative to the repository root; never copied into the project), as
 * response validators and field lookups for the contract tests.
 *
 * - Track: a full OpenAPI 3.1 document; operations are `"GET /api/v1/accounts/region"`
 *   (method + path as in `paths`), `$ref`s resolve inside the document.
 * - App: `customerio-app-api-operations.json`, operation objects keyed `"GET /v1/..."`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const SPEC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/reference/openapi");
const FILES = { track: "customerio-track-api.openapi.json", app: "customerio-app-api-operations.json" } as const;

export type SpecName = keyof typeof FILES;

/** Why the specs cannot be used here, or undefined when they can. */
export function specsMissingReason(): string | undefined {
  for (const file of Object.values(FILES)) {
    if (!existsSync(join(SPEC_DIR, file))) return `Customer.io OpenAPI spec ${file} not found in ${SPEC_DIR}`;
  }
  return undefined;
}

type Json = Record<string, unknown>;

export interface SpecResponse {
  /** The response object after `$ref` resolution. */
  response: Json;
  /** JSON pointer of the response object inside its file (for messages). */
  pointer: string;
  /** The `application/json` schema, when the spec documents a body. */
  schema?: Json;
  schemaPointer?: string;
}

function escapePointer(part: string): string {
  return part.replace(/~/g, "~0").replace(/\//g, "~1");
}

export class Specs {
  readonly track: Json;
  readonly app: { operations: Record<string, Json> };
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(dir = SPEC_DIR) {
    this.track = JSON.parse(readFileSync(join(dir, FILES.track), "utf8")) as Json;
    this.app = JSON.parse(readFileSync(join(dir, FILES.app), "utf8")) as { operations: Record<string, Json> };
    // The specs use OpenAPI keywords (example, deprecated…) and informal formats ("unix timestamp"):
    // not strict, and those formats are documentation only.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const informal of ["unix timestamp", "Unix timestamp", "json", "ISO 8601", "string", "ip address", "cio_[a-zA-Z0-9]*", "ulid", "ULID"]) {
      this.ajv.addFormat(informal, true);
    }
    this.ajv.addSchema({ ...this.track, $id: "track.json" });
    this.ajv.addSchema({ ...this.app, $id: "app.json" });
  }

  /** The operation object, or undefined when the spec does not describe it. */
  operation(spec: SpecName, operation: string): Json | undefined {
    if (spec === "app") return this.app.operations[operation];
    const space = operation.indexOf(" ");
    const method = operation.slice(0, space).toLowerCase();
    const path = operation.slice(space + 1);
    const item = (this.track.paths as Record<string, Json> | undefined)?.[path];
    return item?.[method] as Json | undefined;
  }

  private operationPointer(spec: SpecName, operation: string): string {
    if (spec === "app") return `/operations/${escapePointer(operation)}`;
    const space = operation.indexOf(" ");
    return `/paths/${escapePointer(operation.slice(space + 1))}/${operation.slice(0, space).toLowerCase()}`;
  }

  private resolve(spec: SpecName, value: Json, pointer: string): { value: Json; pointer: string } {
    const ref = value.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return { value, pointer };
    let target: unknown = spec === "track" ? this.track : this.app;
    for (const part of ref.slice(2).split("/")) target = (target as Json)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    return this.resolve(spec, target as Json, ref.slice(1));
  }

  /** Documented status codes of an operation. */
  statuses(spec: SpecName, operation: string): string[] {
    return Object.keys((this.operation(spec, operation)?.responses as Json | undefined) ?? {});
  }

  response(spec: SpecName, operation: string, status: number): SpecResponse | undefined {
    const responses = this.operation(spec, operation)?.responses as Json | undefined;
    if (!responses) return undefined;
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : "default" in responses ? "default" : undefined;
    if (key === undefined) return undefined;
    const { value, pointer } = this.resolve(spec, responses[key] as Json, `${this.operationPointer(spec, operation)}/responses/${key}`);
    const media = (value.content as Json | undefined)?.["application/json"] as Json | undefined;
    const out: SpecResponse = { response: value, pointer };
    if (media?.schema) {
      out.schema = media.schema as Json;
      out.schemaPointer = `${pointer}/content/application~1json/schema`;
    }
    return out;
  }

  /** A validator for a schema at a pointer inside one spec file (refs resolve within that file). */
  validator(spec: SpecName, pointer: string): ValidateFunction {
    const id = `${spec}.json#${pointer}`;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const compiled = this.ajv.compile({ $ref: id });
    this.cache.set(id, compiled);
    return compiled;
  }

  /** Human-readable validation errors, or [] when `value` is valid. */
  errors(spec: SpecName, pointer: string, value: unknown): string[] {
    const validate = this.validator(spec, pointer);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
  }

  /**
   * The App API's documented error object (`{"errors":[{detail, status, code?, source?}]}`),
   * as the spec gives it for the 429 of `GET /v1/customers/{customer_id}/attributes`.
   */
  appErrorPointer(): string {
    return this.response("app", "GET /v1/customers/{customer_id}/attributes", 429)!.schemaPointer!;
  }

  /**
   * Whether a dotted field path (`customer.attributes`, `activities[].type`) is
   * described by the schema of an operation's response. `[]` steps into array
   * items; `*` stands for any key of an object with `additionalProperties`.
   */
  describesField(spec: SpecName, operation: string, status: number, field: string): boolean {
    const r = this.response(spec, operation, status);
    if (!r?.schema) return false;
    let nodes: Json[] = [this.resolve(spec, r.schema, r.schemaPointer!).value];
    for (const step of field.split(".")) {
      const array = step.endsWith("[]");
      const name = array ? step.slice(0, -2) : step;
      const next: Json[] = [];
      for (const node of nodes.flatMap((n) => this.alternatives(spec, n))) {
        const props = node.properties as Record<string, Json> | undefined;
        if (name === "*") {
          if (node.additionalProperties && typeof node.additionalProperties === "object") next.push(node.additionalProperties as Json);
        } else if (props && name in props) next.push(props[name]!);
      }
      nodes = next.map((n) => this.resolve(spec, n, "").value);
      if (array) {
        nodes = nodes.flatMap((n) => this.alternatives(spec, n)).flatMap((n) => (n.items ? [this.resolve(spec, n.items as Json, "").value] : []));
      }
      if (nodes.length === 0) return false;
    }
    return true;
  }

  private alternatives(spec: SpecName, node: Json): Json[] {
    const out: Json[] = [node];
    for (const k of ["oneOf", "anyOf", "allOf"]) {
      const list = node[k];
      if (Array.isArray(list)) for (const s of list) out.push(...this.alternatives(spec, this.resolve(spec, s as Json, "").value));
    }
    return out;
  }
}
