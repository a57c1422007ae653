/**
 * Identifiers: email addresses (valid, or merely email-looking where an id
 * belongs), E.164 phone numbers, cio_id path identifiers, and address lists.
 * Every check scans by hand or on a bounded string: linear on any input.
 */

/** Longest address that RFC 5321 allows in a path. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Characters that never appear unquoted in a local part (plus controls and spaces). */
const LOCAL_FORBIDDEN = new Set([..."@<>()[]\\,;:\""].map((c) => c.charCodeAt(0)));

function isLocalChar(c: number): boolean {
  return c > 32 && c !== 127 && !LOCAL_FORBIDDEN.has(c);
}

/** Unicode letter or digit, one code point (labels are at most 63 characters, so this is bounded). */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const LETTER = /^\p{L}$/u;

function isLabel(label: string): boolean {
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) return false;
  const chars = Array.from(label);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "-") {
      if (i === 0 || i === chars.length - 1) return false;
    } else if (!LETTER_OR_DIGIT.test(ch)) return false;
  }
  return true;
}

function isTopLevelLabel(label: string): boolean {
  if (label.startsWith("xn--")) return isLabel(label) && label.length >= 5;
  const chars = Array.from(label);
  return chars.length >= 2 && chars.length <= MAX_LABEL_LENGTH && chars.every((ch) => LETTER.test(ch));
}

/**
 * A deliverable-looking address `local@domain.tld` (Unicode allowed): one
 * `@`, a local part of at most 64 characters without spaces, brackets or
 * quotes and without leading, trailing or doubled dots, and a domain of
 * at least two labels ending in a letters-only (or `xn--`) top-level label.
 */
export function isValidEmail(text: string): boolean {
  if (text.length < 6 || text.length > MAX_EMAIL_LENGTH) return false;
  const at = text.indexOf("@");
  if (at <= 0 || at !== text.lastIndexOf("@") || at > MAX_LOCAL_LENGTH) return false;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (!isLocalChar(c)) return false;
    if (c === 46 /* . */ && (i === 0 || i === at - 1 || text.charCodeAt(i - 1) === 46)) return false;
  }
  const labels = text.slice(at + 1).split(".");
  if (labels.length < 2) return false;
  for (let i = 0; i < labels.length - 1; i++) if (!isLabel(labels[i]!)) return false;
  return isTopLevelLabel(labels[labels.length - 1]!);
}

/** True when the whole value (spaces around it aside) is an email address: an email where an id belongs. */
export function looksLikeEmail(text: string): boolean {
  if (!text.includes("@") || text.length > MAX_EMAIL_LENGTH + 64) return false;
  return isValidEmail(text.trim());
}

/**
 * E.164: `+`, a country code that does not start with 0, and 7 to 15 digits
 * in all, nothing else (no spaces, dashes or brackets).
 */
export function isE164Phone(text: string): boolean {
  if (text.length < 8 || text.length > 16 || text.charCodeAt(0) !== 43 /* + */) return false;
  if (text.charCodeAt(1) === 48 /* 0 */) return false;
  for (let i = 1; i < text.length; i++) if (!isAsciiDigit(text.charCodeAt(i))) return false;
  return true;
}

/** A phone written with spaces, dashes, dots or brackets, squeezed to `+digits` (or undefined when it is not one). */
export function toE164(text: string): string | undefined {
  if (text.length > 40) return undefined;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (isAsciiDigit(ch.charCodeAt(0)) || (ch === "+" && out === "")) out += ch;
    else if (!" -.()".includes(ch)) return undefined;
  }
  return isE164Phone(out) ? out : undefined;
}

/** `cio_<id>`: the Track API's way to address a person by Customer.io's own id in a URL path. */
export function isCioPathIdentifier(text: string): boolean {
  return text.length > 4 && text.startsWith("cio_");
}

/** True for a key that can stand bare in a path (`a.b`): ASCII letters, digits, `_`, `$`, not starting with a digit. */
export function isBareKeyName(text: string): boolean {
  if (text.length === 0 || text.length > 200) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = isAsciiLetter(c) || c === 95 || c === 36 || (i > 0 && isAsciiDigit(c));
    if (!ok) return false;
  }
  return true;
}

/** Visits each address of a list: commas inside quotes and angle brackets do not split. */
function eachAddress(list: string, visit: (start: number, end: number) => boolean): void {
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < list.length; i++) {
    const ch = list.charCodeAt(i);
    if (ch === 34 /* " */ && !angle) quoted = !quoted;
    else if (ch === 60 /* < */ && !quoted) angle = true;
    else if (ch === 62 /* > */ && !quoted) angle = false;
    else if (ch === 44 /* , */ && !quoted && !angle) {
      if (!visit(start, i)) return;
      start = i + 1;
    }
  }
  visit(start, list.length);
}

/**
 * Splits an address list on commas outside quotes and angle brackets, so
 * `"Doe, Jane" <jane@example.com>, bob@example.com` is two recipients.
 * Returns at most `max` entries, trimmed.
 */
export function splitAddressList(list: string, max = 50): string[] {
  const parts: string[] = [];
  eachAddress(list, (start, end) => {
    parts.push(list.slice(start, end).trim());
    return parts.length < max;
  });
  return parts;
}

/** How many non-empty addresses a list holds (the whole list is counted, nothing is copied). */
export function countAddresses(list: string): number {
  let n = 0;
  eachAddress(list, (start, end) => {
    for (let i = start; i < end; i++) {
      if (list.charCodeAt(i) > 32) {
        n++;
        break;
      }
    }
    return true;
  });
  return n;
}

/** The address inside `Name <addr>`, or the whole text. */
export function addressOf(entry: string): string {
  const trimmed = entry.trim();
  const open = trimmed.lastIndexOf("<");
  if (open >= 0 && trimmed.endsWith(">")) return trimmed.slice(open + 1, -1).trim();
  return trimmed;
}
