/**
 * Secrets never leave the process: an API key is shown as at most its last
 * four characters, and every string that leaves the process passes through
 * `redact()` (the MCP transport and the CLI's writer call it; see
 * src/server.ts and src/cli/io.ts), which masks
 *
 * - every configured secret and its encodings (URL-encoded, base64, the
 *   base64 Basic pair `user:key`, JSON-escaped), and any run of 8 or more
 *   characters of one of them (an excerpt clipped or split mid-key);
 * - the value of an `Authorization:` / `Proxy-Authorization:` header;
 * - a credential after `Basic` or `Bearer`, but never an ordinary word
 *   (`Basic site_id:track_key` in a sentence stays as written);
 * - the userinfo of a URL (`https://user:pass@host`).
 *
 * Everything is scanned by hand in one pass per rule (no regular expression
 * runs on the text), so the cost is linear in the length of the text
 * whatever it holds.
 */

/** `…wxyz` for a key; short values show nothing of themselves. */
export function maskSecret(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  if (value.length < 12) return "…";
  return `…${value.slice(-4)}`;
}

export const REDACTED = "[redacted]";

/** A run this long of a secret is masked wherever it appears. */
const PIECE = 8;
/** Polynomial base of the rolling hash over PIECE characters (arithmetic mod 2^32). */
const BASE = 0x01000193;
const BASE_POW = (() => {
  let p = 1;
  for (let i = 0; i < PIECE - 1; i++) p = Math.imul(p, BASE);
  return p;
})();

/** Builds every encoding of a secret that could plausibly end up in text. */
function variants(secret: string): string[] {
  const out = new Set<string>([secret]);
  try {
    out.add(encodeURIComponent(secret));
    out.add(Buffer.from(secret).toString("base64"));
    out.add(Buffer.from(secret).toString("base64url"));
    // Inside a longer base64 text (a Basic pair with another user, a header encoded whole) the key
    // can start at any of the three byte offsets of a base64 group: the characters that depend on
    // the key's bytes alone, for each offset.
    for (const shift of [1, 2]) {
      const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret)]).toString("base64");
      out.add(encoded.slice(4, -4));
    }
    out.add(JSON.stringify(secret).slice(1, -1));
  } catch {
    /* a lone surrogate cannot be URL-encoded: the other forms still count */
  }
  return [...out].filter((v) => v.length >= 4);
}

function hashAt(text: string, at: number): number {
  let h = 0;
  for (let i = 0; i < PIECE; i++) h = (Math.imul(h, BASE) + text.charCodeAt(at + i)) | 0;
  return h;
}

// Character classes, by code unit (ASCII only; anything else ends a token).
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
/** Characters of a token68 credential (RFC 7235) and of JWTs / API keys. */
const isTokenChar = (c: number) => isAlnum(c) || c === 43 || c === 47 || c === 61 || c === 46 || c === 95 || c === 126 || c === 45;
const isSpace = (c: number) => c === 32 || c === 9;
const isVowel = (c: number) => "aeiouyAEIOUY".includes(String.fromCharCode(c));

/**
 * Whether a token after `Basic`/`Bearer` is an ordinary word (or a name made
 * of words, like `site_id` or `CUSTOMERIO_APP_API_KEY`) rather than a
 * credential: only letters in segments split by `_ - .`, each short, with a
 * vowel, and no long run of consonants. Credentials carry digits or `+/=`,
 * or are long runs of letters no language spells.
 */
export function isOrdinaryWord(token: string): boolean {
  if (token.length === 0) return true;
  let segment = 0;
  let vowel = false;
  let consonants = 0;
  for (let i = 0; i <= token.length; i++) {
    const c = i < token.length ? token.charCodeAt(i) : 95;
    if (c === 95 || c === 45 || c === 46) {
      if (segment > 0 && !vowel) return false;
      segment = 0;
      vowel = false;
      consonants = 0;
      continue;
    }
    if (!isAlpha(c)) return false;
    segment++;
    if (segment > 24) return false;
    if (isVowel(c)) {
      vowel = true;
      consonants = 0;
    } else if (++consonants > 5) return false;
  }
  return true;
}

/** A placeholder such as `<token>`, `${KEY}`, `{{key}}`, `$KEY`, `…` or `***`: not a credential. */
function isPlaceholderStart(c: number): boolean {
  return c === 60 || c === 36 || c === 123 || c === 91 || c === 0x2026 || c === 42 || c === 40;
}

/** A credential-looking token (see isOrdinaryWord); `:`-separated parts each count. */
function isCredential(token: string): boolean {
  if (token.length === 0) return false;
  if (token === REDACTED) return false;
  for (const part of token.split(":")) if (!isOrdinaryWord(part)) return true;
  return false;
}

interface Edit {
  start: number;
  end: number;
}

/** Applies non-overlapping edits (sorted by start) replacing each range with [redacted]. */
function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  let out = "";
  let last = 0;
  for (const e of edits) {
    if (e.start < last) continue;
    out += text.slice(last, e.start) + REDACTED;
    last = e.end;
  }
  return out + text.slice(last);
}

