import { isCall, memberName } from "../syntax.js";
import { isFunctionNode, unwrap, walk, type Node } from "../walk.js";
import type { FileRule } from "./types.js";

/** Whether a handler awaits (or hands to a later hook) a flush of some client. */
function flushes(fn: Node): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (!isCall(node)) return;
    const m = memberName(unwrap(node.callee));
    if (m === "flush" || m === "closeAndFlush" || m === "close") found = true;
    return;
  });
  return found;
}

/** A batching Pipelines client used in a serverless handler that returns without flushing it. */
export const pipelinesNotFlushed: FileRule = {
  meta: {
    code: "pipelines_not_flushed",
    severity: "error",
    title: "A serverless handler queues Pipelines events and returns without flushing",
    fix: "Await analytics.closeAndFlush() (or flush()) before the handler returns, or hand the flush to the platform's after-response hook; a frozen or recycled function drops the queued batch.",
    docs: "https://docs.customer.io/integrations/api/cdp/",
  },
  check({ model, report }) {
    const reported = new Set<Node>();
    for (const c of model.cioCalls) {
      if (c.kind !== "analytics") continue;
      let handler: Node | null = null;
      for (let i = c.ancestors.length - 1; i >= 0; i--) {
        const a = c.ancestors[i]!;
        if (isFunctionNode(a) && model.handlerKindAt(a) !== undefined) {
          handler = a;
          break;
        }
      }
      if (!handler || reported.has(handler)) continue;
      const kind = model.handlerKindAt(handler);
      if (kind !== "serverless" && kind !== "worker") continue;
      reported.add(handler);
      if (flushes(handler)) continue;
      report({
        at: c.node,
        message: `${c.label}() queues the event in a batching client, and this serverless handler returns without flushing it; the batch is lost when the function is frozen or recycled.`,
        evidence: model.text(c.node),
      });
    }
  },
};
