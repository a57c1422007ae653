/**
 * Secret-leak scanning: every form of a key that could end up in output (the
 * key, its Basic credential, any 8-character piece of it), and a scan of
 * collected text for all of them.
 */

export interface Needle {
  /** What the needle stands for, e.g. `8-char piece of track key (us)`. */
  label: string;
  value: string;
}

export interface Leak {
  /** Where the text came from, e.g. `stderr` or `diagnose_status_code text`. */
  where: string;
  label: string;
  /** A little text around the match, with the match itself masked. */
  context: string;
}

export interface SecretKey {
  label: string;
  key: string;
}

/**
 * Needles for these keys: each key, each `user:key` Basic credential in
 * base64 for the given site ids, every `pieceLength`-character substring, and
 * the key's base64 inside a longer base64 text at each byte offset.
 */
export function leakNeedles(keys: readonly SecretKey[], siteIds: readonly string[] = [], pieceLength = 8): Needle[] {
  const out = new Map<string, string>();
  const put = (value: string, label: string) => {
    if (value.length > 0 && !out.has(value)) out.set(value, label);
  };
  for (const { label, key } of keys) {
    put(key, label);
    put(Buffer.from(key).toString("base64"), `${label} (base64)`);
    for (const site of siteIds) put(Buffer.from(`${site}:${key}`).toString("base64"), `Basic credential ${site}:${label}`);
    for (let i = 0; i + pieceLength <= key.length; i++) put(key.slice(i, i + pieceLength), `${pieceLength}-char piece of ${label}`);
    // The key inside a longer base64 text, at the two other byte offsets of a base64 group.
    for (const shift of [1, 2]) {
      const inner = Buffer.concat([Buffer.alloc(shift), Buffer.from(key)]).toString("base64").slice(4, -4);
      put(inner, `${label} (base64 at byte offset ${shift})`);
    }
  }
  return [...out].map(([value, label]) => ({ value, label }));
}

/** Every occurrence of a needle in the texts (each text scanned once per needle). */
export function findLeaks(texts: ReadonlyArray<{ where: string; text: string }>, needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, text } of texts) {
    for (const n of needles) {
      const at = text.indexOf(n.value);
      if (at < 0) continue;
      const before = text.slice(Math.max(0, at - 40), at);
      const after = text.slice(at + n.value.length, at + n.value.length + 40);
      leaks.push({ where, label: n.label, context: `${before}<${n.label}>${after}` });
    }
  }
  return leaks;
}

/** A readable list of leaks for an assertion message (the secrets themselves stay masked). */
export function describeLeaks(leaks: readonly Leak[], max = 20): string {
  const lines = leaks.slice(0, max).map((l) => `- ${l.where}: ${l.label}: …${JSON.stringify(l.context)}…`);
  if (leaks.length > max) lines.push(`- and ${leaks.length - max} more`);
  return lines.join("\n");
}
