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

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret (and its encodings) to be masked from now on. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    for (const v of variants(secret)) {
      if (!this.secrets.includes(v)) this.secrets.push(v);
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
    return out
      .replace(AUTH_HEADER, (_m, name: string, sep: string) => `${name}${sep}[redacted]`)
      .replace(SCHEME_TOKEN, (_m, scheme: string) => `${scheme} [redacted]`)
      .replace(URL_USERINFO, "$1[redacted]@");
  }

  /** Redacts every string inside a JSON-like value (returns a copy). */
  redactDeep<T>(value: T, depth = 0): T {
    if (depth > 50) return value;
    if (typeof value === "string") return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v, depth + 1)) as T;
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v, depth + 1);
      return out as T;
    }
    return value;
  }
}
