/**
 * The project model: resolves imports between the scanned files (relative
 * paths, index files, re-exports, tsconfig `paths`/`baseUrl`, CommonJS
 * `require`/`module.exports`, default and named exports, exported objects,
 * classes and their instances) and marks every function or method that,
 * transitively inside the tree, makes a Customer.io call as a sink. Callers
 * of a sink are then analysed as if they made the call, with the chain of
 * calls (`via`) from the call site to the Customer.io call.
 */
import type * as t from "@babel/types";
import path from "node:path/posix";
import { FileModel, type CallSite, type CioCall, type ClientKind, type HandlerKind, type Resolver } from "./model.js";
import { calleeName, isCall, isMember, keyName, memberName, type CallNode } from "./syntax.js";
import { WRAPPER_PACKAGES, wrapperParamIndex } from "./wrappers.js";
import { isFunctionNode, nearestFunctionIndex, unwrap, type Binding, type FunctionNode, type Node, type Scope } from "./walk.js";

export interface ViaStep {
  file: string;
  line: number;
  name: string;
}

/** Where a sink's parameter ends up in the Customer.io call. */
export type Flow =
  | { kind: "event_name"; param: number; path: string[] }
  /** The person the call is about (identify/track's first argument). */
  | { kind: "person"; param: number; path: string[]; method: "identify" | "track" }
  | { kind: "attributes"; param: number; path: string[]; where: string }
  | { kind: "timestamp"; param: number; path: string[]; key: string; where: string }
  /**
   * A generic request helper — send(method, path, body) → fetch(`${TRACK}${path}`, { method, body }) —
   * whose call sites say what the request is: the body argument, the path argument (the URL's tail),
   * and the method argument (or the method the helper fixes).
   */
  | { kind: "request"; param: number; path: string[]; pathParam: number; methodParam: number | null; method: string };

/** What a request helper's call site sends: the event or the attributes, and the person the path names. */
export interface ResolvedRequest {
  eventName?: { node: Node; scope: Scope };
  data?: { node: Node; scope: Scope };
  attributes?: { node: Node; scope: Scope };
  where: string;
}

export interface Sink {
  model: FileModel;
  fn: Node;
  /** The sink's promise waits for the Customer.io call (awaited or returned), so awaiting the sink waits too. */
  waits: boolean;
  /** A write (not only reads). */
  write: boolean;
  kind: ClientKind;
  chain: ViaStep[];
  flows: Flow[];
}

type Target =
  | { kind: "function"; model: FileModel; fn: FunctionNode }
  | { kind: "object"; model: FileModel; obj: t.ObjectExpression; scope: Scope }
  | { kind: "class"; model: FileModel; cls: t.ClassDeclaration | t.ClassExpression }
  | { kind: "instance"; model: FileModel; cls: t.ClassDeclaration | t.ClassExpression }
  | { kind: "module"; model: FileModel }
  | { kind: "client"; clientKind: ClientKind }
  | { kind: "value"; model: FileModel; node: Node; scope: Scope };

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export interface PathAliases {
  baseUrl: string | null;
  paths: Array<{ prefix: string; suffix: string; targets: string[] }>;
}

/**
 * The scanned file a module specifier names: relative paths (with or
 * without extension, `.js` written for `.ts`, index files), tsconfig
 * `paths` and `baseUrl`, and the usual `@/` and `~/` aliases. Null for
 * packages and files outside the tree.
 */
export function resolveSpecifier(fromFile: string, source: string, has: (file: string) => boolean, aliases: PathAliases): string | null {
  const fileFor = (candidate: string): string | null => {
    const base = path.normalize(candidate);
    if (has(base)) return base;
    const ext = path.extname(base);
    const stem = ext && EXTENSIONS.includes(ext) ? base.slice(0, -ext.length) : base;
    for (const e of EXTENSIONS) if (has(stem + e)) return stem + e;
    for (const e of EXTENSIONS) if (has(`${base}/index${e}`)) return `${base}/index${e}`;
    return null;
  };
  if (source.startsWith("./") || source.startsWith("../") || source === "." || source === "..") return fileFor(path.join(path.dirname(fromFile), source));
  for (const alias of aliases.paths) {
    if (!source.startsWith(alias.prefix) || !source.endsWith(alias.suffix) || source.length < alias.prefix.length + alias.suffix.length) continue;
    const star = source.slice(alias.prefix.length, source.length - alias.suffix.length);
    for (const target of alias.targets) {
      const found = fileFor(target.replace("*", star));
      if (found) return found;
    }
  }
  if (aliases.baseUrl !== null && !source.startsWith("@") && !source.includes(":")) {
    const found = fileFor(path.join(aliases.baseUrl, source));
    if (found) return found;
  }
  if (source.startsWith("@/") || source.startsWith("~/")) return fileFor(source.slice(2)) ?? fileFor(`src/${source.slice(2)}`);
  // SvelteKit's built-in alias: $lib is src/lib (kit.alias entries come in as paths).
  if (source === "$lib" || source.startsWith("$lib/")) return fileFor(`src/lib${source.slice(4)}`);
  return null;
}