/** End of the token that starts at `at` (token characters, plus `:` when `colon`). */
function tokenEnd(text: string, at: number, colon: boolean): number {
  let k = at;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (isTokenChar(c) || (colon && c === 58)) k++;
    else break;
  }
  return k;
}

/**
 * Where a rule may apply: the words `authorization`, `basic`, `bearer` in
 * any case. A literal alternation (no quantifier), so the search is linear;
 * each hit is then parsed by hand, a bounded number of steps plus the token.
 */
const MARKERS = /authorization|basic|bearer/gi;

/**
 * `Authorization: <scheme> <value>` (and `"authorization":"…"`,
 * `authorization=…`) at `at`: the value to mask, if any, and where the scan
 * stopped (the search goes on from there, so no text is scanned twice).
 */
function authorizationEdit(text: string, at: number): [Edit | undefined, number] {
  const none: [undefined, number] = [undefined, at + 13];
  // `Proxy-Authorization` counts (a hyphen before), `xauthorization` does not.
  if (at > 0 && isAlnum(text.charCodeAt(at - 1))) return none;
  let k = at + 13;
  // Separator: optional quote, spaces, `:` or `=`, spaces, optional quote (each bounded).
  let steps = 0;
  while (k < text.length && steps < 4 && (text[k] === '"' || text[k] === "'" || isSpace(text.charCodeAt(k)))) k++, steps++;
  if (k >= text.length || (text[k] !== ":" && text[k] !== "=")) return none;
  k++;
  steps = 0;
  while (k < text.length && steps < 4 && (text[k] === '"' || text[k] === "'" || isSpace(text.charCodeAt(k)))) k++, steps++;
  // Optional scheme word followed by spaces.
  let s = k;
  while (s < text.length && s - k <= 20 && isAlpha(text.charCodeAt(s))) s++;
  let valueStart = k;
  if (s > k && s < text.length && isSpace(text.charCodeAt(s))) {
    valueStart = s;
    steps = 0;
    while (valueStart < text.length && steps < 4 && isSpace(text.charCodeAt(valueStart))) valueStart++, steps++;
  }
  if (valueStart >= text.length || isPlaceholderStart(text.charCodeAt(valueStart))) return none;
  const end = tokenEnd(text, valueStart, true);
  if (end === valueStart) return none;
  const value = text.slice(valueStart, end);
  // A scheme-less value is a credential unless it is a word; after a scheme, ordinary words stay.
  const secret = valueStart === k ? value !== REDACTED && !isOrdinaryWord(value) : isCredential(value);
  return [secret ? { start: valueStart, end } : undefined, Math.max(end, at + 13)];
}

/** A credential after the word `Basic` or `Bearer` (any case) at `at`, never an ordinary word. */
function schemeEdit(text: string, at: number, length: number, basic: boolean): [Edit | undefined, number] {
  const none: [undefined, number] = [undefined, at + length];
  if (at > 0 && isAlnum(text.charCodeAt(at - 1))) return none;
  let k = at + length;
  const spaceStart = k;
  while (k < text.length && k - spaceStart < 4 && isSpace(text.charCodeAt(k))) k++;
  if (k === spaceStart || k >= text.length) return none;
  const end = tokenEnd(text, k, basic);
  return [end - k >= 6 && isCredential(text.slice(k, end)) ? { start: k, end } : undefined, end];
}

/** Authorization values and Basic/Bearer credentials. */
function markerEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  MARKERS.lastIndex = 0;
  for (let m = MARKERS.exec(text); m !== null; m = MARKERS.exec(text)) {
    const word = m[0].length;
    const [edit, next] =
      word === 13 ? authorizationEdit(text, m.index) : schemeEdit(text, m.index, word, (text.charCodeAt(m.index + 1) | 32) === 97);
    if (edit) edits.push(edit);
    // Never back into text already scanned: the total work stays linear.
    if (next > MARKERS.lastIndex) MARKERS.lastIndex = next;
  }
  return edits.length > 1 ? edits.sort((x, y) => x.start - y.start) : edits;
}

/** The userinfo of `scheme://userinfo@host`. */
function userinfoEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf("://", from);
    if (at < 0) return edits;
    const start = at + 3;
    let k = start;
    // Stops at the first `/`, so the scan never passes the next `://`: linear overall.
    while (k < text.length) {
      const c = text.charCodeAt(k);
      if (c === 64 || c === 47 || c === 63 || c === 35 || c <= 32 || c === 34 || c === 39 || c === 60 || c === 62) break;
      k++;
    }
    from = Math.max(start, k);
    if (k < text.length && text.charCodeAt(k) === 64 && k > start && text.slice(start, k) !== REDACTED) {
      edits.push({ start, end: k });
    }
  }
}

interface PieceSource {
  secret: string;
  offset: number;
}

