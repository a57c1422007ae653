import { eventNameValue, hidePersonal } from "./event-name-values.js";
import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** An event name that holds, or is built from, personal data. */
export const piiInEventName: FileRule = {
  meta: {
    code: "pii_in_event_name",
    severity: "error",
    pitfall: 12,
    title: "Personal data in an event name",
    fix: "Keep personal data out of event names (they cannot be deleted per person); send it in the event data instead.",
    docs: "https://docs.customer.io/journeys/events/",
  },
  check({ model, project, report }) {
    for (const site of sitesOf(model, project).eventNames) {
      const v = eventNameValue(model, site);
      if (v?.kind === "personal_literal") {
        report({
          at: site.node,
          message: "The event name contains personal data (an email address or similar); event names are kept for the whole workspace and cannot be erased per person.",
          evidence: `name: "${hidePersonal(v.value)}"`,
          via: site.via,
        });
      } else if (v?.kind === "personal_part") {
        report({
          at: site.node,
          message: `The event name is built from \`${v.part}\`, which looks like personal data; every value makes a new event name that cannot be erased per person.`,
          evidence: `name: ${model.text(site.node, 100)}`,
          via: site.via,
        });
      }
    }
  },
};