export function lineOf(node: Node): number {
  return node.loc?.start.line ?? 1;
}

export class Project implements Resolver {
  readonly models = new Map<string, FileModel>();
  readonly sinks = new Map<Node, Sink>();
  private readonly resolvedCalls = new Map<Node, FunctionTarget | null>();
  private readonly moduleCache = new Map<string, FileModel | null>();

  constructor(
    models: Iterable<FileModel>,
    private readonly aliases: PathAliases = { baseUrl: null, paths: [] },
  ) {
    for (const m of models) {
      this.models.set(m.file, m);
      m.resolver = this;
      for (const d of m.decorations) {
        const list = this.decorations.get(d.name) ?? [];
        if (list.length < 4) list.push({ model: m, value: d.value, scope: d.scope });
        this.decorations.set(d.name, list);
      }
    }
    // Controller actions a route string names ("UsersController.store" in start/routes.ts) run per request.
    const actions = new Set<string>();
    for (const m of this.models.values()) for (const a of m.routeActionNames) actions.add(a);
    if (actions.size > 0) for (const m of this.models.values()) m.acceptRouteActions(actions);
  }

  /** Values decorated onto the server under a name; a name decorated with two different values resolves to neither. */
  private readonly decorations = new Map<string, Array<{ model: FileModel; value: Node; scope: Scope }>>();

  /**
   * What `<server>.name` holds when the server was decorated with it:
   * `fastify.cio`, `request.server.cio`, `this.cio` in a route handler.
   * Only for receivers that can be the server instance (a name, `this`
   * outside a class, or a `.server` member), and only for one decoration.
   */
  private decorationTarget(obj: Node, name: string, depth: number, ancestors?: readonly Node[]): Target | null {
    const list = this.decorations.get(name);
    if (!list || list.length !== 1) return null;
    const o = unwrap(obj);
    const serverLike = o.type === "Identifier" || (o.type === "ThisExpression" && (!ancestors || !enclosingClass(ancestors))) || (isMember(o) && memberName(o) === "server");
    if (!serverLike) return null;
    const d = list[0]!;
    return this.targetOf(d.model, d.value, d.scope, depth + 1);
  }

