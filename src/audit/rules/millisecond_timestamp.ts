import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** A millisecond value (Date.now(), getTime(), Date.parse…) reaches a Customer.io timestamp attribute. */
export const millisecondTimestamp: FileRule = {
  meta: {
    code: "millisecond_timestamp",
    severity: "error",
    pitfall: 2,
    title: "A millisecond value is sent where Customer.io expects Unix seconds",
    fix: "Send Unix seconds, e.g. Math.floor(Date.now() / 1000) or dayjs().unix(); milliseconds are read as seconds and land thousands of years in the future.",
    docs: "https://docs.customer.io/integrations/api/track/",
  },
  check({ model, project, report }) {
    for (const site of sitesOf(model, project).timestamps) {
      const trail: string[] = [];
      if (model.timeUnit(site.node, site.scope, 0, trail) !== "ms") continue;
      const shown = site.prop ? model.text(site.prop) : `${site.key}: ${model.text(site.node)}`;
      report({
        at: site.node,
        message: `\`${site.key}\` in this ${site.where} call gets a millisecond value; Customer.io reads timestamps as Unix seconds, so the date lands thousands of years ahead.`,
        evidence: `${shown}${trail.length ? ` (${trail.join("; ")})` : ""}`,
        via: site.via,
      });
    }
  },
};
