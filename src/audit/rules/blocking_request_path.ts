import { isCall, isMember, memberName, chainRoot } from "../syntax.js";
import { isFunctionNode, nearestFunctionIndex, unwrap, walk, type Node } from "../walk.js";

const RESPONSE = new Set(["json", "jsonp", "send", "end", "sendStatus", "redirect", "render", "sendFile"]);

/** Whether a callback sends the HTTP response (res.json(…), reply.send(…)). */
function sendsResponse(fn: Node): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (!isCall(node)) return;
    const callee = unwrap(node.callee);
    if (!isMember(callee) || !RESPONSE.has(memberName(callee) ?? "")) return;
    const root = chainRoot(callee.object);
    if (root.type === "Identifier" && /^(res|response|reply)$/.test(root.name)) found = true;
    return;
  });
  return found;
}
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
      let awaitIdx = model.awaitOf(call.node, call.ancestors);
      // await Promise.all(users.map((u) => cio.track(u.id, …))): the handler waits for every call of the map's callback.
      if (awaitIdx < 0 || model.handlerKindAt(call.ancestors[nearestFunctionIndex(call.ancestors, awaitIdx)] ?? call.node) === undefined) {
        const mapped = model.awaitOfMapped(call.node, call.ancestors);
        if (mapped >= 0) awaitIdx = mapped;
      }
      if (awaitIdx < 0) {
        // trackSignup(user).then(() => res.json(user)): the response waits in the callback instead.
        const parent = call.ancestors[call.ancestors.length - 1];
        const grand = call.ancestors[call.ancestors.length - 2];
        if (!parent || !grand || !isMember(parent) || parent.object !== call.node || memberName(parent) !== "then" || !isCall(grand)) continue;
        const cb = grand.arguments[0] ? unwrap(grand.arguments[0] as Node) : null;
        if (!cb || !isFunctionNode(cb) || !sendsResponse(cb)) continue;
        const fnIdx = nearestFunctionIndex(call.ancestors);
        const kind = fnIdx >= 0 ? model.handlerKindAt(call.ancestors[fnIdx]!) : undefined;
        if (kind !== "server" && kind !== "worker") continue;
        report({
          at: call.node,
          message: `The request handler sends its response only after ${call.label}() resolves: each response waits on a Customer.io round trip (and fails or hangs with it).`,
          evidence: model.text(grand),
          via: call.via,
        });
        continue;
      }
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