  /** Classifies every file's calls, then finds the sinks (to a fixed point). */
  analyse(): void {
    // Handlers passed through a wrapper (asyncHandler(fn), catchAsync(fn)): fn is the handler.
    for (const m of this.models.values()) {
      for (const w of m.wrappedHandlers) {
        const index = this.wrappedArgument(m, w.call, w.scope);
        const arg = index >= 0 ? (w.call.arguments[index] as Node | undefined) : undefined;
        if (arg) m.addHandler(arg, w.scope, w.kind);
      }
    }
    // Handlers given by reference live in other files (or are methods): mark them where they are.
    for (const m of this.models.values()) {
      for (const ref of m.handlerRefs) {
        // A router registration is stronger evidence than a guess from the file's name.
        const t = this.targetOf(m, ref.node, ref.scope);
        if (t?.kind === "function" && (!t.model.handlers.has(t.fn) || ref.kind === "server")) t.model.handlers.set(t.fn, ref.kind);
      }
    }
    for (const m of this.models.values()) m.classifyCalls((site) => this.resolveCall(m, site) !== null);
    // A handler that hands its response (or Koa/Hono context, or a Worker's event) to a function — controller.create(req, res) —
    // makes that function a handler too; handing it only the request (getUser(req)) does not: the caller still answers.
    for (let round = 0; round < 3; round++) {
      let marked = false;
      for (const m of this.models.values()) {
        for (const site of m.callSites) {
          const fnIdx = nearestFunctionIndex(site.ancestors);
          const handler = fnIdx >= 0 ? site.ancestors[fnIdx]! : null;
          const kind = handler ? m.handlerKindAt(handler) : undefined;
          if (!handler || !kind || !isFunctionNode(handler)) continue;
          // A handler that returns the call's result (return handle(req)) hands the whole answer over, request included.
          const returned = returnsCall(site.node, site.ancestors, fnIdx);
          const pattern = returned ? /^(req|request|res|response|reply|ctx|context|c|event)$/ : /^(res|response|reply|ctx|context|c|event)$/;
          const params = new Set(handler.params.map((p) => (p.type === "Identifier" ? p.name : "")).filter((n) => pattern.test(n)));
          if (params.size === 0) continue;
          const passes = (site.node.arguments as Node[]).some((a) => {
            // handle(req, res), or a Worker's handle(event.request); not values taken from them (req.body.id).
            const n = unwrap(a);
            if (n.type === "Identifier") return params.has(n.name);
            return isMember(n) && memberName(n) === "request" && unwrap(n.object).type === "Identifier" && params.has((unwrap(n.object) as t.Identifier).name);
          });
          if (!passes) continue;
          const target = this.resolveCall(m, site);
          if (!target) {
            if (this.markDispatchTable(m, site, kind)) marked = true;
            continue;
          }
          if (!target.model.handlers.has(target.fn)) {
            target.model.handlers.set(target.fn, kind);
            marked = true;
          }
        }
      }
      if (!marked) break;
    }
    for (const m of this.models.values()) for (const c of m.cioCalls) this.addDirectSink(m, c);
    for (let round = 0; round < 8; round++) {
      let changed = false;
      for (const m of this.models.values()) {
        for (const site of m.callSites) if (this.propagate(m, site)) changed = true;
      }
      if (!changed) break;
    }
  }

  /**
   * A handler that dispatches through a table: `const route = routes[`${req.method} ${path}`]; return route(req, res)`
   * (or routes[key](req, res)) in a plain http.createServer server. Every function the table holds is a handler,
   * wherever it is defined (handlers.collect from `import * as handlers`). At most 512 entries are read.
   */
  private markDispatchTable(m: FileModel, site: CallSite, kind: HandlerKind): boolean {
    let callee = unwrap(site.node.callee);
    let scope = site.scope;
    if (callee.type === "Identifier") {
      const b = scope.lookup(callee.name);
      if (!b || b.reassigned || !b.init) return false;
      let init = unwrap(b.init);
      // const route = routes[key] ?? notFound
      if (init.type === "LogicalExpression") init = unwrap(init.left);
      callee = init;
      scope = b.scope;
    }
    if (callee.type !== "MemberExpression" || !callee.computed) return false;
    const table = m.objectOf(callee.object, scope);
    if (!table) return false;
    let marked = false;
    const props = table.obj.properties;
    for (let i = 0; i < props.length && i < 512; i++) {
      const p = props[i]!;
      let fn: Node | null = null;
      let where = m;
      if (p.type === "ObjectMethod") fn = p;
      else if (p.type === "ObjectProperty") {
        const v = unwrap(p.value as Node);
        if (isFunctionNode(v)) fn = v;
        else if (v.type === "Identifier" || isMember(v)) {
          const t = this.targetOf(m, v, table.scope);
          if (t?.kind === "function") {
            fn = t.fn;
            where = t.model;
          }
        }
      }
      if (fn && !where.handlers.has(fn)) {
        where.handlers.set(fn, kind);
        marked = true;
      }
    }
    return marked;
  }

  // -- module resolution -------------------------------------------------------------

  /** The scanned file a module specifier names, or null (a package, or a file outside the tree). */
  resolveModule(from: FileModel, source: string): FileModel | null {
    const key = `${from.file}\0${source}`;
    if (this.moduleCache.has(key)) return this.moduleCache.get(key)!;
    const file = resolveSpecifier(from.file, source, (f) => this.models.has(f), this.aliases);
    const found = file === null ? null : (this.models.get(file) ?? null);
    this.moduleCache.set(key, found);
    return found;
  }

