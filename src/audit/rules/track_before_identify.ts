import type { CioCall } from "../model.js";
import { nearestFunctionIndex, unwrap, type Node } from "../walk.js";
import type { FileRule } from "./types.js";

function idKey(code: string, node: Node | undefined): string | null {
  if (!node) return null;
  const n = unwrap(node);
  if (n.start == null || n.end == null || n.end - n.start > 200) return null;
  let out = "";
  for (const ch of code.slice(n.start, n.end)) if (ch !== " " && ch !== "\n" && ch !== "\t" && ch !== "\r") out += ch;
  return out;
}

/** True when `first` sits in an earlier statement of the same statement list as `second`. */
function runsBefore(first: CioCall, second: CioCall): boolean {
  const a = first.ancestors;
  const b = second.ancestors;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === 0) return false;
  const common = a[i - 1]!;
  if (common.type !== "BlockStatement" && common.type !== "Program" && common.type !== "SwitchCase" && common.type !== "StaticBlock") return false;
  const ca = a[i] ?? first.node;
  const cb = b[i] ?? second.node;
  return ca !== cb && (ca.start ?? 0) < (cb.start ?? 0);
}

/** track() for a person runs before identify() for the same person in the same function. */
export const trackBeforeIdentify: FileRule = {
  meta: {
    code: "track_before_identify",
    severity: "warning",
    pitfall: 3,
    title: "An event is tracked before the person is identified",
    fix: "Identify the person before the first track call for them.",
    docs: "https://docs.customer.io/integrations/api/track/",
  },
  check({ model, report }) {
    const byFunction = new Map<Node | null, CioCall[]>();
    for (const c of model.cioCalls) {
      if (c.kind !== "track" || (c.method !== "track" && c.method !== "identify")) continue;
      const fnIdx = nearestFunctionIndex(c.ancestors);
      const key = fnIdx >= 0 ? c.ancestors[fnIdx]! : null;
      const list = byFunction.get(key) ?? [];
      list.push(c);
      byFunction.set(key, list);
    }
    for (const list of byFunction.values()) {
      const identifies = list.filter((c) => c.method === "identify");
      if (identifies.length === 0) continue;
      for (const track of list) {
        if (track.method !== "track") continue;
        const id = idKey(model.code, track.node.arguments[0] as Node | undefined);
        if (!id) continue;
        const same = identifies.filter((i) => idKey(model.code, i.node.arguments[0] as Node | undefined) === id);
        if (same.length === 0 || same.some((i) => (i.node.start ?? 0) < (track.node.start ?? 0))) continue;
        const later = same.find((i) => runsBefore(track, i));
        if (!later) continue;
        report({
          at: track.node,
          message: `${model.text(track.node.callee, 50)}() for ${model.text(track.node.arguments[0] as Node, 60)} runs before identify() for them (line ${later.node.loc?.start.line ?? "?"}): the profile may not exist yet.`,
          evidence: model.text(track.node),
        });
      }
    }
  },
};
