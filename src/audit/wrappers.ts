/**
 * Route-handler wrappers: router.post("/x", asyncHandler(async (req, res) => …)).
 * Express 4 does not forward a rejected promise to the error middleware, so
 * apps pass handlers through a function that returns a new handler calling
 * theirs (express-async-handler, or a home-made catchAsync / wrap / tryCatch).
 * The function passed in is then what runs per request.
 */
import type * as t from "@babel/types";
import { isCall, isMember, memberName } from "./syntax.js";
import { forEachChild, isFunctionNode, unwrap, type FunctionNode, type Node } from "./walk.js";

/** Packages whose default (or only) export wraps a handler and returns one that calls it. */
export const WRAPPER_PACKAGES: ReadonlySet<string> = new Set([
  "express-async-handler",
  "express-async-wrap",
  "express-async-wrapper",
  "express-asyncify-handler",
  "@awaitjs/express",
  "async-handler-express",
  "express-catch-async",
  "express-wrap-async",
]);

/** Nodes read in one returned function before giving up: a wrapper is a few lines. */
const MAX_NODES = 2_000;

const cache = new WeakMap<FunctionNode, number>();

/**
 * The index of the parameter a wrapper calls from the function it returns
 * (`(fn) => (req, res, next) => fn(req, res, next).catch(next)`,
 * `function catchAsync(h) { return function (req, res, next) { … h(req, res, next) … } }`),
 * or -1 when the function is not such a wrapper. Cached per function, so a
 * router with many wrapped routes reads its wrapper once.
 */
export function wrapperParamIndex(fn: FunctionNode): number {
  const hit = cache.get(fn);
  if (hit !== undefined) return hit;
  const index = computeIndex(fn);
  cache.set(fn, index);
  return index;
}

function computeIndex(fn: FunctionNode): number {
  const params = new Map<string, number>();
  fn.params.slice(0, 4).forEach((p, i) => {
    const id = p.type === "AssignmentPattern" ? p.left : p;
    if (id.type === "Identifier") params.set(id.name, i);
  });
  if (params.size === 0) return -1;
  const inner = returnedFunction(fn);
  if (!inner) return -1;
  // The returned function's own parameters hide the wrapper's of the same name.
  for (const p of inner.params) if (p.type === "Identifier") params.delete(p.name);
  return calledParam(inner.body as Node, params);
}

/** The function a wrapper returns: its arrow body, or a top-level `return function …` / `return named` of its block. */
function returnedFunction(fn: FunctionNode): FunctionNode | null {
  const body = fn.body as Node;
  if (body.type !== "BlockStatement") {
    const b = unwrap(body);
    return isFunctionNode(b) ? b : null;
  }
  const declared = new Map<string, FunctionNode>();
  for (const stmt of body.body.slice(0, 64)) {
    if (stmt.type === "FunctionDeclaration" && stmt.id) declared.set(stmt.id.name, stmt);
    if (stmt.type === "VariableDeclaration") {
      for (const d of stmt.declarations) {
        const init = d.init ? unwrap(d.init) : null;
        if (d.id.type === "Identifier" && init && isFunctionNode(init)) declared.set(d.id.name, init);
      }
    }
    if (stmt.type === "ReturnStatement" && stmt.argument) {
      const r = unwrap(stmt.argument);
      if (isFunctionNode(r)) return r;
      if (r.type === "Identifier") return declared.get(r.name) ?? null;
    }
  }
  return null;
}

/** The index of the first parameter called in `root` (p(…), p.call(…), p.apply(…)), reading at most MAX_NODES nodes. */
function calledParam(root: Node, params: ReadonlyMap<string, number>): number {
  if (params.size === 0) return -1;
  const stack: Node[] = [root];
  for (let seen = 0; stack.length > 0 && seen < MAX_NODES; seen++) {
    const n = stack.pop()!;
    if (isCall(n)) {
      let callee = unwrap(n.callee as Node);
      if (isMember(callee) && (memberName(callee) === "call" || memberName(callee) === "apply")) callee = unwrap(callee.object);
      if (callee.type === "Identifier") {
        const i = params.get((callee as t.Identifier).name);
        if (i !== undefined) return i;
      }
    }
    forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return -1;
}
