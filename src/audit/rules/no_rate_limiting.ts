import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** A Customer.io call (or a helper reaching one) per item of a loop or collection, with no limiter, pause or batch. */
export const noRateLimiting: FileRule = {
  meta: {
    code: "no_rate_limiting",
    severity: "warning",
    pitfall: 11,
    title: "Bulk Customer.io calls with nothing pacing them",
    fix: "Throttle bulk calls with a limiter (p-limit, p-queue, Bottleneck limiter.schedule) or pause between batches, and retry 429s with backoff.",
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
          ? `${label} runs once per loop iteration with nothing pacing it; a bulk run goes as fast as the network allows and hits 429 rate limits.`
          : repeat.how === "collected"
            ? `${label} is started once per loop iteration and collected, so the whole batch hits the API at once.`
            : `${label} is called from .${repeat.how}() over a collection, which starts every call at once with no limiter; large lists trigger 429 rate limits.`;
      report({ at: call.node, message, evidence: model.text(call.node), via: call.via });
    }
  },
};
