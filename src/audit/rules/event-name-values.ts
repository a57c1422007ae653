/** How an event name that reaches Customer.io is built: fixed strings, a built name, or one built from personal data. */
import { dynamicPartOfEventName, findPersonalData, maskPersonalData, type DynamicPart } from "../../domain/index.js";
import type { FileModel } from "../model.js";
import type { ValueSite } from "./sites.js";
import type { Node } from "../walk.js";

export type EventNameValue =
  | { kind: "static"; values: string[] }
  | { kind: "personal_literal"; value: string }
  | { kind: "personal_part"; part: string }
  | { kind: "dynamic" }
  /** A fixed string that still holds an id, a number, a UUID or a date (the domain's definition, as check_payload uses). */
  | { kind: "dynamic_literal"; value: string; part: DynamicPart }
  | null;

const cache = new WeakMap<Node, EventNameValue>();

/** Personal data in a literal name, by the domain's definition (emails, phones, SSNs, card numbers, IPs). */
function personalInLiteral(value: string): boolean {
  // Names are at most 100 bytes at Customer.io: the head and tail of a longer one are enough to look at.
  const parts = value.length > 2048 ? [value.slice(0, 1024), value.slice(-1024)] : [value];
  return parts.some((p) => findPersonalData(p).length > 0);
}

export function eventNameValue(model: FileModel, site: ValueSite): EventNameValue {
  const hit = cache.get(site.node);
  if (hit !== undefined) return hit;
  let out: EventNameValue = null;
  const values = model.staticStrings(site.node, site.scope);
  if (values) {
    const personal = values.find(personalInLiteral);
    if (personal !== undefined) out = { kind: "personal_literal", value: personal };
    else {
      let dynamic: { value: string; part: DynamicPart } | null = null;
      for (const v of values) {
        const part = dynamicPartOfEventName(v);
        if (part) {
          dynamic = { value: v, part };
          break;
        }
      }
      out = dynamic ? { kind: "dynamic_literal", ...dynamic } : { kind: "static", values };
    }
  } else {
    const parts = model.dynamicParts(site.node, site.scope);
    if (parts) {
      const personal = parts.map((p) => model.personalDataName(p, site.scope)).find((p) => p !== null);
      out = personal ? { kind: "personal_part", part: personal } : { kind: "dynamic" };
    }
  }
  cache.set(site.node, out);
  return out;
}

export function hidePersonal(text: string): string {
  return maskPersonalData(text.slice(0, 2048));
}
