/** How an event name that reaches Customer.io is built: fixed strings, a built name, or one built from personal data. */
import { findPersonalData, maskPersonalData } from "../../domain/index.js";
import type { FileModel } from "../model.js";
import type { ValueSite } from "./sites.js";
import type { Node } from "../walk.js";

export type EventNameValue =
  | { kind: "static"; values: string[] }
  | { kind: "personal_literal"; value: string }
  | { kind: "personal_part"; part: string }
  | { kind: "dynamic" }
  | null;

const cache = new WeakMap<Node, EventNameValue>();

/** Personal data kinds that make an event name personal (digits alone are too often ids). */
function personalInLiteral(value: string): boolean {
  // Names are at most 100 bytes at Customer.io: the head and tail of a longer one are enough to look at.
  const parts = value.length > 2048 ? [value.slice(0, 1024), value.slice(-1024)] : [value];
  return parts.some((p) => findPersonalData(p).some((h) => h.kind === "email" || h.kind === "ssn" || h.kind === "card_number"));
}

export function eventNameValue(model: FileModel, site: ValueSite): EventNameValue {
  const hit = cache.get(site.node);
  if (hit !== undefined) return hit;
  let out: EventNameValue = null;
  const values = model.staticStrings(site.node, site.scope);
  if (values) {
    const personal = values.find(personalInLiteral);
    out = personal !== undefined ? { kind: "personal_literal", value: personal } : { kind: "static", values };
  } else {
    const parts = model.dynamicParts(site.node, site.scope);
    if (parts) {
      const personal = parts.map((p) => model.personalDataName(p)).find((p) => p !== null);
      out = personal ? { kind: "personal_part", part: personal } : { kind: "dynamic" };
    }
  }
  cache.set(site.node, out);
  return out;
}

export function hidePersonal(text: string): string {
  return maskPersonalData(text.slice(0, 2048), "<email>");
}
