/**
 * Timestamps: which keys hold a point in time, and what a value in them is
 * (Unix seconds, milliseconds or finer, an ISO-8601 string with or without
 * a zone). Customer.io's Track and App APIs read dates as Unix seconds; the
 * Pipelines API wants ISO-8601 strings. Linear, hand-scanned, bounded.
 */
import { MILLISECOND_TIMESTAMP_THRESHOLD } from "../knowledge/limits.js";
import { nameWords } from "./words.js";

export { MILLISECOND_TIMESTAMP_THRESHOLD };

/** Keys longer than this are never timestamp keys (and are not scanned). */
const MAX_KEY_LENGTH = 200;

/** Last words that name a point in time: created_at, last_seen_on, signupDate, ts, _timestamp, lastLoginTime. */
const TIME_WORDS = new Set(["at", "on", "ts", "time", "date", "datetime", "timestamp", "epoch"]);

/**
 * Whether a key holds a point in time. One definition for every tool:
 * the last word of the key (split at `_`, `-`, `.`, spaces and camelCase
 * humps) is at / on / ts / time / date / datetime / timestamp / epoch, or
 * the key ends in `last_used` (device records). `signupDate`, `last_seen_on`,
 * `ts`, `created_at`, `createdAt`, `_timestamp`, `sent_at` are; `data`,
 * `status`, `format`, `update` are not.
 */
export function isTimestampKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  const words = nameWords(key);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (TIME_WORDS.has(last)) return true;
  return last === "used" && words[words.length - 2] === "last";
}

/** A finite number, or a string holding only a decimal number (at most 32 characters). */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.length > 64) return undefined;
  const t = value.trim();
  if (t.length === 0 || t.length > 32) return undefined;
  let i = t.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot && digits > 0 && i < t.length - 1) dot = true;
    else return undefined;
  }
  if (digits === 0) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export type NumericTimeUnit = "seconds" | "milliseconds" | "microseconds" | "nanoseconds";

/**
 * The unit a Unix time number is most likely in. Seconds up to 1e11 (year
 * 5138); milliseconds up to 1e14; microseconds up to 1e17; beyond that
 * nanoseconds. Everything above seconds is what `millisecond_timestamp` means:
 * too large to be read as seconds.
 */
export function numericTimeUnit(n: number): NumericTimeUnit {
  const a = Math.abs(n);
  if (a <= MILLISECOND_TIMESTAMP_THRESHOLD) return "seconds";
  if (a <= 1e14) return "milliseconds";
  if (a <= 1e17) return "microseconds";
  return "nanoseconds";
}

/** True for values too large to be Unix seconds: milliseconds (or finer). */
export function isMillisecondTimestamp(value: unknown): boolean {
  const n = numericValue(value);
  return n !== undefined && n > MILLISECOND_TIMESTAMP_THRESHOLD;
}

/** The Unix seconds a too-large number most likely means (milliseconds ÷ 1000, and so on). */
export function toUnixSeconds(n: number): number {
  switch (numericTimeUnit(n)) {
    case "seconds":
      return n;
    case "milliseconds":
      return n / 1e3;
    case "microseconds":
      return n / 1e6;
    default:
      return n / 1e9;
  }
}

/** `2026-01-02T03:04:05Z` for Unix seconds, or null when out of range. */
export function isoFromUnix(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return null;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.000Z$/, "Z");
}

/** `read as seconds: year 55,969; as milliseconds: 2024-01-01T00:00:00Z` — what a too-large value does. */
export function describeMilliseconds(n: number): string {
  const yearAsSeconds = Math.floor(1970 + n / 31_556_952);
  const meant = isoFromUnix(toUnixSeconds(n));
  const unit = numericTimeUnit(n);
  const meantText = meant && unit !== "seconds" ? `; as ${unit}: ${meant}` : "";
  return `read as seconds: year ${yearAsSeconds.toLocaleString("en-US")}${meantText}`;
}

// ---------------------------------------------------------------- ISO-8601

