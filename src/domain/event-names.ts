/**
 * Event names: their spelling convention, one normal form for comparison,
 * near-miss spellings, and variable parts (ids, numbers, dates, emails,
 * template leftovers) that make every call a new event name. Names are
 * analysed on their first 256 characters: longer ones are already over
 * Customer.io's 100-byte limit, and the bound keeps every check linear.
 */
import { maskPersonalData } from "./personal-data.js";
import { nameWords } from "./words.js";

/** Characters of a name that are analysed. */
export const EVENT_NAME_ANALYSIS_CHARS = 256;

function bounded(name: string): string {
  return name.length > EVENT_NAME_ANALYSIS_CHARS ? name.slice(0, EVENT_NAME_ANALYSIS_CHARS) : name;
}

export type EventNameConvention =
  | "snake_case"
  | "camelCase"
  | "PascalCase"
  | "kebab-case"
  | "dot.case"
  | "SCREAMING_CASE"
  | "Title Case"
  | "spaces"
  | "mixed";

/**
 * The spelling convention of a name, or null for one lower-case word
 * (`signup`), which fits snake_case and every other lower-case convention.
 * `order_placed` snake_case, `orderPlaced` camelCase, `OrderPlaced`
 * PascalCase, `order-placed` kebab-case, `order.placed` dot.case,
 * `ORDER_PLACED` SCREAMING_CASE, `Order Placed` Title Case, `order placed`
 * spaces; anything else mixed.
 */
export function eventNameConvention(name: string): EventNameConvention | null {
  const text = bounded(name.trim());
  if (text === "") return "mixed";
  let upper = 0;
  let lower = 0;
  let other = 0;
  const seps = { " ": 0, _: 0, "-": 0, ".": 0 } as Record<string, number>;
  let doubledSep = false;
  let prevSep = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) {
      /* digits fit every convention */
    } else if (ch in seps) {
      seps[ch]!++;
      if (prevSep) doubledSep = true;
      prevSep = true;
      continue;
    } else other++;
    prevSep = false;
  }
  if (prevSep) doubledSep = true;
  const sepKinds = Object.values(seps).filter((n) => n > 0).length;
  if (other > 0 || sepKinds > 1 || doubledSep) {
    if (other === 0 && seps[" "]! > 0 && sepKinds === 1) return "spaces";
    return "mixed";
  }
  if (seps[" "]! > 0) {
    const words = text.split(" ");
    const titled = words.every((w) => {
      const c = w.charCodeAt(0);
      return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    });
    return titled && upper > 0 ? "Title Case" : "spaces";
  }
  const first = text.charCodeAt(0);
  const startsUpper = first >= 65 && first <= 90;
  if (seps._! > 0) {
    if (upper === 0) return "snake_case";
    if (lower === 0) return "SCREAMING_CASE";
    return "mixed";
  }
  if (seps["-"]! > 0) return upper === 0 ? "kebab-case" : "mixed";
  if (seps["."]! > 0) return upper === 0 ? "dot.case" : "mixed";
  if (upper === 0) return null;
  if (lower === 0) return text.length > 1 ? "SCREAMING_CASE" : "PascalCase";
  return startsUpper ? "PascalCase" : "camelCase";
}

/** How a name departs from snake_case in words, or undefined when it fits snake_case. */
export function describeEventNameStyle(name: string): string | undefined {
  const convention = eventNameConvention(name);
  switch (convention) {
    case null:
    case "snake_case":
      return undefined;
    case "spaces":
      return "contains spaces";
    case "Title Case":
      return "is Title Case (capitalised words with spaces)";
    case "kebab-case":
      return "is kebab-case (hyphens)";
    case "dot.case":
      return "uses dots";
    case "PascalCase":
      return "is PascalCase";
    case "camelCase":
      return "is camelCase";
    case "SCREAMING_CASE":
      return "is UPPER_CASE";
    default:
      return /[A-Z]/.test(bounded(name)) && /[a-z]/.test(bounded(name))
        ? "mixes upper and lower case"
        : "contains characters other than lowercase letters, digits and underscores";
  }
}

/** The snake_case spelling of a name: `OrderPlaced` → `order_placed`. */
export function toSnakeCase(name: string): string {
  return nameWords(bounded(name)).join("_");
}

/**
 * One normal form for comparing names: case, separators and camelCase humps
 * ignored. `SignedUp`, `signed_up`, `signed-up`, `Signed Up` → `signedup`.
 */
export function normalizeEventName(name: string): string {
  return nameWords(bounded(name)).join("");
}

/** True when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours. Linear. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

export type EventNameRelation = "identical" | "spelling" | "near_miss" | "different";

/** Normal forms shorter than this are never called near misses (`open` vs `opens` are different events). */
const NEAR_MISS_MIN_LENGTH = 6;

/**
 * How two names relate: `identical`; `spelling` when they are the same name
 * written in another convention (`orderPlaced` vs `order_placed`);
 * `near_miss` when their normal forms differ by one character
 * (`order_complete` vs `order_completed`, `sign_up` vs `sigunp`);
 * otherwise `different`. A campaign trigger matches only `identical`.
 */
export function compareEventNames(a: string, b: string): EventNameRelation {
  if (a === b) return "identical";
  const na = normalizeEventName(a);
  const nb = normalizeEventName(b);
  if (na === "" || nb === "") return "different";
  if (na === nb) return "spelling";
  if (Math.min(na.length, nb.length) >= NEAR_MISS_MIN_LENGTH && withinOneEdit(na, nb)) return "near_miss";
  return "different";
}

