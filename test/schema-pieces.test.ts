/**
 * The output-schema pieces of src/tools/schema.ts rely on zod merging `.meta()`
 * keys into its JSON Schema (a key set to undefined is left out). These tests
 * pin the JSON each piece produces, as the SDK converts it for tools/list, and
 * that zod still checks the same values, so a zod upgrade that changed either
 * fails here rather than in a client.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toJSONSchema } from "zod/v4-mini";
import { anArray, anObject, keyed, orNull } from "../src/tools/schema.js";
import { findingSchema } from "../src/findings.js";

/** As the SDK converts an output schema (zod 4: draft-7, output side). */
const json = (s: z.ZodType) => {
  const { $schema: _, ...rest } = toJSONSchema(s, { target: "draft-7", io: "output" }) as Record<string, unknown>;
  return rest;
};

describe("orNull", () => {
  it("is an anyOf of the type and null, never a type array", () => {
    for (const t of ["string", "number", "boolean"] as const) expect(json(orNull(t))).toEqual({ anyOf: [{ type: t }, { const: null }] });
    expect(JSON.stringify(json(z.object({ a: orNull("number") })))).not.toContain('"type":[');
  });
  it("accepts the type and null, nothing else", () => {
    expect(orNull("number").safeParse(3).success).toBe(true);
    expect(orNull("number").safeParse(null).success).toBe(true);
    expect(orNull("number").safeParse("3").success).toBe(false);
    expect(orNull("string").safeParse(undefined).success).toBe(false);
  });
});

describe("keyed", () => {
  const s = keyed({ id: z.string(), n: z.number() });
  it("types its key fields, requires none and does not close the object", () => {
    expect(json(s)).toEqual({ type: "object", properties: { id: { type: "string" }, n: { type: "number" } } });
  });
  it("checks the key fields' types and lets other fields through", () => {
    expect(s.safeParse({ id: "a", n: 1, other: [1] }).success).toBe(true);
    expect(s.safeParse({ id: 1, n: 1 }).success).toBe(false);
  });
});

describe("anObject and anArray", () => {
  it("are a bare object and a bare array", () => {
    expect(json(anObject())).toEqual({ type: "object" });
    expect(json(anArray())).toEqual({ type: "array" });
    expect(anObject().safeParse({ a: 1 }).success).toBe(true);
    expect(anObject().safeParse("a").success).toBe(false);
    expect(anArray().safeParse([1, "a"]).success).toBe(true);
    expect(anArray().safeParse({}).success).toBe(false);
  });
});

describe("the finding schema", () => {
  it("types code, severity (the three values), message, fix, pitfall and evidence, and requires the first three", () => {
    expect(json(findingSchema)).toEqual({
      type: "object",
      properties: {
        code: { type: "string" },
        severity: { type: "string", enum: ["error", "warning", "info"] },
        message: { type: "string" },
        fix: { type: "string" },
        pitfall: { type: "number" },
        evidence: { type: "string" },
      },
      required: ["code", "severity", "message"],
    });
    expect(findingSchema.safeParse({ code: "x", severity: "fatal", message: "m" }).success).toBe(false);
    expect(findingSchema.safeParse({ code: "x", severity: "info", message: "m", pitfall: 2 }).success).toBe(true);
  });
});
