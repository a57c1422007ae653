import { eventNameConvention, normalizeEventName, type EventNameConvention } from "../../domain/index.js";
import type { EventNameUse } from "../model.js";
import { hidePersonal } from "./event-name-values.js";
import type { AuditFinding, RuleMeta } from "./types.js";

export const meta: RuleMeta = {
  code: "event_name_inconsistent",
  severity: "warning",
  pitfall: 10,
  title: "Event names mix spelling conventions",
  fix: "Pick one spelling convention for event names (snake_case is the usual one) and rename the odd ones; campaign triggers match names exactly.",
  docs: "https://docs.customer.io/journeys/events/",
};

export type NameConvention = "snake_case" | "kebab-case" | "camelCase" | "PascalCase" | "spaces" | "dot.case" | "SCREAMING_CASE" | "mixed";

/** The spelling convention of an event name (names with spaces of any case are "spaces"); null for a single lower-case word. */
export function nameConvention(name: string): NameConvention | null {
  const c = eventNameConvention(name);
  return c === "Title Case" ? "spaces" : c;
}

/**
 * Finds event names that break the tree's dominant convention, and names
 * that are the same words spelled differently ("UserSignedUp" next to
 * "user_signed_up"). One finding per place a name is used.
 */
export function eventNameConsistencyFindings(uses: readonly EventNameUse[]): AuditFinding[] {
  const distinct = new Map<string, EventNameConvention | null>();
  for (const u of uses) if (!distinct.has(u.name)) distinct.set(u.name, eventNameConvention(u.name));
  const perConvention = new Map<EventNameConvention, number>();
  for (const c of distinct.values()) if (c) perConvention.set(c, (perConvention.get(c) ?? 0) + 1);

  let dominant: EventNameConvention | null = null;
  let best = 0;
  for (const [c, n] of perConvention) {
    if (n > best || (n === best && c === "snake_case")) {
      dominant = c;
      best = n;
    }
  }
  const mixedConventions = perConvention.size > 1;

  // Same words, different spelling.
  const groups = new Map<string, Set<string>>();
  for (const name of distinct.keys()) {
    const key = normalizeEventName(name);
    const set = groups.get(key) ?? new Set<string>();
    set.add(name);
    groups.set(key, set);
  }
  const count = new Map<string, number>();
  for (const u of uses) count.set(u.name, (count.get(u.name) ?? 0) + 1);
  const preferredSpelling = (names: Set<string>): string => {
    const list = [...names];
    const inDominant = list.filter((n) => distinct.get(n) === dominant);
    const pool = inDominant.length ? inDominant : list;
    return pool.sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || a.localeCompare(b))[0]!;
  };
  const shownConvention = (c: EventNameConvention) => (c === "Title Case" ? "Title Case (with spaces)" : c);

  const out: AuditFinding[] = [];
  const example = [...distinct.entries()].find(([, c]) => c === dominant)?.[0];
  for (const u of uses) {
    const convention = distinct.get(u.name) ?? null;
    const siblings = groups.get(normalizeEventName(u.name))!;
    const preferred = siblings.size > 1 ? preferredSpelling(siblings) : u.name;
    let message: string | null = null;
    if (siblings.size > 1 && preferred !== u.name) {
      message = `Event name "${u.name}" is also spelled "${preferred}" in this code; triggers and segments match names exactly, so the two never meet.`;
    } else if (mixedConventions && convention && convention !== dominant && dominant) {
      message = `Event name "${u.name}" is ${shownConvention(convention)} while most event names here are ${shownConvention(dominant)}${example ? ` (e.g. "${example}")` : ""}.`;
    }
    if (!message) continue;
    out.push({
      code: "event_name_inconsistent",
      severity: meta.severity,
      message: hidePersonal(message),
      fix: meta.fix,
      pitfall: meta.pitfall!,
      evidence: `name: "${hidePersonal(u.name)}"`,
      file: u.file,
      line: u.line,
      column: u.column,
      ...(u.via ? { via: u.via } : {}),
    });
  }
  return out;
}
