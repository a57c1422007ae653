/**
 * Small pieces for output schemas. Every tool's output schema is sent in
 * tools/list and lands in the model's context at every turn, so each one types
 * the contract's top-level fields and stays short below them: nested objects
 * are typed by their key fields (other fields allowed, none required), detail that is not
 * part of the contract is just "an object" or "an array", and null is an
 * `anyOf` branch (never a JSON-Schema type array, which some clients reject).
 * Bounds are checked by the handlers, not declared here.
 *
 * zod's own JSON-Schema conversion is adjusted through `.meta()`, whose keys
 * zod merges into the generated schema (a key set to undefined is left out).
 */
import { z } from "zod";

type JsonType = "string" | "number" | "boolean";
const ZOD_OF = { string: z.string, number: z.number, boolean: z.boolean } as const;
type ZodOf<T extends JsonType> = ReturnType<(typeof ZOD_OF)[T]>;

/**
 * A string, number or boolean that may be null: `{"anyOf":[{"type":T},{"const":null}]}` (zod would
 * fold `{"type":"null"}` branches back into a type array).
 */
export function orNull<T extends JsonType>(type: T): z.ZodNullable<ZodOf<T>> {
  const base = ZOD_OF[type]() as z.ZodType as z.ZodString;
  return base
    .nullable().meta({ type: undefined, anyOf: [{ type }, { const: null }] }) as unknown as z.ZodNullable<ZodOf<T>>;
}

/**
 * An object typed by its key fields, for nested detail: it may carry more (no
 * `additionalProperties`) and the schema requires none of them (no `required`). `More` types the
 * other fields for the code without putting them in the schema.
 */
export function keyed<S extends z.ZodRawShape, More extends object = object>(shape: S): z.ZodType<z.infer<z.ZodObject<S>> & More> {
  return z.looseObject(shape).meta({ additionalProperties: undefined, required: undefined }) as unknown as z.ZodType<z.infer<z.ZodObject<S>> & More>;
}

/** Detail outside the contract: `{"type":"object"}`, typed as T for the code. */
export function anObject<T extends object>(): z.ZodType<T> {
  return z.looseObject({}).meta({ properties: undefined, additionalProperties: undefined }) as unknown as z.ZodType<T>;
}

/** A list outside the contract: `{"type":"array"}`, typed as T[] for the code. */
export function anArray<T>(): z.ZodType<T[]> {
  return z.array(z.unknown()).meta({ items: undefined }) as unknown as z.ZodType<T[]>;
}
