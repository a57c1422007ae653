/**
 * Hostile values for fuzzing tool arguments: wrong types, huge and strange
 * strings, deep nesting, prototype-polluting keys, extreme numbers. Every
 * value is JSON-representable, so the same input could arrive over stdio.
 */
import fc from "fast-check";

/** Keys that break naive object handling; always built as own properties. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype"] as const;

/**
 * A plain object holding `entries` as own, enumerable data properties, even
 * `__proto__`: JSON.parse creates the keys, plain assignment then only
 * overwrites the own property it finds.
 */
export function ownObject(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const keys = entries.map(([k]) => `${JSON.stringify(k)}:null`).join(",");
  const out = JSON.parse(`{${keys}}`) as Record<string, unknown>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** Strings that look like numbers, literals, paths or injections. */
export const TRICKY_STRINGS: readonly string[] = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\uFEFF",
  "\u202Eevil",
  "\uD800",
  "x\uDC00y",
  "NaN",
  "-NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "0",
  "1e308",
  "1e309",
  "-1e308",
  "5e-324",
  "0x1F",
  "9007199254740993",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  '{"a":',
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "../../etc/passwd",
  "/etc/passwd",
  "%00",
  "%ZZ",
  "${CUSTOMERIO_APP_API_KEY}",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "\r\n\r\nHTTP/1.1 200 OK\r\n",
  "😀👩‍👩‍👧‍👦🇺🇸",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
];

const controlChar = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));

/** Short hostile strings: graphemes, any code point, control characters, tricky literals. */
export function shortHostileString(maxLength = 64): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: "grapheme", maxLength }),
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: controlChar, maxLength }),
    fc.constantFrom(...TRICKY_STRINGS),
    fc.tuple(fc.constantFrom(...TRICKY_STRINGS), fc.string({ unit: "grapheme", maxLength: 8 })).map(([a, b]) => a + b),
  );
}

/** A long string, from 1 000 up to `maxLength` characters (default ~100 KB), built by repetition to stay cheap. */
export function hugeString(maxLength = 100_000): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), fc.constantFrom("a", "\u0000", "é", "😀", "{", "[", "\\", "\n")),
      fc.integer({ min: 1_000, max: maxLength }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

export function hostileString(maxLength = 100_000): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: shortHostileString() }, { weight: 1, arbitrary: hugeString(maxLength) });
}

/** Numbers at the edges; NaN and ±Infinity are left out because JSON cannot carry them. */
export function hostileNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(-0, 0, 1, -1, 0.5, 1.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
}

/** An array or object nested 50–500 levels deep, with a hostile leaf. */
export function deepNesting(): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.integer({ min: 50, max: 500 }),
      fc.constantFrom("array", "object", "mixed"),
      fc.constantFrom<string>("a", ...PROTO_KEYS),
      fc.oneof(shortHostileString(16), hostileNumber(), fc.constant(null)),
    )
    .map(([depth, shape, key, leaf]) => {
      let value: unknown = leaf;
      for (let i = 0; i < depth; i++) {
        const asArray = shape === "array" || (shape === "mixed" && i % 2 === 0);
        value = asArray ? [value] : ownObject([[key, value]]);
      }
      return value;
    });
}

/** Long arrays (1 000 – 20 000 items) of one small value or of numbers. */
export function longArray(): fc.Arbitrary<unknown[]> {
  return fc
    .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom<unknown>(0, "x", null, {}, [], -0, "__proto__"))
    .map(([length, item]) => Array.from({ length }, (_, i) => (item === 0 ? i : item)));
}

/** Small JSON objects that carry prototype keys as own properties. */
export function protoKeyObject(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom<string>(...PROTO_KEYS), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 2 })), {
      minLength: 1,
      maxLength: 5,
    })
    .map((entries) => ownObject(entries));
}

/** Any value of any type, weighted towards the cheap ones. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileString() },
    { weight: 4, arbitrary: hostileNumber() },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: protoKeyObject() },
    { weight: 1, arbitrary: deepNesting() },
    { weight: 1, arbitrary: longArray() },
  );
}

/** Keys a caller should not send: prototype keys, and any string. */
export const extraKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom<string>(...PROTO_KEYS), fc.string({ maxLength: 12 }));

/**
 * Arguments for a tool with these fields: each field absent or holding a
 * value of any type, plus a few extra keys (prototype keys among them).
 */
export function hostileArgs(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const perField = fields.map((f) => fc.option(hostileValue(), { nil: undefined, freq: 3 }).map((v) => [f, v] as const));
  return fc
    .tuple(fc.tuple(...perField), fc.array(fc.tuple(extraKey, hostileValue()), { maxLength: 3 }))
    .map(([given, extra]) => ownObject([...given.filter(([, v]) => v !== undefined), ...extra]));
}

/** Arguments whose root is not an object at all; the protocol layer must refuse them. */
export function nonObjectArgs(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), shortHostileString(16), hostileNumber(), fc.boolean());
}

/** Wraps valid field arbitraries so that some cases also get extra (prototype) keys. */
export function withExtraKeys(args: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(args, fc.array(fc.tuple(extraKey, hostileValue()), { maxLength: 2 }))
    .map(([base, extra]) => ownObject([...Object.entries(base), ...extra.filter(([k]) => !Object.prototype.hasOwnProperty.call(base, k))]));
}

/** Builds args from optional fields, dropping the ones the generator left out. */
export function optionalFields(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(shape, { requiredKeys: [] }).map((r) => ownObject(Object.entries(r).filter(([, v]) => v !== undefined)));
}
