/**
 * The "no sentence said twice" check of the context budget, written once:
 * sentences of at least 24 characters (markdown marks and spacing ignored,
 * any case) that appear more than once across `parts`. Split by hand on
 * sentence ends (". ", "! ", "? ", line breaks), so it is linear on any text.
 */
export function repeatedSentences(parts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const part of parts) {
    let start = 0;
    const flush = (end: number) => {
      const s = part.slice(start, end).replace(/[*_`#>|-]+/g, " ").replace(/\s+/g, " ").trim().toLowerCase();
      if (s.length >= 24) seen.set(s, (seen.get(s) ?? 0) + 1);
    };
    for (let i = 0; i < part.length; i++) {
      const ch = part[i]!;
      if (ch === "\n" || ((ch === "." || ch === "!" || ch === "?") && (i + 1 === part.length || part[i + 1] === " " || part[i + 1] === "\n"))) {
        flush(ch === "\n" ? i : i + 1);
        start = i + 1;
      }
    }
    flush(part.length);
  }
  return [...seen].filter(([, n]) => n > 1).map(([s]) => s);
}
