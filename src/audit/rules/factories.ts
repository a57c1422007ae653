/**
 * Client factories across the project: functions that return a new
 * Customer.io client (`export function appClient(key) { return new
 * APIClient(key) }`) and the calls that reach them from any file, through
 * imports, barrels and re-exports. client_per_request needs the callers (a
 * factory only ever called at module load builds one client per process);
 * wrong_key_type needs the argument a caller gives as the key.
 *
 * Gathered once per project and kept on it (a WeakMap): a per-file rule that
 * looked at every file's model would make the scan quadratic. Only calls
 * whose callee is named like a factory are resolved, so the cost is one pass
 * over the call sites plus one resolution per call that may be a factory.
 */
import type { CallSite, FileModel, NewClient } from "../model.js";
import type { Project } from "../project.js";
import { isMember, keyName, memberName } from "../syntax.js";
import { nearestFunctionIndex, unwrap, type FunctionNode, type Node } from "../walk.js";

export interface FactoryCall {
  model: FileModel;
  site: CallSite;
  /** The call runs once: at module level, or anywhere in a one-shot file. */
  once: boolean;
}

export interface FactoryFacts {
  /** Every call reaching each factory, from any file. */
  callers: Map<Node, FactoryCall[]>;
  /** Factories that hand one of their parameters to `new APIClient(…)` as its key: the parameter's index, and where the client is built. */
  appKeyParam: Map<Node, { index: number; model: FileModel; client: NewClient }>;
  /** The factory calls written in each file, with the factory each one reaches. */
  callsIn: Map<FileModel, Array<{ site: CallSite; fn: Node }>>;
}

/** The function a client is returned from (`return new X()` or an arrow's body), or null. */
export function returningFunction(client: NewClient): FunctionNode | null {
  const anc = client.ancestors;
  const fnIdx = nearestFunctionIndex(anc);
  if (fnIdx < 0) return null;
  const fn = anc[fnIdx]! as FunctionNode;
  const parent = anc[anc.length - 1];
  const returned = parent?.type === "ReturnStatement" || (parent === fn && fn.type === "ArrowFunctionExpression");
  return returned ? fn : null;
}

/** The name a function is declared or held under: `function f`, `const f = () =>`, `{ f() {} }`, `f = function`. */
function nameOf(fn: FunctionNode, holder: Node | undefined): string | null {
  if ((fn.type === "FunctionDeclaration" || fn.type === "FunctionExpression") && fn.id) return fn.id.name;
  if ((fn.type === "ObjectMethod" || fn.type === "ClassMethod") && !fn.computed) return keyName(fn.key, false);
  if (!holder) return null;
  if (holder.type === "VariableDeclarator" && holder.id.type === "Identifier") return holder.id.name;
  if (holder.type === "ObjectProperty") return keyName(holder.key, holder.computed);
  if (holder.type === "AssignmentExpression") {
    const left = unwrap(holder.left);
    return left.type === "Identifier" ? left.name : isMember(left) ? memberName(left) : null;
  }
  return null;
}

/** The name a call's callee goes by, and for an imported binding the name it was exported under. */
function calleeNames(model: FileModel, site: CallSite): string[] {
  const callee = unwrap(site.node.callee);
  if (callee.type === "Identifier") {
    const imported = model.imports.get(callee.name)?.imported;
    return imported && imported !== callee.name ? [callee.name, imported] : [callee.name];
  }
  if (isMember(callee)) {
    const m = memberName(callee);
    return m ? [m] : [];
  }
  return [];
}

const FACTS = new WeakMap<Project, FactoryFacts>();

export function factoryFactsOf(project: Project): FactoryFacts {
  const hit = FACTS.get(project);
  if (hit) return hit;
  const facts: FactoryFacts = { callers: new Map(), appKeyParam: new Map(), callsIn: new Map() };
  FACTS.set(project, facts);
  const byName = new Set<string>();
  const factories = new Set<Node>();
  for (const model of project.models.values()) {
    for (const client of model.newClients) {
      const fn = returningFunction(client);
      if (!fn) continue;
      const fnIdx = client.ancestors.lastIndexOf(fn);
      const name = nameOf(fn, client.ancestors[fnIdx - 1]);
      if (!name) continue;
      byName.add(name);
      factories.add(fn);
      const key = client.node.arguments[0] ? unwrap(client.node.arguments[0] as Node) : null;
      if (client.kind === "app" && key?.type === "Identifier") {
        const b = client.scope.lookup(key.name);
        const i = b && b.kind === "param" && b.scope.node === fn ? fn.params.findIndex((p) => p.type === "Identifier" && p.name === key.name) : -1;
        if (i >= 0) facts.appKeyParam.set(fn, { index: i, model, client });
      }
    }
  }
  if (byName.size === 0) return facts;
  for (const model of project.models.values()) {
    for (const site of model.callSites) {
      const names = calleeNames(model, site);
      if (!names.some((n) => byName.has(n))) continue;
      const target = project.resolveCall(model, site);
      if (!target || !factories.has(target.fn)) continue;
      const list = facts.callers.get(target.fn) ?? [];
      list.push({ model, site, once: model.oneShot || nearestFunctionIndex(site.ancestors) < 0 });
      facts.callers.set(target.fn, list);
      const here = facts.callsIn.get(model) ?? [];
      here.push({ site, fn: target.fn });
      facts.callsIn.set(model, here);
    }
  }
  return facts;
}
