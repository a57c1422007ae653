import type * as t from "@babel/types";
import { isCall, isMember, keyName, memberName } from "../syntax.js";
import { nearestFunctionIndex, unwrap, type Binding, type FunctionNode, type Node } from "../walk.js";
import type { FileModel, NewClient } from "../model.js";
import { factoryFactsOf } from "./factories.js";
import type { FileRule } from "./types.js";

const CLASS_NAMES: Record<NewClient["kind"], string> = { track: "TrackClient", app: "APIClient", pipelines: "PipelinesClient", analytics: "Analytics" };

function factoryBinding(model: FileModel, fn: FunctionNode, anc: readonly Node[], fnIdx: number): Binding | undefined {
  const outer = model.scopes.scopeAt(anc.slice(0, fnIdx));
  if (fn.type === "FunctionDeclaration" && fn.id) return outer.lookup(fn.id.name);
  const holder = anc[fnIdx - 1];
  if (holder?.type === "VariableDeclarator" && holder.id.type === "Identifier") return outer.lookup(holder.id.name);
  return undefined;
}

const CONTEXT_PARAM = /^(ctx|context|req|request|res|response|event|c)$/;

/** Whether a member is stored on a request or context parameter of the function (ctx.state.x, req.cio, event.locals.x). */
function onRequestContext(left: Node, fn: FunctionNode, model: FileModel): boolean {
  let obj = left;
  for (let i = 0; i < 16 && isMember(obj); i++) obj = unwrap(obj.object);
  if (obj.type !== "Identifier") return false;
  const name = obj.name;
  const isParam = fn.params.some((p) => p.type === "Identifier" && p.name === name);
  return isParam && (CONTEXT_PARAM.test(name) || model.handlerKindAt(fn) !== undefined);
}

/** The object a node is the value of property `key` in (`{ key: node }` or the method `{ key() {} }`), if it is. */
function objectHolding(node: Node, anc: readonly Node[], at: number, key: string): t.ObjectExpression | null {
  const prop = node.type === "ObjectMethod" ? node : anc[at];
  if (!prop || (prop.type !== "ObjectProperty" && prop.type !== "ObjectMethod") || prop.computed) return null;
  if (prop.type === "ObjectProperty" && unwrap(prop.value) !== node) return null;
  if (keyName(prop.key, false) !== key) return null;
  const obj = node.type === "ObjectMethod" ? anc[at] : anc[at - 1];
  return obj?.type === "ObjectExpression" ? obj : null;
}

/**
 * A NestJS provider ({ provide, useFactory } or { provide, useValue }): Nest
 * builds it once per application and injects the same instance everywhere,
 * unless the provider asks for a request or transient scope.
 */
function isSingletonProvider(obj: t.ObjectExpression): boolean {
  let provides = false;
  for (const p of obj.properties) {
    if (p.type !== "ObjectProperty" || p.computed) continue;
    const k = keyName(p.key, false);
    if (k === "provide") provides = true;
    if (k === "scope") {
      const v = unwrap(p.value);
      const name = isMember(v) ? memberName(v) : v.type === "NumericLiteral" ? String(v.value) : null;
      // Scope.DEFAULT (0) is the singleton; REQUEST (2) and TRANSIENT (1) build again.
      if (name !== "DEFAULT" && name !== "0") return false;
    }
  }
  return provides;
}

/** A client built inside a function that runs per call (not once per process, not in one-shot code). */
export const clientPerRequest: FileRule = {
  meta: {
    code: "client_per_request",
    severity: "warning",
    pitfall: 9,
    title: "A Customer.io client is built on every call",
    fix: "Create the client once (module level, or lazily cached) and reuse it.",
    docs: "https://github.com/customerio/customerio-node#readme",
  },
  check({ model, project, report }) {
    // Scripts, CLI entry points, migrations and seeds run once: a client built in them is built once.
    if (model.oneShot) return;
    for (const client of model.newClients) {
      const anc = client.ancestors;
      const fnIdx = nearestFunctionIndex(anc);
      if (fnIdx < 0) continue;
      const fn = anc[fnIdx]! as FunctionNode;
      // A class that owns its client is built once per service object, not per call.
      if (fn.type === "ClassMethod" && fn.kind === "constructor") continue;
      // NestJS providers: useFactory: (config) => new TrackClient(…) runs once per application.
      const factoryOf = objectHolding(fn, anc, fnIdx - 1, "useFactory");
      if (factoryOf && isSingletonProvider(factoryOf)) continue;
      // { provide, useValue: new TrackClient(…) } in a dynamic module's forRoot(): built when the module is imported.
      const valueOf = objectHolding(client.node, anc, anc.length - 1, "useValue");
      if (valueOf && isSingletonProvider(valueOf) && !model.handlerKindAt(fn)) continue;
      // A server plugin runs once at registration; its routes share what it builds.
      if (model.runsAtRegistration(fn, anc, fnIdx)) continue;
      const parent = anc[anc.length - 1];
      // Lazy singletons: client ??= new TrackClient(...), this.client = ..., clients.set(tenant, ...)
      if (parent?.type === "AssignmentExpression" && parent.right === client.node) {
        const left = unwrap(parent.left);
        // ctx.state.cio = new TrackClient(…) in middleware stores the client on the request, not once: built per request.
        if (isMember(left) && !onRequestContext(left, fn, model)) continue;
        if (left.type === "Identifier") {
          const b = client.scope.lookup(left.name);
          if (!b || b.scope.node !== fn) continue;
        }
      }
      if (parent?.type === "LogicalExpression" && anc[anc.length - 2]?.type === "AssignmentExpression") continue;
      if (parent && isCall(parent) && memberName(unwrap(parent.callee)) === "set") continue;
      // A factory whose only callers in this file run once, at module level.
      const returned = parent?.type === "ReturnStatement" || (parent === fn && fn.type === "ArrowFunctionExpression");
      if (returned) {
        const b = factoryBinding(model, fn, anc, fnIdx);
        const sites = b ? model.localCallSites.get(b) : undefined;
        if (sites && sites.length > 0 && sites.every((s) => s.atModuleLevel)) continue;
        // An exported factory (lib/cio.ts: export function appClient(key)) called, from whichever files, only at module load.
        const callers = factoryFactsOf(project).callers.get(fn);
        if (callers && callers.length > 0 && callers.every((c) => c.once) && (!sites || sites.every((s) => s.atModuleLevel))) continue;
      }
      const where = model.handlerKindAt(fn) ? "a request handler" : "a function";
      report({
        at: client.node,
        message: `new ${CLASS_NAMES[client.kind]}() inside ${where} builds a client (and its connections) on every call.`,
        evidence: model.text(client.node),
      });
    }
  },
};
