/**
 * Personal data in free text (event names, ids) and in field names. One
 * hand-written scanner, linear in the input: each character is looked at a
 * bounded number of times, whatever the text (no regular expressions).
 *
 * Kinds: email addresses; phone numbers (`+` and 7–15 digits, or 3-3-4
 * digit groups such as `555-123-4567` / `(555) 123 4567`); US social
 * security numbers (`123-45-6789`); payment card numbers (13–19 digits,
 * bare or in space/dash groups, passing the Luhn check); IPv4 addresses.
 */
import { nameWords } from "./words.js";

export type PersonalDataKind = "email" | "phone" | "ssn" | "card_number" | "ip_address";

export interface PersonalDataHit {
  kind: PersonalDataKind;
  /** Offsets into the text: [start, end). */
  start: number;
  end: number;
}

/** How each kind reads in a sentence. */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  email: "an email address",
  phone: "a phone number",
  ssn: "what looks like a social security number",
  card_number: "what looks like a payment card number",
  ip_address: "an IP address",
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** Local-part characters of an address found inside other text (`_` separates words in names, so it ends one). */
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 37 || c === 43 || c === 45; // . % + -
}
function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 46;
}

/** The Luhn checksum of a digit string (payment card numbers pass it). */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(digits.length - 1 - i);
    if (!isDigit(c)) return false;
    let d = c - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Emails: from each `@`, extend over local characters left and domain characters right. */
function scanEmails(text: string, hits: PersonalDataHit[]): void {
  let from = 0;
  for (;;) {
    const at = text.indexOf("@", from);
    if (at < 0) return;
    from = at + 1;
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    while (start < at && text.charCodeAt(start) === 46) start++;
    if (start === at) continue;
    let end = at + 1;
    while (end < text.length && end - at <= 255 && isDomainChar(text.charCodeAt(end))) end++;
    // The domain ends in a dot-separated top-level label of 2+ letters; trailing dots/dashes are not part of it.
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    let lastDot = end - 1;
    while (lastDot > at && text.charCodeAt(lastDot) !== 46) lastDot--;
    if (lastDot <= at + 1 || end - lastDot - 1 < 2) continue;
    let tldLetters = true;
    for (let i = lastDot + 1; i < end; i++) {
      const c = text.charCodeAt(i) | 32;
      if (c < 97 || c > 122) tldLetters = false;
    }
    if (!tldLetters || text.charCodeAt(at + 1) === 46 || text.charCodeAt(at + 1) === 45) continue;
    hits.push({ kind: "email", start, end });
    from = end;
  }
}

interface DigitGroup {
  start: number;
  end: number;
  /** Separator text before this group (empty for the first one). */
  sep: string;
}

const NUMBER_SEPARATORS = " -.()";
const MAX_WINDOW = 7;

function windowDigits(text: string, groups: readonly DigitGroup[], from: number, to: number): string {
  let s = "";
  for (let g = from; g <= to; g++) s += text.slice(groups[g]!.start, groups[g]!.end);
  return s;
}

function lengthOf(groups: readonly DigitGroup[], g: number): number {
  return groups[g]!.end - groups[g]!.start;
}

/** True when groups (from, to] all have separator `sep` (or, with sep undefined, one shared separator). */
function sameSeparator(groups: readonly DigitGroup[], from: number, to: number, sep?: string): boolean {
  const want = sep ?? groups[from + 1]?.sep;
  for (let g = from + 1; g <= to; g++) if (groups[g]!.sep !== want) return false;
  return true;
}

function is334(groups: readonly DigitGroup[], from: number, count: number): boolean {
  return count === 3 && lengthOf(groups, from) === 3 && lengthOf(groups, from + 1) === 3 && lengthOf(groups, from + 2) === 4;
}

