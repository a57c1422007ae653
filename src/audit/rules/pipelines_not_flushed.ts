import type { FileModel } from "../model.js";
import type { Project } from "../project.js";
import { isCall, isMember, memberName } from "../syntax.js";
import { isFunctionNode, unwrap, walk, type Node } from "../walk.js";
import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";

const FLUSH = new Set(["flush", "closeAndFlush", "close"]);

function callsFlush(fn: Node): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (isCall(node) && FLUSH.has(memberName(unwrap(node.callee)) ?? "")) found = true;
    return;
  });
  return found;
}

/** Whether a handler flushes (or closes) a client, itself or through one of the project's helpers. */
function flushes(handler: Node, model: FileModel, project: Project): boolean {
  if (callsFlush(handler)) return true;
  const sites = new Map(model.callSites.map((s) => [s.node as Node, s]));
  let found = false;
  walk(handler, (node) => {
    if (found) return false;
    const site = isCall(node) ? sites.get(node) : undefined;
    const target = site ? project.resolveCall(model, site) : null;
    if (target && callsFlush(target.fn)) found = true;
    return;
  });
  return found;
}

const EXITS = new WeakMap<FileModel, boolean>();
/**
 * Whether the module ends its own process (process.exit(…) anywhere in it):
 * a job run by a scheduler (a Kubernetes CronJob, a systemd timer) is a
 * one-shot script wherever it lives, and process.exit() drops the queue.
 */
function exitsProcess(model: FileModel): boolean {
  const hit = EXITS.get(model);
  if (hit !== undefined) return hit;
  let found = false;
  if (model.code.includes("process.exit")) {
    walk(model.ast.program, (node) => {
      if (found) return false;
      if (isCall(node)) {
        const callee = unwrap(node.callee);
        if (isMember(callee) && memberName(callee) === "exit" && unwrap(callee.object).type === "Identifier" && (unwrap(callee.object) as { name: string }).name === "process") found = true;
      }
      return;
    });
  }
  EXITS.set(model, found);
  return found;
}

function enclosingFunction(ancestors: readonly Node[]): Node | null {
  for (let i = ancestors.length - 1; i >= 0; i--) if (isFunctionNode(ancestors[i]!)) return ancestors[i]!;
  return null;
}

/** A batching Pipelines client used in a serverless handler (directly or through a helper) that returns without flushing it. */
export const pipelinesNotFlushed: FileRule = {
  meta: {
    code: "pipelines_not_flushed",
    severity: "error",
    title: "A serverless handler queues Pipelines events and returns without flushing",
    fix: "Await analytics.closeAndFlush() (or flush()) before the handler returns, or hand the flush to the platform's after-response hook; a frozen or recycled function drops the queued batch.",
    docs: "https://docs.customer.io/integrations/api/cdp/",
  },
  check({ model, project, report }) {
    const reported = new Set<Node>();
    let scriptChecked = false;
    for (const c of sitesOf(model, project).reaching) {
      if (c.kind !== "analytics") continue;
      // A one-shot script (scripts/, bin/, a shebang) ends its process when it is done, often with process.exit():
      // a batch still queued then is dropped unless the script flushes or closes the client somewhere.
      if ((model.oneShot || exitsProcess(model)) && !model.handlerKindAt(enclosingFunction(c.ancestors) ?? model.ast.program)) {
        if (scriptChecked) continue;
        scriptChecked = true;
        if (flushes(model.ast.program, model, project)) continue;
        report({
          at: c.node,
          message: `${c.label}() queues the event in a batching client, and this script never flushes or closes it; whatever is still queued when the process ends is lost.`,
          evidence: model.text(c.node),
          via: c.via,
        });
        continue;
      }
      let handler: Node | null = null;
      for (let i = c.ancestors.length - 1; i >= 0; i--) {
        const a = c.ancestors[i]!;
        if (isFunctionNode(a) && model.handlerKindAt(a) !== undefined) {
          handler = a;
          break;
        }
      }
      if (!handler || reported.has(handler)) continue;
      if (!model.isShortLived(handler)) continue;
      reported.add(handler);
      if (flushes(handler, model, project)) continue;
      report({
        at: c.node,
        message: `${c.label}() queues the event in a batching client, and this serverless handler returns without flushing it; the batch is lost when the function is frozen or recycled.`,
        evidence: model.text(c.node),
        via: c.via,
      });
    }
  },
};
