import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** A Customer.io call (or a helper reaching one) per item of a loop or collection, with no limiter, pause or batch. */
export const noRateLimiting: FileRule = {
  meta: {
    code: "no_rate_limiting",
    severity: "warning",
    pitfall: 11,
    title: "Bulk Customer.io calls with nothing pacing them",
    fix: "Throttle bulk calls (p-limit, p-queue, Bottleneck) or pause between batches; retry 429s with backoff.",
    docs: "https://docs.customer.io/integrations/api/track/#section/Limits",
  },
  check({ model, project, report }) {
    for (const call of sitesOf(model, project).reaching) {
      if (call.kind === "analytics" || call.kind === "snippet") continue;
      const repeat = model.unpacedRepeat(call.node, call.ancestors, call.scope);
      if (!repeat) continue;
      const label = `${call.label}()`;
      const message =
        repeat.how === "loop"
          ? `${label} runs once per loop iteration with nothing pacing it; bulk runs hit 429 rate limits.`
          : repeat.how === "collected"
            ? `${label} is started per loop iteration and collected: the whole batch hits the API at once.`
            : `${label} per item of .${repeat.how}() starts every call at once; large lists hit 429 rate limits.`;
      report({ at: call.node, message, evidence: model.text(call.node), via: call.via });
    }
  },
};
