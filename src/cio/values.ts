/** Reading loosely typed API values: the shapes every App read shares. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short text value: strings clipped to `max`, finite numbers as text; anything else null. */
export function text(value: unknown, max = 200): string | null {
  if (typeof value === "string") return value === "" ? null : value.slice(0, max);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
