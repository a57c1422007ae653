import { nearestFunctionIndex } from "../walk.js";
import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

/** A request path of a long-running server awaits a Customer.io call (directly or through the project's helpers) before it responds. */
export const blockingRequestPath: FileRule = {
  meta: {
    code: "blocking_request_path",
    severity: "warning",
    pitfall: 7,
    title: "A request handler waits for Customer.io before it responds",
    fix: "Don't await tracking before responding: call it with .catch(log), queue it, or use after() (Next.js) / ctx.waitUntil() (Workers).",
    docs: "https://docs.customer.io/integrations/api/track/",
  },
  check({ model, project, report }) {
    for (const call of sitesOf(model, project).reaching) {
      if (!call.waits || call.kind === "analytics" || call.kind === "snippet") continue;
      const awaitIdx = model.awaitOf(call.node, call.ancestors);
      if (awaitIdx < 0) continue;
      const fnIdx = nearestFunctionIndex(call.ancestors, awaitIdx);
      if (fnIdx < 0) continue;
      const kind = model.handlerKindAt(call.ancestors[fnIdx]!);
      if (kind !== "server" && kind !== "worker") continue;
      if (model.responseSentBefore(call.ancestors, fnIdx, awaitIdx)) continue;
      const at = call.ancestors[awaitIdx]!;
      report({
        at,
        message: `The ${kind === "worker" ? "Worker's fetch handler" : "request handler"} awaits ${call.label}(): each response waits on a Customer.io round trip (and fails or hangs with it).`,
        evidence: model.text(at),
        via: call.via,
      });
    }
  },
};