export class Redactor {
  /** Secrets shorter than PIECE, matched whole. */
  private readonly short: string[] = [];
  private readonly known = new Set<string>();
  /** Rolling hash of every PIECE-character run of every secret → where it comes from. */
  private readonly pieces = new Map<number, PieceSource[]>();
  /** One bit per value of the hash's top 16 bits: most windows are ruled out without a Map lookup. */
  private readonly filter = new Uint32Array(2048);
  /** Values redactDeep returned, known clean: not walked again (the transport sees results twice). */
  private readonly clean = new WeakMap<object, number>();
  /** Bumped by every new secret: a value known clean before it is walked again. */
  private generation = 0;

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret (and its encodings) to be masked from now on. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    for (const v of variants(secret)) {
      if (this.known.has(v)) continue;
      this.known.add(v);
      this.generation++;
      if (v.length < PIECE) {
        this.short.push(v);
        this.short.sort((a, b) => b.length - a.length);
        continue;
      }
      for (let i = 0; i + PIECE <= v.length; i++) {
        const h = hashAt(v, i);
        const list = this.pieces.get(h);
        if (list) list.push({ secret: v, offset: i });
        else this.pieces.set(h, [{ secret: v, offset: i }]);
        this.filter[h >>> 21]! |= 1 << ((h >>> 16) & 31);
      }
    }
  }

  /** Registers the Basic credential `user:key` as it appears base64-encoded. */
  addBasic(user: string, key: string): void {
    this.add(Buffer.from(`${user}:${key}`).toString("base64"));
  }

  redact(text: string): string {
    if (typeof text !== "string" || text.length < 4) return text;
    let out = text;
    for (const s of this.short) if (out.includes(s)) out = out.split(s).join(REDACTED);
    out = this.redactPieces(out);
    out = applyEdits(out, markerEdits(out));
    if (out.includes("://")) out = applyEdits(out, userinfoEdits(out));
    return out;
  }

  /**
   * Masks any run of PIECE or more characters of a secret: text clipped to an
   * excerpt, or split into parts, can hold most of a key without holding it
   * whole. One rolling hash over the text; a hit is checked character by
   * character, then extended while the text keeps following the secret.
   */
  private redactPieces(text: string): string {
    if (this.pieces.size === 0 || text.length < PIECE) return text;
    const edits: Edit[] = [];
    let h = hashAt(text, 0);
    let k = 0;
    for (;;) {
      const sources = (this.filter[h >>> 21]! & (1 << ((h >>> 16) & 31))) !== 0 ? this.pieces.get(h) : undefined;
      let end = -1;
      if (sources) {
        for (const { secret, offset } of sources) {
          let j = 0;
          while (j < PIECE && text.charCodeAt(k + j) === secret.charCodeAt(offset + j)) j++;
          if (j < PIECE) continue;
          let e = k + PIECE;
          let m = offset + PIECE;
          while (e < text.length && m < secret.length && text.charCodeAt(e) === secret.charCodeAt(m)) e++, m++;
          if (e > end) end = e;
        }
      }
      if (end > 0) {
        edits.push({ start: k, end });
        k = end;
        if (k + PIECE > text.length) break;
        h = hashAt(text, k);
        continue;
      }
      if (k + PIECE >= text.length) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(k), BASE_POW), BASE) + text.charCodeAt(k + PIECE)) | 0;
      k++;
    }
    return applyEdits(text, edits);
  }

  /**
   * Redacts every string inside a JSON-like value, object keys included.
   * Returns the value itself when nothing needed masking, else a copy.
   */
  redactDeep<T>(value: T): T {
    const out = this.deep(value, 0) as T;
    if (out !== null && typeof out === "object") this.clean.set(out, this.generation);
    return out;
  }

  private deep(value: unknown, depth: number): unknown {
    if (typeof value === "string") return this.redact(value);
    if (value === null || typeof value !== "object") return value;
    if (this.clean.get(value) === this.generation) return value;
    if (depth > 200) {
      // Deeper than any answer of ours: kept as redacted JSON text rather than walked further.
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        json = undefined;
      }
      return json === undefined ? null : this.redact(json);
    }
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const r = this.deep(v, depth + 1);
        if (r !== v && !copy) copy = value.slice(0, i);
        if (copy) copy.push(r);
      }
      return copy ?? value;
    }
    const keys = Object.keys(value);
    const record = value as Record<string, unknown>;
    // Nothing is allocated for an object that needs no change (nearly all of them): the
    // entries are collected from the first key or value that changed, the earlier ones as they were.
    let entries: Array<[string, unknown]> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = record[k];
      const rk = this.redact(k);
      const rv = this.deep(v, depth + 1);
      if (!entries && (rk !== k || rv !== v)) {
        entries = [];
        for (let j = 0; j < i; j++) entries.push([keys[j]!, record[keys[j]!]]);
      }
      if (entries) entries.push([rk, rv]);
    }
    if (!entries) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      let key = k;
      for (let n = 2; Object.prototype.hasOwnProperty.call(out, key); n++) key = `${k} (${n})`;
      // defineProperty: a key named __proto__ stays an own property, as JSON.parse made it.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}