export interface IsoTimestamp {
  /** Milliseconds since the epoch. */
  epochMs: number;
  /** `utc` (Z or +00:00), `offset` (a shifted local time with its offset), `none` (no zone: ambiguous local time). */
  zone: "utc" | "offset" | "none";
  /** Minutes east of UTC (0 for utc and none). */
  offsetMinutes: number;
  /** True when only a date was given (no time of day). */
  dateOnly: boolean;
}

const MAX_ISO_LENGTH = 40;

function digitsAt(text: string, at: number, count: number): number | undefined {
  if (at + count > text.length) return undefined;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO-8601 / RFC 3339 date-time in extended format:
 * `YYYY-MM-DD`, optionally `THH:MM[:SS[.fraction]]` and a zone (`Z`,
 * `±HH:MM`, `±HHMM`, `±HH`). A space may stand for `T`. Undefined when the
 * text is not one (numbers, other formats, impossible dates).
 */
export function parseIsoTimestamp(text: string): IsoTimestamp | undefined {
  if (text.length < 10 || text.length > MAX_ISO_LENGTH) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (text[4] !== "-" || text[7] !== "-") return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (text.length === 10) return { epochMs: Date.UTC(year, month - 1, day), zone: "none", offsetMinutes: 0, dateOnly: true };
  const sep = text[10];
  if (sep !== "T" && sep !== "t" && sep !== " ") return undefined;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (hour === undefined || minute === undefined || text[13] !== ":") return undefined;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (text[i] === ":") {
    const s = digitsAt(text, i + 1, 2);
    if (s === undefined) return undefined;
    second = s;
    i += 3;
    if (text[i] === "." || text[i] === ",") {
      let j = i + 1;
      let frac = "";
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) frac += text[j++];
      if (frac.length === 0 || frac.length > 9) return undefined;
      ms = Number(frac.slice(0, 3).padEnd(3, "0"));
      i = j;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let zone: IsoTimestamp["zone"] = "none";
  let offsetMinutes = 0;
  const rest = text.slice(i);
  if (rest === "Z" || rest === "z") zone = "utc";
  else if (rest.length > 0) {
    const sign = rest[0] === "+" ? 1 : rest[0] === "-" || rest[0] === "−" ? -1 : 0;
    if (sign === 0) return undefined;
    const oh = digitsAt(rest, 1, 2);
    let om: number | undefined = 0;
    if (rest.length === 6 && rest[3] === ":") om = digitsAt(rest, 4, 2);
    else if (rest.length === 5) om = digitsAt(rest, 3, 2);
    else if (rest.length !== 3) return undefined;
    if (oh === undefined || om === undefined || oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
    zone = offsetMinutes === 0 ? "utc" : "offset";
  }
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offsetMinutes * 60_000;
  return { epochMs, zone, offsetMinutes, dateOnly: false };
}

export type TimestampKind =
  | "seconds"
  | "milliseconds"
  | "iso"
  | "iso_local"
  | "not_a_timestamp";

export interface TimestampReading {
  kind: TimestampKind;
  /** The Unix seconds the value most likely means, when it is a time at all. */
  seconds?: number;
  /** For numbers above seconds: the unit they are most likely in. */
  unit?: NumericTimeUnit;
  /** For ISO strings: the parsed parts. */
  iso?: IsoTimestamp;
}

/**
 * What a value in a timestamp field is: Unix seconds, a number too large to
 * be seconds (`milliseconds`, also covering micro- and nanoseconds; see
 * `unit`), an ISO-8601 string with a zone (`iso`) or without one
 * (`iso_local`: a local time read as UTC, so shifted by the sender's
 * timezone), or none of these.
 */
export function readTimestamp(value: unknown): TimestampReading {
  const n = numericValue(value);
  if (n !== undefined) {
    const unit = numericTimeUnit(n);
    return unit === "seconds" ? { kind: "seconds", seconds: n } : { kind: "milliseconds", unit, seconds: toUnixSeconds(n) };
  }
  if (typeof value === "string") {
    const iso = parseIsoTimestamp(value.trim());
    if (iso) return { kind: iso.zone === "none" && !iso.dateOnly ? "iso_local" : "iso", seconds: iso.epochMs / 1000, iso };
  }
  return { kind: "not_a_timestamp" };
}