/** Classifies the groups [from, to] of one run of digits (`digits` in all), or undefined. No allocation on the common paths. */
function classifyWindow(text: string, groups: readonly DigitGroup[], from: number, to: number, digits: number, plusBefore: boolean): PersonalDataKind | undefined {
  const count = to - from + 1;
  let dotted = false;
  for (let g = from + 1; g <= to; g++) if (groups[g]!.sep.includes(".")) dotted = true;
  if (dotted) {
    if (count === 4 && sameSeparator(groups, from, to, ".")) {
      for (let g = from; g <= to; g++) {
        if (lengthOf(groups, g) > 3 || Number(text.slice(groups[g]!.start, groups[g]!.end)) > 255) return undefined;
      }
      return "ip_address";
    }
    // Dots belong to IPs, versions and decimals; a phone written with dots is 3.3.4 only.
    return is334(groups, from, count) && sameSeparator(groups, from, to, ".") ? "phone" : undefined;
  }
  if (count === 3 && lengthOf(groups, from) === 3 && lengthOf(groups, from + 1) === 2 && lengthOf(groups, from + 2) === 4) {
    if (sameSeparator(groups, from, to, "-") || sameSeparator(groups, from, to, " ")) return "ssn";
  }
  if (digits >= 13 && digits <= 19) {
    // Card numbers start with 2–6 (Mastercard, Visa, Amex, Discover, JCB…): millisecond timestamps (1…) never pass.
    const first = text.charCodeAt(groups[from]!.start) - 48;
    let cardShaped = count === 1;
    if (!cardShaped && (sameSeparator(groups, from, to, " ") || sameSeparator(groups, from, to, "-"))) {
      cardShaped = true;
      for (let g = from; g <= to; g++) if (lengthOf(groups, g) < 4) cardShaped = false;
    }
    if (first >= 2 && first <= 6 && cardShaped && luhnValid(windowDigits(text, groups, from, to))) return "card_number";
  }
  if (plusBefore && digits >= 7 && digits <= 15 && text.charCodeAt(groups[from]!.start) !== 48) return "phone";
  if (is334(groups, from, count)) return "phone";
  return undefined;
}

/** Runs of digit groups joined by short separators; each run is tried in windows of up to 7 groups. */
function scanNumbers(text: string, hits: PersonalDataHit[]): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const groups: DigitGroup[] = [];
    let j = i;
    let sep = "";
    for (;;) {
      const start = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      groups.push({ start, end: j, sep });
      let k = j;
      while (k < n && k - j < 2 && NUMBER_SEPARATORS.includes(text[k]!)) k++;
      if (k === j || k >= n || !isDigit(text.charCodeAt(k)) || groups.length >= 64) break;
      sep = text.slice(j, k);
      j = k;
    }
    // From each group, the longest window that is personal data wins; hits do not overlap.
    let g = 0;
    while (g < groups.length) {
      const gStart = groups[g]!.start;
      const before = gStart > 0 ? text.charCodeAt(gStart - 1) : 0;
      const plusBefore = before === 43 || (before === 40 && gStart > 1 && text.charCodeAt(gStart - 2) === 43);
      // Digits after a decimal point (1.555-123-4567) belong to a number.
      const gluedLeft = g === 0 && before === 46 && gStart > 1 && isDigit(text.charCodeAt(gStart - 2));
      let matched = -1;
      let kind: PersonalDataKind | undefined;
      if (!gluedLeft) {
        let digits = 0;
        for (let to = g; to < groups.length && to < g + MAX_WINDOW; to++) {
          digits += lengthOf(groups, to);
          if (digits > 19) break;
          const count = to - g + 1;
          if (count !== 3 && count !== 4 && digits < 7) continue;
          const k = classifyWindow(text, groups, g, to, digits, plusBefore);
          if (k) {
            kind = k;
            matched = to;
          }
        }
      }
      if (kind && matched >= 0) {
        const start = plusBefore ? (before === 43 ? gStart - 1 : gStart - 2) : gStart;
        hits.push({ kind, start, end: groups[matched]!.end });
        g = matched + 1;
      } else g++;
    }
    i = Math.max(j, i + 1);
  }
}

/**
 * Every piece of personal data in a text, in order of position. Emails are
 * found first; digits inside an email are not looked at again.
 */
