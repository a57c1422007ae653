/**
 * Secrets never leave the process: an API key is shown as at most its last
 * four characters, and every string we log or return can be passed through
 * `redact()` to strip keys, Authorization headers and Basic credentials.
 */

/** `…wxyz` for a key; short values show nothing of themselves. */
export function maskSecret(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  if (value.length < 12) return "…";
  return `…${value.slice(-4)}`;
}

const AUTH_HEADER = /\b(authorization|proxy-authorization)\b(["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',}]+/gi;
const SCHEME_TOKEN = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}/g;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
// Each pattern can only match text containing its marker; looking for the
// marker first skips the costly patterns on the (usual) text that has none.
const AUTH_MARKER = /authorization/i;
/** A run this long of a secret is masked wherever it appears. */
const PIECE = 8;

/** Builds every encoding of a secret that could plausibly end up in text. */
function variants(secret: string): string[] {
  const out = new Set<string>([secret]);
  try {
    out.add(encodeURIComponent(secret));
    out.add(Buffer.from(secret).toString("base64"));
    out.add(JSON.stringify(secret).slice(1, -1));
  } catch {
    /* encoding cannot fail for strings, but stay defensive */
  }
  return [...out].filter((v) => v.length >= 4);
}

export class Redactor {
  private readonly secrets: string[] = [];
  /** Every PIECE-character run of every secret, with a secret it comes from. */
  private readonly pieces = new Map<string, string>();

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret (and its encodings) to be masked from now on. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    for (const v of variants(secret)) {
      if (!this.secrets.includes(v)) {
        this.secrets.push(v);
        for (let i = 0; i + PIECE <= v.length; i++) {
          const piece = v.slice(i, i + PIECE);
          if (!this.pieces.has(piece)) this.pieces.set(piece, v);
        }
      }
    }
    // Longest first, so a secret containing another is replaced whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  /** Registers the Basic credential `user:key` as it appears base64-encoded. */
  addBasic(user: string, key: string): void {
    this.add(Buffer.from(`${user}:${key}`).toString("base64"));
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join("[redacted]");
    }
    out = this.redactPieces(out);
    if (AUTH_MARKER.test(out)) out = out.replace(AUTH_HEADER, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
    if (out.includes("Basic") || out.includes("Bearer")) out = out.replace(SCHEME_TOKEN, (_m, scheme: string) => `${scheme} [redacted]`);
    if (out.includes("@")) out = out.replace(URL_USERINFO, "$1[redacted]@");
    return out;
  }

  /**
   * Masks any run of PIECE or more characters of a secret: text clipped to an
   * excerpt, or split into parts, can hold most of a key without holding it whole.
   */
  private redactPieces(text: string): string {
    if (this.pieces.size === 0 || text.length < PIECE) return text;
    let out = "";
    let last = 0;
    let k = 0;
    while (k + PIECE <= text.length) {
      const piece = text.slice(k, k + PIECE);
      const secret = this.pieces.get(piece);
      if (secret === undefined) {
        k++;
        continue;
      }
      // Extend to the right while the text keeps following the secret.
      let end = k + PIECE;
      let m = secret.indexOf(piece) + PIECE;
      while (end < text.length && m < secret.length && text[end] === secret[m]) {
        end++;
        m++;
      }
      out += `${text.slice(last, k)}[redacted]`;
      last = end;
      k = end;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /** Redacts every string inside a JSON-like value (returns a copy). */
  redactDeep<T>(value: T, depth = 0): T {
    if (depth > 50) return value;
    if (typeof value === "string") return this.redact(value) as T;
    if (Array.isArray(value)) {
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) out[i] = this.redactDeep(value[i], depth + 1);
      return out as T;
    }
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) out[k] = this.redactDeep((value as Record<string, unknown>)[k], depth + 1);
      return out as T;
    }
    return value;
  }
}
