import { eventNameValue, hidePersonal } from "./event-name-values.js";
import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** An event name built from a variable (`viewed_${productId}`). */
export const dynamicEventName: FileRule = {
  meta: {
    code: "dynamic_event_name",
    severity: "warning",
    pitfall: 6,
    title: "An event name is built from a variable",
    fix: 'Use one fixed event name and put the variable part in the data: { name: "product_viewed", data: { product_id } }.',
    docs: "https://docs.customer.io/journeys/events/",
  },
  check({ model, project, report }) {
    for (const site of sitesOf(model, project).eventNames) {
      const v = eventNameValue(model, site);
      if (v?.kind === "dynamic_literal") {
        report({
          at: site.node,
          message: `The event name holds ${v.part.kind} ("${hidePersonal(v.part.part).slice(0, 60)}"): each value becomes its own event, which campaigns and segments cannot target as one.`,
          evidence: `name: "${hidePersonal(v.value).slice(0, 100)}"`,
          via: site.via,
        });
        continue;
      }
      // A name built from personal data (`reset_${user.email}`) is both: one event per person, and personal data in a name.
      if (v?.kind !== "dynamic" && v?.kind !== "personal_part") continue;
      report({
        at: site.node,
        message: "The event name is built from a variable: each value becomes its own event, which campaigns and segments cannot target as one.",
        evidence: `name: ${model.text(site.node, 100)}`,
        via: site.via,
      });
    }
  },
};
