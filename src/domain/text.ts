/**
 * Text helpers for evidence and messages. Linear in the input and safe on
 * hostile strings: nothing here copies more than it shows.
 */

/** UTF-8 size of a string in bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * At most `max` code points of `text`, with `…` when it was cut. Counts code
 * points so a clip never splits a surrogate pair; reads at most 2×max units.
 */
export function clip(text: string, max = 80): string {
  if (text.length <= max) return text;
  // Walks code units, a surrogate pair counting once, without building an array of characters.
  const limit = Math.min(text.length, max * 2 + 2);
  const keep = Math.max(0, max - 1);
  let points = 0;
  let cut = 0;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < limit) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    points++;
    if (points === keep) cut = i + 1;
    if (points > max) return `${text.slice(0, cut)}…`;
  }
  return text.slice(0, limit);
}

/** `1 event`, `2 events`; `many` for irregular plurals (`activity` → `activities`). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A string as JSON-quoted, clipped evidence: `"order_placed"`. */
export function quote(text: string, max = 80): string {
  return JSON.stringify(clip(text, max));
}

/** `a; b; c; and 2 more`. */
export function listed(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join("; ");
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}
