/**
 * Customer.io's OpenAPI descriptions, read from ../shared/reference/openapi/
 * (never copied into the project). Absent folder: `specsAvailable` is false
 * and the tests that need them report themselves skipped with that reason.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SPEC_FILES } from "../../src/knowledge/sources.js";
import type { SpecFile, SpecPointer } from "../../src/knowledge/types.js";

/** ../shared/reference/openapi/ from the repository root (this file is test/helpers/). */
export const SPEC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/reference/openapi");
export const specsAvailable = Object.values(SPEC_FILES).every((f) => existsSync(join(SPEC_DIR, f)));
export const SPECS_SKIP_REASON = `Customer.io's OpenAPI descriptions are not in ${SPEC_DIR}`;

const cache = new Map<SpecFile, unknown>();

export function spec(file: SpecFile): unknown {
  let doc = cache.get(file);
  if (doc === undefined) {
    doc = JSON.parse(readFileSync(join(SPEC_DIR, SPEC_FILES[file]), "utf8")) as unknown;
    cache.set(file, doc);
  }
  return doc;
}

/** The value at an RFC 6901 pointer ("#/a/b~1c"), or undefined. */
export function resolvePointer(file: SpecFile, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = spec(file);
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in (node as Record<string, unknown>))) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The text at a spec pointer; a non-string value is its JSON. */
export function specText(p: SpecPointer): string | undefined {
  const value = resolvePointer(p.file, p.pointer);
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** App API operation object by its "METHOD /path" key. */
export function appOperation(key: string): Record<string, unknown> | undefined {
  const ops = (spec("app") as { operations: Record<string, Record<string, unknown>> }).operations;
  return ops[key];
}