export function findPersonalData(text: string): PersonalDataHit[] {
  const emails: PersonalDataHit[] = [];
  scanEmails(text, emails);
  const numbers: PersonalDataHit[] = [];
  scanNumbers(text, numbers);
  const out: PersonalDataHit[] = [];
  let e = 0;
  for (const hit of numbers) {
    while (e < emails.length && emails[e]!.end <= hit.start) out.push(emails[e++]!);
    const inside = e < emails.length && emails[e]!.start < hit.end && hit.start < emails[e]!.end;
    if (!inside) out.push(hit);
  }
  while (e < emails.length) out.push(emails[e++]!);
  return out;
}

/** The distinct kinds of personal data in a text, in a fixed order (email, ssn, card_number, phone, ip_address). */
export function personalDataKinds(text: string): PersonalDataKind[] {
  const found = new Set(findPersonalData(text).map((h) => h.kind));
  return (["email", "ssn", "card_number", "phone", "ip_address"] as const).filter((k) => found.has(k));
}

/**
 * The verdict of pii_in_event_name, one rule for every tool: the kinds of
 * personal data an event name holds (every kind above counts; a bare run of
 * digits does not, since it matches none of them). check_payload,
 * lookup_customer and audit_code all call this.
 */
export function personalDataInEventName(name: string): PersonalDataKind[] {
  return personalDataKinds(name);
}

/** The text with each piece of personal data replaced: `[email]`, `[phone]`… or one fixed `placeholder`. */
export function maskPersonalData(text: string, placeholder?: string): string {
  const hits = findPersonalData(text);
  if (hits.length === 0) return text;
  let out = "";
  let at = 0;
  for (const h of hits) {
    out += text.slice(at, h.start) + (placeholder ?? `[${h.kind === "ip_address" ? "ip" : h.kind === "card_number" ? "card" : h.kind}]`);
    at = h.end;
  }
  return out + text.slice(at);
}

// ------------------------------------------------------------ field names

const PERSONAL_WORDS = new Set([
  "email",
  "emails",
  "mail",
  "phone",
  "mobile",
  "msisdn",
  "cell",
  "telephone",
  "address",
  "street",
  "zip",
  "postcode",
  "ssn",
  "passport",
  "birthday",
  "birthdate",
  "dob",
  "firstname",
  "lastname",
  "fullname",
  "surname",
  "ip",
]);
/** Words that make the field about the data rather than the data itself: `email_id`, `phone_count`, `email_domain`. */
const NOT_PERSONAL_LAST = new Set(["id", "ids", "count", "type", "domain", "verified", "enabled", "status", "template", "opt", "optin"]);
const NAME_OWNERS = new Set(["first", "last", "full", "user", "customer", "display", "given", "family", "real", "contact", "person", "sur", "middle"]);

/**
 * Whether a field or variable name holds personal data: `email`,
 * `userEmail`, `phone_number`, `first_name`, `customer.name` (pass `owner`
 * for the object the name belongs to), `date_of_birth`, `ssn`, `ip`. Names
 * about the data (`email_id`, `phone_count`, `email_domain`) are not.
 */
export function isPersonalFieldName(name: string, owner?: string): boolean {
  const words = nameWords(name, 200);
  const last = words[words.length - 1];
  if (last === undefined || NOT_PERSONAL_LAST.has(last)) return false;
  if (words.some((w) => PERSONAL_WORDS.has(w))) return true;
  if (words.includes("birth")) return true;
  const nameIdx = words.indexOf("name");
  if (nameIdx > 0 && NAME_OWNERS.has(words[nameIdx - 1]!)) return true;
  if (words.length === 1 && last === "name" && owner !== undefined) {
    const ownerWords = nameWords(owner, 200);
    const o = ownerWords[ownerWords.length - 1];
    return o !== undefined && ["user", "customer", "person", "member", "contact", "profile", "recipient", "account", "owner", "buyer", "lead"].includes(o);
  }
  return false;
}