  /** What an exported name of a file is. */
  private exportTarget(model: FileModel, name: string, depth: number): Target | null {
    if (depth > 8) return null;
    const entry = model.exports.get(name);
    if (entry) {
      if ("from" in entry) {
        const other = this.resolveModule(model, entry.from);
        if (!other) return null;
        return entry.imported === "*" ? { kind: "module", model: other } : this.exportTarget(other, entry.imported, depth + 1);
      }
      return this.targetOf(model, entry.node, entry.scope, depth + 1);
    }
    if (model.cjsExports) {
      const whole = this.targetOf(model, model.cjsExports.node, model.cjsExports.scope, depth + 1);
      if (name === "default") return whole;
      if (whole) {
        const member = this.memberOf(whole, name, depth + 1);
        if (member) return member;
      }
    }
    for (const from of model.starExports) {
      const other = this.resolveModule(model, from);
      const t = other ? this.exportTarget(other, name, depth + 1) : null;
      if (t) return t;
    }
    return null;
  }

  private moduleObject(model: FileModel, depth: number): Target | null {
    if (model.cjsExports) return this.targetOf(model, model.cjsExports.node, model.cjsExports.scope, depth + 1);
    return { kind: "module", model };
  }

  private importTarget(model: FileModel, localName: string, depth: number): Target | null {
    const entry = model.imports.get(localName);
    if (!entry) return null;
    const other = this.resolveModule(model, entry.source);
    if (!other) return null;
    if (entry.imported === "*") return this.moduleObject(other, depth);
    if (entry.imported === "default" && !other.exports.has("default")) return this.moduleObject(other, depth);
    return this.exportTarget(other, entry.imported, depth);
  }

  /** What an expression evaluates to, as far as the project shows. */
  /**
   * Which argument of `wrapper(…)`, used as a route handler, is the handler:
   * the first of an imported wrapper package's, or the parameter a project
   * function calls from the function it returns; -1 for any other call
   * (validate(schema), rateLimit({ … }) build middleware of their own).
   */
  private wrappedArgument(model: FileModel, call: CallNode, scope: Scope): number {
    const callee = unwrap(call.callee as Node);
    if (callee.type !== "Identifier") return -1;
    const source = model.imports.get(callee.name)?.source;
    if (source !== undefined && WRAPPER_PACKAGES.has(source) && model.isImported(scope.lookup(callee.name))) {
      return (call.arguments as Node[]).findIndex((a) => isFunctionNode(unwrap(a)) || unwrap(a).type === "Identifier" || isMember(unwrap(a)));
    }
    const target = this.targetOf(model, callee, scope);
    return target?.kind === "function" ? wrapperParamIndex(target.fn) : -1;
  }

