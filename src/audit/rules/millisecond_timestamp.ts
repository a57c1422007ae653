import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** A millisecond value (Date.now(), getTime(), Date.parse…) reaches a Customer.io timestamp attribute. */
export const millisecondTimestamp: FileRule = {
  meta: {
    code: "millisecond_timestamp",
    severity: "error",
    pitfall: 2,
    title: "A millisecond value is sent where Customer.io expects Unix seconds",
    fix: "Send Unix seconds: Math.floor(Date.now() / 1000), dayjs().unix(), getUnixTime(date).",
    docs: "https://docs.customer.io/integrations/api/track/",
  },
  check({ model, project, report }) {
    for (const site of sitesOf(model, project).timestamps) {
      const trail: string[] = [];
      if (model.timeUnit(site.node, site.scope, 0, trail) !== "ms") continue;
      const shown = site.prop ? model.text(site.prop) : `${site.key}: ${model.text(site.node)}`;
      report({
        at: site.node,
        message: `\`${site.key}\` gets milliseconds in this ${site.where} call; Customer.io reads Unix seconds, so the date lands millennia ahead.`,
        evidence: `${shown}${trail.length ? ` (${trail.join("; ")})` : ""}`,
        via: site.via,
      });
    }
  },
};