/** Distinct names that are another spelling or a near miss of `expected`. */
export function eventNameVariants(names: readonly string[], expected: string): string[] {
  const want = expected.trim();
  return [...new Set(names)].filter((n) => {
    const relation = compareEventNames(n.trim(), want);
    return relation === "spelling" || relation === "near_miss";
  });
}

/** Groups of two or more distinct spellings (same normal form) of the same event. */
export function inconsistentEventNames(names: readonly string[]): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const n of names) {
    const key = normalizeEventName(n);
    if (!key) continue;
    const set = groups.get(key) ?? new Set<string>();
    set.add(n);
    groups.set(key, set);
  }
  return [...groups.values()].filter((s) => s.size > 1).map((s) => [...s]);
}

// ------------------------------------------------------------ dynamic parts

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /(?<!\d)(?:19|20)\d\d[-_/.]?(?:0[1-9]|1[0-2])[-_/.]?(?:0[1-9]|[12]\d|3[01])(?!\d)/;
const LONG_NUMBER = /\d{4,}/;
const LONG_HEX = /[0-9a-f]{12,}/i;
const TEMPLATE_LEFTOVER = /\$\{|\{\{|%[sd]|\[object Object\]/;

export interface DynamicPart {
  /** What the part is, in words: `a UUID`, `a number (…)`. */
  kind: string;
  /** The part itself, as found in the name. */
  part: string;
}

function alnumTokens(text: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum && start < 0) start = i;
    else if (!alnum && start >= 0) {
      tokens.push(text.slice(start, i));
      start = -1;
    }
  }
  return tokens;
}

function letterDigitSwitches(token: string): number {
  let n = 0;
  for (let i = 1; i < token.length; i++) {
    const a = token.charCodeAt(i - 1) <= 57;
    const b = token.charCodeAt(i) <= 57;
    if (a !== b) n++;
  }
  return n;
}

/**
 * The variable part of one event name, if any: an unfilled template
 * (`${`, `{{`, `%s`, `[object Object]`), an `undefined`/`null`/`NaN` left by
 * a missing value, a UUID, a date, a hex id, a number of
 * four or more digits, or a random-looking id (letters and digits switching
 * three times or more).
 */
export function dynamicPartOfEventName(name: string): DynamicPart | undefined {
  const text = bounded(name);
  const hit = (re: RegExp) => re.exec(text)?.[0];
  let part = hit(TEMPLATE_LEFTOVER);
  if (part) return { kind: "an unfilled template placeholder", part };
  const tokens = alnumTokens(text);
  // "null"/"NaN" only at the end, so names like null_pointer_error stay clean.
  const last = tokens[tokens.length - 1] ?? "";
  const missing =
    tokens.find((t) => t.toLowerCase() === "undefined") ??
    (last.toLowerCase() === "null" || last.toLowerCase() === "nan" ? last : undefined);
  if (missing) return { kind: `a "${missing}" left by a missing value`, part: missing };
  if ((part = hit(UUID))) return { kind: "a UUID", part };
  if ((part = hit(ISO_DATE))) return { kind: "a date", part };
  if ((part = hit(LONG_HEX)) && /\d/.test(part) && /[a-f]/i.test(part)) return { kind: "a hex id", part };
  if ((part = hit(LONG_NUMBER))) return { kind: "a number (an id, SKU, year or timestamp)", part };
  for (const token of tokens) {
    if (token.length >= 6 && letterDigitSwitches(token) >= 3) return { kind: "a random-looking id", part: token };
  }
  return undefined;
}

const SHAPE_SEPARATORS = " \t\n_-.:/#|";

/**
 * The name with its variable parts replaced by `{id}`: personal data
 * (emails, phones…) first, then every separator-delimited token that holds
 * a digit. `order_123_paid` and `order_456_paid` share `order_{id}_paid`.
 */
export function eventNameShape(name: string): string {
  const masked = maskPersonalData(bounded(name), "{id}");
  let out = "";
  let token = "";
  let tokenHasDigit = false;
  const flush = () => {
    out += tokenHasDigit && token !== "{id}" ? "{id}" : token;
    token = "";
    tokenHasDigit = false;
  };
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i]!;
    if (SHAPE_SEPARATORS.includes(ch)) {
      flush();
      out += ch;
    } else {
      token += ch;
      const c = ch.charCodeAt(0);
      if (c >= 48 && c <= 57) tokenHasDigit = true;
    }
  }
  flush();
  return out;
}

export interface DynamicNameGroup {
  /** The shared shape, `{id}` for the variable parts. */
  pattern: string;
  names: string[];
}

/**
 * Names that carry variable parts: a name with a dynamic part of its own
 * (`dynamicPartOfEventName`), or `minGroup`+ distinct names of one shape.
 */
export function findDynamicEventNames(names: readonly string[], minGroup = 3): DynamicNameGroup[] {
  const groups = new Map<string, { names: Set<string>; single: boolean }>();
  for (const n of new Set(names)) {
    const shape = eventNameShape(n);
    const single = dynamicPartOfEventName(n) !== undefined;
    if (!shape.includes("{id}") && !single) continue;
    const group = groups.get(shape) ?? { names: new Set<string>(), single: false };
    group.names.add(n);
    group.single ||= single;
    groups.set(shape, group);
  }
  const out: DynamicNameGroup[] = [];
  for (const [pattern, group] of groups) {
    if (group.names.size >= minGroup || group.single) out.push({ pattern, names: [...group.names] });
  }
  return out.sort((a, b) => b.names.length - a.names.length);
}