  targetOf(model: FileModel, node: Node, scope: Scope, depth = 0, ancestors?: readonly Node[]): Target | null {
    if (depth > 10) return null;
    const n = unwrap(node);
    if (isFunctionNode(n)) return { kind: "function", model, fn: n };
    switch (n.type) {
      case "ClassDeclaration":
      case "ClassExpression":
        return { kind: "class", model, cls: n };
      case "ObjectExpression":
        return { kind: "object", model, obj: n, scope };
      case "Identifier": {
        const b = scope.lookup(n.name);
        if (!b) return null;
        if (model.isImported(b)) return this.importTarget(model, n.name, depth + 1);
        if (b.kind === "function" && isFunctionNode(b.declaration)) return { kind: "function", model, fn: b.declaration };
        if (b.kind === "class" && (b.declaration.type === "ClassDeclaration" || b.declaration.type === "ClassExpression")) return { kind: "class", model, cls: b.declaration };
        const client = model.instanceBindings.get(b);
        if (client) return { kind: "client", clientKind: client };
        if (b.init && !b.reassigned && !b.ambiguous) {
          if (model.requiredModule(b.init) !== null) return this.importTarget(model, n.name, depth + 1);
          return this.targetOf(model, b.init, b.scope, depth + 1);
        }
        // function accountsRouter(accounts: AccountService): a parameter typed as a project class is one of its instances.
        if (b.kind === "param" && !b.reassigned && b.declaration.type === "Identifier") {
          const typeName = FileModel.typeName(b.declaration.typeAnnotation);
          if (typeName) return this.instanceOfType(model, typeName, depth + 1);
        }
        return null;
      }
      case "NewExpression": {
        const kind = model.clientKindOfNew(n, scope);
        if (kind) return { kind: "client", clientKind: kind };
        const cls = this.targetOf(model, n.callee, scope, depth + 1);
        if (cls?.kind === "class") return { kind: "instance", model: cls.model, cls: cls.cls };
        return null;
      }
      case "CallExpression":
      case "OptionalCallExpression": {
        const source = model.requiredModule(n);
        if (source !== null) {
          const other = this.resolveModule(model, source);
          return other ? this.moduleObject(other, depth) : null;
        }
        const fn = this.targetOf(model, n.callee, scope, depth + 1);
        if (fn?.kind === "function") {
          const k = fn.model.clientFactories.get(fn.fn);
          if (k) return { kind: "client", clientKind: k };
        }
        return null;
      }
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const name = memberName(n);
        if (!name) return null;
        const obj = unwrap(n.object);
        // this.field / this.method() inside a class
        if (obj.type === "ThisExpression" && ancestors) {
          const cls = enclosingClass(ancestors);
          if (!cls) return this.decorationTarget(obj, name, depth, ancestors);
          return this.classMember(model, cls, name, depth + 1, true);
        }
        const base = this.targetOf(model, obj, scope, depth + 1, ancestors);
        const member = base ? this.memberOf(base, name, depth + 1) : null;
        return member ?? (base === null ? this.decorationTarget(obj, name, depth, ancestors) : null);
      }
      case "AwaitExpression":
        return this.targetOf(model, n.argument, scope, depth + 1, ancestors);
      case "StringLiteral":
      case "TemplateLiteral":
      case "TSEnumDeclaration":
        return { kind: "value", model, node: n, scope };
      default:
        return null;
    }
  }

  private memberOf(base: Target, name: string, depth: number): Target | null {
    switch (base.kind) {
      case "module":
        return this.exportTarget(base.model, name, depth + 1);
      case "object": {
        const p = findProperty(base.obj, name);
        if (!p) return null;
        if (p.type === "ObjectMethod") return { kind: "function", model: base.model, fn: p };
        return this.targetOf(base.model, p.value, base.scope, depth + 1);
      }
      case "instance":
        return this.classMember(base.model, base.cls, name, depth + 1, true);
      case "class":
        return this.classMember(base.model, base.cls, name, depth + 1, false);
      default:
        return null;
    }
  }

  /** A method of a class, or what an instance field holds (a typed constructor parameter, a `new X()` field). */
  private classMember(model: FileModel, cls: t.ClassDeclaration | t.ClassExpression, name: string, depth: number, instance: boolean): Target | null {
    for (const m of cls.body.body) {
      if ((m.type === "ClassMethod" || m.type === "ClassPrivateMethod") && m.kind !== "constructor") {
        const k = m.type === "ClassMethod" ? keyName(m.key, m.computed) : m.key.id.name;
        if (k === name && (m.static ?? false) === !instance) return { kind: "function", model, fn: m };
      }
      if (m.type === "ClassProperty" && keyName(m.key, m.computed) === name && (m.static ?? false) === !instance) {
        const known = model.instanceMembers.get(name);
        if (known) return { kind: "client", clientKind: known };
        if (m.value) return this.targetOf(model, m.value, model.scopes.program, depth + 1);
        const typeName = FileModel.typeName(m.typeAnnotation);
        if (typeName) return this.instanceOfType(model, typeName, depth + 1);
      }
      if (m.type === "ClassMethod" && m.kind === "constructor") {
        for (const p of m.params) {
          if (p.type !== "TSParameterProperty") continue;
          const id = p.parameter.type === "AssignmentPattern" ? p.parameter.left : p.parameter;
          if (id.type !== "Identifier" || id.name !== name) continue;
          const known = model.instanceMembers.get(name);
          if (known) return { kind: "client", clientKind: known };
          const typeName = FileModel.typeName(id.typeAnnotation);
          if (typeName) return this.instanceOfType(model, typeName, depth + 1);
        }
      }
    }
    const known = instance ? model.instanceMembers.get(name) : undefined;
    return known ? { kind: "client", clientKind: known } : null;
  }

  private instanceOfType(model: FileModel, typeName: string, depth: number): Target | null {
    const t = this.targetOf(model, { type: "Identifier", name: typeName } as t.Identifier, model.scopes.program, depth + 1);
    return t?.kind === "class" ? { kind: "instance", model: t.model, cls: t.cls } : null;
  }

  /** The project function a call invokes, when it is one of the scanned files' functions. */
  resolveCall(model: FileModel, site: CallSite): FunctionTarget | null {
    if (this.resolvedCalls.has(site.node)) return this.resolvedCalls.get(site.node)!;
    let out: FunctionTarget | null = null;
    const callee = unwrap(site.node.callee);
    if (callee.type === "Identifier" || isMember(callee)) {
      const t = this.targetOf(model, callee, site.scope, 0, site.ancestors);
      if (t?.kind === "function") out = { model: t.model, fn: t.fn };
    }
    this.resolvedCalls.set(site.node, out);
    return out;
  }

  // -- Resolver (used by the file models) ---------------------------------------------

  importedValue(model: FileModel, binding: Binding): { model: FileModel; node: Node; scope: Scope } | null {
    const t = this.importTarget(model, binding.name, 0);
    if (!t) return null;
    if (t.kind === "value") return { model: t.model, node: t.node, scope: t.scope };
    if (t.kind === "object") return { model: t.model, node: t.obj, scope: t.scope };
    return null;
  }

  returnedObject(model: FileModel, call: Node, scope: Scope, ancestors: readonly Node[]): { model: FileModel; obj: t.ObjectExpression; scope: Scope } | null {
    if (!isCall(call)) return null;
    const fn = this.targetOf(model, call.callee, scope, 0, ancestors);
    if (fn?.kind !== "function") return null;
    const f = fn.fn;
    const fnScope = fn.model.scopes.scopeOf(f) ?? fn.model.scopes.program;
    const asObject = (n: Node) => fn.model.objectOf(n, fnScope);
    if (f.body.type !== "BlockStatement") {
      const o = asObject(f.body);
      return o ? { model: fn.model, obj: o.obj, scope: o.scope } : null;
    }
    // The first top-level return of the body.
    for (const stmt of f.body.body) {
      if (stmt.type === "ReturnStatement" && stmt.argument) {
        const o = asObject(stmt.argument);
        return o ? { model: fn.model, obj: o.obj, scope: o.scope } : null;
      }
    }
    return null;
  }

  clientKindOf(model: FileModel, node: Node, scope: Scope, ancestors: readonly Node[]): ClientKind | null {
    const t = this.targetOf(model, node, scope, 0, ancestors);
    return t?.kind === "client" ? t.clientKind : null;
  }

  // -- sinks ------------------------------------------------------------------------------

  private addDirectSink(model: FileModel, call: CioCall): void {
    if (!call.write) return;
    const { owner, waits } = model.ownerOf(call.node, call.ancestors);
    if (!owner) return;
    const flows: Flow[] = [];
    const payload = model.payloadOf(call);
    if (call.kind === "track" && (call.method === "identify" || call.method === "track") && call.node.arguments[0]) {
      const ref = model.paramRef(call.node.arguments[0] as Node, call.scope, owner);
      if (ref) flows.push({ kind: "person", param: ref.index, path: ref.path, method: call.method });
    }
    // Raw Track API: PUT /customers/{id} and POST /customers/{id}/events are identify and track for {id}.
    const httpPerson = call.kind === "http" ? model.httpPerson(call) : null;
    if (httpPerson) {
      const ref = model.paramRef(httpPerson.node, call.scope, owner);
      if (ref) flows.push({ kind: "person", param: ref.index, path: ref.path, method: httpPerson.method });
    }
    const where = call.kind === "track" || call.kind === "http" ? (call.method === "identify" || call.http?.method === "PUT" ? "identify" : "event data") : "event data";
    if (payload.eventName) {
      const ref = model.paramRef(payload.eventName, call.scope, owner);
      if (ref) flows.push({ kind: "event_name", param: ref.index, path: ref.path });
    }
    for (const part of [payload.attributes, payload.data]) {
      if (!part) continue;
      const ref = model.paramRef(part, call.scope, owner);
      if (ref) flows.push({ kind: "attributes", param: ref.index, path: ref.path, where });
      else {
        for (const { prop, scope } of model.timestampProperties(part, call.scope)) {
          const r = model.paramRef(prop.value, scope, owner);
          if (r) flows.push({ kind: "timestamp", param: r.index, path: r.path, key: keyName(prop.key, prop.computed) ?? "timestamp", where });
        }
      }
    }
    if (payload.timestamp) {
      const r = model.paramRef(payload.timestamp.value, call.scope, owner);
      if (r) flows.push({ kind: "timestamp", param: r.index, path: r.path, key: "timestamp", where: "track" });
    }
    if (call.kind === "http" && !payload.eventName && !payload.attributes && !payload.data) {
      const req = this.requestFlow(model, call, owner);
      if (req) flows.push(req);
    }
    // A batching analytics client queues and returns at once: callers never wait on it.
    const callWaits = waits && call.kind !== "analytics";
    this.merge({ model, fn: owner, waits: callWaits, write: true, kind: call.kind, chain: [{ file: model.file, line: lineOf(call.node), name: call.label }], flows });
  }

  /** The request flow of a raw call whose body and URL tail are the helper's parameters. */
  private requestFlow(model: FileModel, call: CioCall, owner: Node): Flow | null {
    const body = model.httpBody(call);
    const bodyRef = body ? model.paramRef(body, call.scope, owner) : null;
    const url = call.http?.url ? unwrap(call.http.url) : null;
    if (!bodyRef || !url || url.type !== "TemplateLiteral" || url.expressions.length === 0) return null;
    // The path is the URL's tail: `${BASE}${path}`.
    if ((url.quasis[url.quasis.length - 1]?.value.cooked ?? "") !== "") return null;
    const tail = model.paramRef(url.expressions[url.expressions.length - 1] as Node, call.scope, owner);
    if (!tail || tail.path.length > 0) return null;
    const methodNode = model.httpMethodNode(call);
    const methodRef = methodNode ? model.paramRef(methodNode, call.scope, owner) : null;
    if (methodRef && methodRef.path.length > 0) return null;
    return { kind: "request", param: bodyRef.index, path: bodyRef.path, pathParam: tail.index, methodParam: methodRef ? methodRef.index : null, method: call.http?.method ?? "POST" };
  }

  /** What a call of a request helper sends, when its method and path arguments are known here. */
  resolveRequest(model: FileModel, site: CallSite, f: Extract<Flow, { kind: "request" }>): ResolvedRequest | null {
    const args = site.node.arguments as Node[];
    const methodArg = f.methodParam !== null ? args[f.methodParam] : undefined;
    const method = f.methodParam === null ? f.method : methodArg ? model.staticStrings(methodArg, site.scope)?.[0]?.toUpperCase() : undefined;
    const pathArg = args[f.pathParam];
    const bodyArg = args[f.param];
    if (!method || !pathArg || !bodyArg) return null;
    const path = model.pathText(pathArg, site.scope);
    const body = f.path.length ? model.valueAtPath(bodyArg, site.scope, f.path) : { node: bodyArg, scope: site.scope };
    if (!body) return null;
    if (method === "PUT" && /^(\/api\/v1)?\/customers\/[^/]+$/.test(path)) return { attributes: body, where: "identify" };
    if (method === "POST" && /\/events$/.test(path)) {
      const parts = model.eventParts(body.node, body.scope);
      const o = model.objectOf(body.node, body.scope);
      const scope = o ? o.scope : body.scope;
      return {
        eventName: parts.eventName ? { node: parts.eventName, scope } : undefined,
        data: parts.data ? { node: parts.data, scope } : undefined,
        where: "event data",
      };
    }
    return null;
  }

  private merge(s: Sink): boolean {
    const existing = this.sinks.get(s.fn);
    if (!existing) {
      this.sinks.set(s.fn, s);
      return true;
    }
    let changed = false;
    if (s.waits && !existing.waits) {
      existing.waits = true;
      existing.chain = s.chain;
      existing.kind = s.kind;
      changed = true;
    }
    for (const f of s.flows) {
      const k = JSON.stringify(f);
      if (!existing.flows.some((e) => JSON.stringify(e) === k)) {
        existing.flows.push(f);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * A request helper's flow seen from one of its callers: resolved into the
   * event name, data or attributes the caller's own parameters fill
   * (trackEvent(id, name, data) → send("POST", `/customers/${id}/events`, { name, data })),
   * or handed on when the caller passes its own method, path and body through.
   */
  private requestFlowsAt(model: FileModel, site: CallSite, f: Extract<Flow, { kind: "request" }>, owner: Node): Flow[] {
    const out: Flow[] = [];
    const r = this.resolveRequest(model, site, f);
    if (r) {
      if (r.eventName) {
        const ref = model.paramRef(r.eventName.node, r.eventName.scope, owner);
        if (ref) out.push({ kind: "event_name", param: ref.index, path: ref.path });
      }
      for (const part of [r.data, r.attributes]) {
        if (!part) continue;
        const ref = model.paramRef(part.node, part.scope, owner);
        if (ref) out.push({ kind: "attributes", param: ref.index, path: ref.path, where: r.where });
        else {
          for (const { prop, scope } of model.timestampProperties(part.node, part.scope)) {
            const p = model.paramRef(prop.value, scope, owner);
            if (p) out.push({ kind: "timestamp", param: p.index, path: p.path, key: keyName(prop.key, prop.computed) ?? "timestamp", where: r.where });
          }
        }
      }
      return out;
    }
    const args = site.node.arguments as Node[];
    const ref = (i: number | null) => (i === null ? null : args[i] ? model.paramRef(args[i] as Node, site.scope, owner) : null);
    const body = ref(f.param);
    const path = ref(f.pathParam);
    const method = ref(f.methodParam);
    if (body && path && path.path.length === 0 && (f.methodParam === null || (method && method.path.length === 0))) {
      out.push({ ...f, param: body.index, path: [...body.path, ...f.path], pathParam: path.index, methodParam: method ? method.index : null });
    }
    return out;
  }

  /** The sink a call site reaches, if any. */
  sinkAt(model: FileModel, site: CallSite): Sink | null {
    const target = this.resolveCall(model, site);
    return target ? (this.sinks.get(target.fn) ?? null) : null;
  }

  private propagate(model: FileModel, site: CallSite): boolean {
    const sink = this.sinkAt(model, site);
    if (!sink) return false;
    const { owner, waits } = model.ownerOf(site.node, site.ancestors);
    if (!owner || owner === sink.fn) return false;
    const args = site.node.arguments as Node[];
    const flows: Flow[] = [];
    for (const f of sink.flows) {
      if (f.kind === "request") {
        flows.push(...this.requestFlowsAt(model, site, f, owner));
        continue;
      }
      const arg = args[f.param];
      if (!arg) continue;
      const at = f.path.length ? model.valueAtPath(arg, site.scope, f.path) : { node: arg, scope: site.scope };
      const ref = model.paramRef(at ? at.node : arg, at ? at.scope : site.scope, owner);
      if (ref) flows.push({ ...f, param: ref.index, path: at ? ref.path : [...ref.path, ...f.path] });
    }
    const step: ViaStep = { file: model.file, line: lineOf(site.node), name: calleeText(model, site.node) };
    return this.merge({ model, fn: owner, waits: waits && sink.waits, write: sink.write, kind: sink.kind, chain: [step, ...sink.chain], flows });
  }
}

/** Whether the function at `fnIdx` returns the call's result (directly, awaited, or as an arrow's body), from any of its statements. */
function returnsCall(call: Node, ancestors: readonly Node[], fnIdx: number): boolean {
  let child: Node = call;
  for (let i = ancestors.length - 1; i > fnIdx; i--) {
    const p = ancestors[i]!;
    if (p.type === "AwaitExpression" || p.type === "ParenthesizedExpression" || p.type === "TSAsExpression") {
      child = p;
      continue;
    }
    // Any return of the function itself (a dispatch: `if (path === "/x") return handleX(request)`), not one of a nested callback.
    return p.type === "ReturnStatement" && nearestFunctionIndex(ancestors, i) === fnIdx;
  }
  const fn = ancestors[fnIdx]!;
  return fn.type === "ArrowFunctionExpression" && fn.body === child;
}

export interface FunctionTarget {
  model: FileModel;
  fn: FunctionNode;
}

export function calleeText(model: FileModel, call: Node): string {
  const c = isCall(call) ? unwrap(call.callee) : call;
  return model.text(c, 60) || (calleeName(c) ?? "call");
}

function findProperty(obj: t.ObjectExpression, name: string): t.ObjectProperty | t.ObjectMethod | null {
  let found: t.ObjectProperty | t.ObjectMethod | null = null;
  for (const p of obj.properties) {
    if ((p.type === "ObjectProperty" || p.type === "ObjectMethod") && keyName(p.key, p.computed) === name) found = p;
    if (p.type === "ObjectProperty" && p.shorthand && p.value.type === "Identifier" && p.value.name === name) found = p;
  }
  return found;
}

function enclosingClass(ancestors: readonly Node[]): t.ClassDeclaration | t.ClassExpression | null {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.type === "ClassDeclaration" || a.type === "ClassExpression") return a;
  }
  return null;
}

export { nearestFunctionIndex };
