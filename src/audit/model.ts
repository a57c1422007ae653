/**
 * The per-file model the audit rules read: one parse and one walk per file
 * collect its imports and exports, its functions, the Customer.io calls it
 * makes (SDK clients, Pipelines clients, the browser snippet and raw HTTP to
 * Customer.io hosts), every other call that may reach the project's own
 * helpers, the SDK clients it builds, and which functions are request paths
 * (and of which kind) or one-shot code. The value analyses the rules share
 * (what unit a timestamp is in, what strings an event name can be, whether
 * a call is awaited, whether a loop paces itself) live here too.
 */
import type * as t from "@babel/types";
import type { ViaStep } from "./project.js";
import { MILLISECOND_TIMESTAMP_THRESHOLD, isPersonalFieldName, isTimestampKey } from "../domain/index.js";
import {
  calleeName,
  chainRoot,
  isCall,
  isMember,
  isNewOf,
  keyName,
  memberName,
  nameWords,
  nodeText,
  parseSource,
  type CallNode,
} from "./syntax.js";
import {
  buildScopes,
  isFunctionNode,
  knownValue,
  nearestFunctionIndex,
  unwrap,
  walk,
  type Binding,
  type FunctionNode,
  type Node,
  type Scope,
  type ScopeIndex,
} from "./walk.js";

/** track/app: customerio-node clients; pipelines: customerio-node PipelinesClient; analytics: the batching cdp-analytics client. */
export type ClientKind = "track" | "app" | "snippet" | "pipelines" | "analytics" | "http";

export type TimeUnit = "ms" | "seconds" | "date" | "unknown";

/** What a project reference resolves to (filled in by the project model). */
export interface Resolver {
  /** The value an imported name stands for, in the file that defines it. */
  importedValue(model: FileModel, binding: Binding): { model: FileModel; node: Node; scope: Scope } | null;
  /** The object literal a project function returns, for a call of it (`await store.join()` → `{ joinedAt: Date.now() }`). */
  returnedObject(model: FileModel, call: CallNode, scope: Scope, ancestors: readonly Node[]): { model: FileModel; obj: t.ObjectExpression; scope: Scope } | null;
  /** The SDK client kind an imported name or a call result is, when the project shows it. */
  clientKindOf(model: FileModel, node: Node, scope: Scope, ancestors: readonly Node[]): ClientKind | null;
}

export interface CioCall {
  node: CallNode;
  method: string;
  kind: ClientKind;
  ancestors: Node[];
  scope: Scope;
  /** Changes data at Customer.io (reads are left out of the request-path and rate rules). */
  write: boolean;
  /** Named only by a usual client name, not proven to be an SDK client. */
  byName: boolean;
  /** How the call reads in a via chain: `cio.track`, `fetch PUT /customers`. */
  label: string;
  /** HTTP: the method and path of a raw request. */
  http?: { method: string; path: string; url?: Node };
}

export interface CallSite {
  node: CallNode;
  ancestors: Node[];
  scope: Scope;
}

export interface NewClient {
  node: t.NewExpression;
  kind: "track" | "app" | "pipelines" | "analytics";
  ancestors: Node[];
  scope: Scope;
}

/** A literal event name seen in a track call (for the cross-file naming check). */
export interface EventNameUse {
  name: string;
  file: string;
  line: number;
  column: number;
  /** The chain through the project's helpers, when the name is passed to one. */
  via?: ViaStep[];
}

export type ExportEntry = { node: Node; scope: Scope } | { from: string; imported: string };

export interface ImportEntry {
  source: string;
  /** "default", "*" (the module object) or an exported name. */
  imported: string;
}

/** Where a request path runs: a long-running server (blocking matters) or a serverless function (it must await, and flush). */
export type HandlerKind = "server" | "worker" | "serverless";

/** Wrapped route handlers noted per file; past this a file is generated or hostile, not a router. */
const MAX_WRAPPED_HANDLERS = 4096;

const TRACK_WRITE_METHODS = new Set([
  "identify",
  "track",
  "trackAnonymous",
  "trackPageView",
  "trackPush",
  "destroy",
  "suppress",
  "unsuppress",
  "addDevice",
  "deleteDevice",
  "mergeCustomers",
  "batch",
  "entity",
  "addCustomersToSegment",
  "removeCustomersFromSegment",
  "submitForm",
  "reportMetric",
  "unsubscribe",
]);
const APP_WRITE_METHODS = new Set(["sendEmail", "sendPush", "sendSMS", "sendInboxMessage", "sendInApp", "triggerBroadcast"]);
const APP_READ_METHODS = new Set(["getCustomersByEmail", "getAttributes", "listExports", "getExport", "downloadExport", "createCustomersExport", "createDeliveriesExport"]);
const PIPELINES_METHODS = new Set(["identify", "track", "page", "screen", "group", "alias", "batch"]);
const SNIPPET_METHODS = new Set(["identify", "track", "page"]);
const HTTP_VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "request"]);
/** superagent's request builders: a chain of them ends in the call that is awaited. */
const SUPERAGENT_BUILDERS = new Set(["send", "set", "auth", "type", "accept", "query", "timeout", "retry", "field", "attach", "end", "ok", "redirects", "withCredentials", "use", "buffer", "responseType"]);
const HTTP_LIBRARIES = new Set(["axios", "got", "ky", "superagent", "request", "needle", "ofetch", "$fetch", "undici"]);

// Lower-cased names people give a Customer.io track client.
const TRACK_CLIENT_NAMES = new Set([
  "cio",
  "customerio",
  "cioclient",
  "customerioclient",
  "trackclient",
  "ciotrack",
  "ciotrackclient",
  "customeriotrack",
  "customeriotrackclient",
  "track",
]);
const APP_CLIENT_NAMES = new Set(["cioapi", "cioapiclient", "customerioapi", "customerioapiclient", "cioapp", "cioappclient"]);
const CLIENT_GETTERS = new Set(["getcio", "getcioclient", "getcustomerio", "getcustomerioclient", "usecio", "usecustomerio", "gettrackclient"]);

const CIO_HOSTS = [
  "track.customer.io",
  "track-eu.customer.io",
  "api.customer.io",
  "api-eu.customer.io",
  "beta-api.customer.io",
  "beta-api-eu.customer.io",
  "cdp.customer.io",
  "cdp-eu.customer.io",
];

export function sdkClassKind(name: string | null): "track" | "app" | "pipelines" | null {
  if (name === "TrackClient" || name === "CustomerIO") return "track";
  if (name === "APIClient") return "app";
  if (name === "PipelinesClient") return "pipelines";
  return null;
}

/** The SDK package itself (not its internals such as dist/lib/request). */
export function isSdkModule(source: string): boolean {
  return source === "customerio-node" || source === "customerio-node/api" || source === "customerio-node/track" || source === "customerio-node/pipelines";
}

export function isAnalyticsModule(source: string): boolean {
  return source === "@customerio/cdp-analytics-node" || source === "@customerio/cdp-analytics-browser" || source === "@customerio/cdp-analytics-js";
}

const LOOP_TYPES = new Set(["ForStatement", "ForOfStatement", "ForInStatement", "WhileStatement", "DoWhileStatement"]);
const COLLECTION_CALLBACKS = new Set(["forEach", "map", "flatMap"]);
const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "use"]);
const ROUTER_NAME = /^(app|router|server|fastify|api|routes?|instance|koa|hono)$|(Router|App|Server|Routes|Api)$/;
const ROUTER_FACTORIES = new Set(["express", "Router", "Fastify", "fastify", "Hono", "Koa", "Elysia", "createRouter", "Application", "polka", "restify"]);
/** Packages that build long-running HTTP servers and routers. */
const WEB_FRAMEWORKS = new Set([
  "express", "express-promise-router", "router", "fastify", "koa", "@koa/router", "koa-router", "@hapi/hapi", "hapi", "restify", "polka",
  "hono", "elysia", "h3", "connect", "micro", "find-my-way", "itty-router", "@adonisjs/core", "@hono/node-server", "tinyhttp", "@tinyhttp/app",
]);
/** "UsersController.store", "Admin/UsersController@index": a class ending in Controller and a method (bounded repetitions, no nesting). */
const ROUTE_ACTION = /(?:^|[/.])([A-Za-z_$][\w$]{0,100}Controller)[.@]([A-Za-z_$][\w$]{0,100})$/;
/** Frameworks whose routes dispatch to controller classes by name or reference. */
function isControllerFramework(source: string): boolean {
  return (
    source.startsWith("@adonisjs/") || source.startsWith("@ioc:Adonis/") || source === "koa" || source.startsWith("@koa/") || source === "koa-router" ||
    source === "routing-controllers" || source.startsWith("@nestjs/") || source === "egg" || source.startsWith("@foal/") || source.startsWith("@midwayjs/") ||
    source.startsWith("@tsed/") || source === "inversify-express-utils" || source.startsWith("@loopback/")
  );
}
/** HTTP clients and request mocks: their verb methods take a path and a callback too, and build no route. */
const HTTP_CLIENT_MODULES = new Set([
  "axios", "got", "ky", "needle", "superagent", "node-fetch", "undici", "nock", "supertest", "fetch-mock", "msw", "msw/node",
  "request", "request-promise", "request-promise-native", "phin", "bent", "wretch", "ofetch", "cross-fetch", "isomorphic-fetch",
]);
/** Calls on a framework's module that build a server or router: Hapi.server(), restify.createServer(), express.Router(). */
const SERVER_BUILDERS = new Set(["server", "Server", "createServer", "createApp", "createRouter", "Router", "router", "app", "application"]);
const NODE_HTTP_MODULES = new Set(["http", "https", "http2", "node:http", "node:https", "node:http2"]);
const EVENT_HANDLER_FACTORIES = new Set(["defineEventHandler", "eventHandler", "defineCachedEventHandler", "cachedEventHandler"]);
const EVENT_HANDLER_SOURCES = new Set(["h3", "nitropack", "nitropack/runtime", "#imports", "vinxi/http", "nuxt/app"]);
/** What a controller action's first parameter destructures from the request context (Adonis, Koa-style controllers). */
const CONTEXT_KEYS = new Set(["request", "response", "params", "auth", "session", "req", "res", "ctx"]);
/** The methods a route object may name (`method: "post"`, `method: ["GET", "HEAD"]`, Hapi's "*"). */
const ROUTE_VERBS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ALL", "*"]);

function isHttpVerbString(node: Node): boolean {
  const v = unwrap(node);
  if (v.type === "StringLiteral") return ROUTE_VERBS.has(v.value.toUpperCase());
  if (v.type === "TemplateLiteral" && v.expressions.length === 0) return ROUTE_VERBS.has((v.quasis[0]?.value.cooked ?? "").toUpperCase());
  return false;
}

/** A verb string, or an array of verb strings (bounded: route objects list a few methods). */
function isHttpVerbValue(node: Node): boolean {
  const v = unwrap(node);
  if (v.type !== "ArrayExpression") return isHttpVerbString(v);
  if (v.elements.length === 0 || v.elements.length > 16) return false;
  return v.elements.every((e) => e !== null && e.type !== "SpreadElement" && isHttpVerbString(e as Node));
}

/** A path a router mounts: a string or template literal whose text starts with "/". */
function startsWithSlash(node: Node): boolean {
  const v = unwrap(node);
  if (v.type === "StringLiteral") return v.value.startsWith("/");
  if (v.type === "TemplateLiteral") return (v.quasis[0]?.value.cooked ?? "").startsWith("/");
  return false;
}

const HTTP_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const RESPONSE_METHODS = new Set(["json", "jsonp", "send", "end", "sendStatus", "redirect", "render", "sendFile"]);
const NEST_DECORATORS = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Head", "Options", "Mutation", "Query", "Subscription", "MessagePattern", "EventPattern"]);
const GRAPHQL_ROOTS = new Set(["Mutation", "Query", "Subscription"]);
const FIREBASE_BACKGROUND = /^on[A-Z]/;
/** SvelteKit's server-only route modules and server hooks (their names are fixed by the framework). */
const SVELTEKIT_SERVER_ROUTE = /(^|\/)\+(page|layout)\.server\.[cm]?[jt]s$/;
const SVELTEKIT_HOOKS = /(^|\/)hooks\.server\.[cm]?[jt]s$/;
const PAUSE_CALL = /^(sleep|delay|wait|pause|throttle|settimeout|backoff|ratelimit|acquire|removetokens|consume|schedule|limit)/i;
/** Callbacks these run later, detached from the caller's promise. */
const DETACHING_CALLS = new Set(["setImmediate", "setTimeout", "queueMicrotask", "nextTick", "after", "waitUntil", "on", "once", "addListener", "addEventListener"]);
const ONE_SHOT_DIRS = new Set(["scripts", "script", "bin", "migrations", "migration", "migrate", "seeds", "seed", "seeders", "tools", "cli"]);

export class FileModel {
  readonly scopes: ScopeIndex;
  readonly imports = new Map<string, ImportEntry>();
  readonly exports = new Map<string, ExportEntry>();
  readonly starExports: string[] = [];
  /** `module.exports = …` */
  cjsExports: { node: Node; scope: Scope } | null = null;
  /** Modules this file loads (for resolution). */
  readonly requested = new Set<string>();

  readonly cioCalls: CioCall[] = [];
  readonly callSites: CallSite[] = [];
  readonly newClients: NewClient[] = [];
  readonly handlers = new Map<Node, HandlerKind>();
  /** Handlers given by reference (imported, or a member of an object or instance), resolved by the project. */
  readonly handlerRefs: Array<{ node: Node; scope: Scope; kind: HandlerKind }> = [];
  /**
   * Handlers passed through a call (router.post("/x", asyncHandler(async (req, res) => …))):
   * the project decides, once it can read the wrapper's definition, which argument is the handler.
   */
  readonly wrappedHandlers: Array<{ call: CallNode; scope: Scope; kind: HandlerKind }> = [];
  /** Fastify decorations: instance.decorate("cio", client) makes `fastify.cio`, `request.server.cio` and `this.cio` that value. */
  readonly decorations: Array<{ name: string; value: Node; scope: Scope }> = [];
  /** Functions whose callers in this file all run once at module level. */
  readonly eventNames: EventNameUse[] = [];
  /** The whole file is one-shot code: a script, CLI entry, migration or seed. */
  readonly oneShot: boolean;
  /** Local names bound to the SDK's classes. */
  readonly classNames = new Map<string, "track" | "app" | "pipelines" | "analytics">();
  /** Local names bound to the whole SDK module. */
  readonly namespaces = new Set<string>();
  readonly dateFns = new Map<string, TimeUnit>();
  usesCioModule = false;
  /** Bindings and members that hold an SDK client (or an HTTP client built for a Customer.io host). */
  readonly instanceBindings = new Map<Binding, ClientKind>();
  readonly instanceMembers = new Map<string, ClientKind>();
  /** Functions that return an SDK client (lazy getters, factories). */
  readonly clientFactories = new Map<Node, ClientKind>();
  /** Call sites per local binding, for the factory-called-once check. */
  readonly localCallSites = new Map<Binding, Array<{ atModuleLevel: boolean }>>();
  /** Functions with a "use server" directive or in a "use server" file. */
  private readonly serverActionFile: boolean;

  private readonly candidates: Array<{ node: CallNode; ancestors: Node[]; scope: Scope }> = [];
  private readonly pauseCache = new WeakMap<Node, boolean>();
  resolver: Resolver | null = null;

  constructor(
    readonly code: string,
    readonly file: string,
    readonly ast: t.File,
  ) {
    this.scopes = buildScopes(ast.program);
    const segments = file.split("/");
    this.oneShot =
      segments.slice(0, -1).some((s) => ONE_SHOT_DIRS.has(s)) || code.startsWith("#!") || code.includes("require.main === module") || /\.(?:config|seed|migration)\.[cm]?[jt]s$/.test(file);
    this.serverActionFile = ast.program.directives?.some((d) => d.value.value === "use server") ?? false;
    this.collectImports();
    this.collect();
  }

  /** A module-level name bound by an import or a require (`const { track } = require("./cio")`). */
  isImported(binding: Binding | undefined): boolean {
    if (!binding) return false;
    if (binding.kind === "import") return true;
    return binding.scope === this.scopes.program && !binding.reassigned && this.imports.has(binding.name);
  }

  static parse(code: string, file: string): FileModel {
    return new FileModel(code, file, parseSource(code, file));
  }

  text(node: Node, max = 120): string {
    return nodeText(this.code, node, max);
  }

  // -- imports and exports ---------------------------------------------------

  private collectImports(): void {
    for (const stmt of this.ast.program.body) {
      if (stmt.type === "ImportDeclaration") {
        const source = stmt.source.value;
        this.requested.add(source);
        if (source === "date-fns" || source.startsWith("date-fns/")) {
          for (const spec of stmt.specifiers) {
            if (spec.type !== "ImportSpecifier") continue;
            const imported = keyName(spec.imported);
            if (imported === "getUnixTime" || imported === "millisecondsToSeconds") this.dateFns.set(spec.local.name, "seconds");
            if (imported === "getTime") this.dateFns.set(spec.local.name, "ms");
          }
        }
        for (const spec of stmt.specifiers) {
          const imported = spec.type === "ImportSpecifier" ? (keyName(spec.imported) ?? "default") : spec.type === "ImportDefaultSpecifier" ? "default" : "*";
          this.imports.set(spec.local.name, { source, imported });
        }
        this.noteSdkImport(source, stmt.specifiers.map((s) => ({ local: s.local.name, imported: s.type === "ImportSpecifier" ? keyName(s.imported) : null })));
      } else if (stmt.type === "VariableDeclaration") {
        for (const d of stmt.declarations) if (d.init) this.collectRequire(d.id, d.init);
      } else if (stmt.type === "ExportNamedDeclaration") {
        const scope = this.scopes.program;
        if (stmt.source) {
          const from = stmt.source.value;
          this.requested.add(from);
          for (const s of stmt.specifiers) {
            if (s.type === "ExportSpecifier") this.exports.set(keyName(s.exported) ?? "", { from, imported: keyName(s.local) ?? "default" });
            else if (s.type === "ExportNamespaceSpecifier") this.exports.set(s.exported.name, { from, imported: "*" });
          }
          continue;
        }
        const d = stmt.declaration;
        if (d) {
          if ((d.type === "FunctionDeclaration" || d.type === "ClassDeclaration" || d.type === "TSEnumDeclaration") && d.id) this.exports.set(d.id.name, { node: d, scope });
          if (d.type === "VariableDeclaration") {
            for (const v of d.declarations) {
              if (v.id.type === "Identifier" && v.init) this.exports.set(v.id.name, { node: v.init, scope });
              if (v.init) this.collectRequire(v.id, v.init);
            }
          }
        }
        for (const s of stmt.specifiers) {
          if (s.type === "ExportSpecifier" && s.local.type === "Identifier") {
            this.exports.set(keyName(s.exported) ?? "", { node: s.local, scope });
          }
        }
      } else if (stmt.type === "ExportDefaultDeclaration") {
        this.exports.set("default", { node: stmt.declaration as Node, scope: this.scopes.program });
      } else if (stmt.type === "ExportAllDeclaration") {
        this.requested.add(stmt.source.value);
        this.starExports.push(stmt.source.value);
      } else if (stmt.type === "ExpressionStatement") {
        const e = unwrap(stmt.expression);
        if (e.type === "AssignmentExpression") this.noteCjsExport(e.left, e.right);
      }
    }
  }

  private noteCjsExport(left: Node, right: Node): void {
    const l = unwrap(left);
    if (!isMember(l)) return;
    const obj = unwrap(l.object);
    const prop = memberName(l);
    // module.exports = …
    if (obj.type === "Identifier" && obj.name === "module" && prop === "exports") {
      this.cjsExports = { node: right, scope: this.scopes.program };
      return;
    }
    // exports.x = … / module.exports.x = …
    const isExportsObj = (obj.type === "Identifier" && obj.name === "exports") || (isMember(obj) && memberName(obj) === "exports" && unwrap(obj.object).type === "Identifier");
    if (isExportsObj && prop) this.exports.set(prop, { node: right, scope: this.scopes.program });
  }

  private noteSdkImport(source: string, specs: Array<{ local: string; imported: string | null }>): void {
    if (isAnalyticsModule(source)) {
      this.usesCioModule = true;
      for (const s of specs) if (s.imported === "Analytics" || s.imported === null) this.classNames.set(s.local, "analytics");
      return;
    }
    if (!isSdkModule(source)) return;
    this.usesCioModule = true;
    for (const s of specs) {
      if (s.imported === null) this.namespaces.add(s.local);
      else {
        const kind = sdkClassKind(s.imported);
        if (kind) this.classNames.set(s.local, kind);
      }
    }
  }

  /** The module a `require("x")` / `await import("x")` expression loads. */
  requiredModule(node: Node): string | null {
    let n = unwrap(node);
    if (n.type === "AwaitExpression") n = unwrap(n.argument);
    if (n.type === "ImportExpression" && n.source.type === "StringLiteral") return n.source.value;
    if (n.type === "CallExpression" && n.callee.type === "Import" && n.arguments[0]?.type === "StringLiteral") return n.arguments[0].value;
    if (n.type === "CallExpression" && n.callee.type === "Identifier" && n.callee.name === "require") {
      const arg = n.arguments[0];
      if (arg && arg.type === "StringLiteral") return arg.value;
    }
    return null;
  }

  private collectRequire(id: Node, init: Node): void {
    const direct = this.requiredModule(init);
    if (direct !== null) {
      this.requested.add(direct);
      if (id.type === "Identifier") {
        this.imports.set(id.name, { source: direct, imported: "*" });
        this.noteSdkImport(direct, [{ local: id.name, imported: null }]);
      } else if (id.type === "ObjectPattern") {
        const specs: Array<{ local: string; imported: string | null }> = [];
        for (const p of id.properties) {
          if (p.type !== "ObjectProperty" || p.value.type !== "Identifier") continue;
          const imported = keyName(p.key, p.computed);
          if (!imported) continue;
          this.imports.set(p.value.name, { source: direct, imported });
          specs.push({ local: p.value.name, imported });
        }
        this.noteSdkImport(direct, specs);
      }
      return;
    }
    // const TrackClient = require("customerio-node").TrackClient
    const n = unwrap(init);
    if (isMember(n) && id.type === "Identifier") {
      const source = this.requiredModule(n.object);
      const prop = memberName(n);
      if (source !== null && prop) {
        this.requested.add(source);
        this.imports.set(id.name, { source, imported: prop });
        this.noteSdkImport(source, [{ local: id.name, imported: prop }]);
      }
    }
  }

  // -- SDK clients -------------------------------------------------------------

  /** Whether `new X(...)` builds a Customer.io client, and which. */
  clientKindOfNew(node: t.NewExpression, scope: Scope): NewClient["kind"] | null {
    const callee = unwrap(node.callee);
    if (callee.type === "Identifier") {
      const known = this.classNames.get(callee.name);
      if (known) return known;
      if (this.namespaces.has(callee.name)) return "track";
      // An unresolved TrackClient is the SDK's (a snippet with its import elsewhere); a local or foreign one is not.
      if (scope.lookup(callee.name)) return null;
      const kind = sdkClassKind(callee.name);
      return kind;
    }
    if (isMember(callee)) {
      const kind = sdkClassKind(memberName(callee));
      if (!kind) return null;
      const obj = unwrap(callee.object);
      if (obj.type === "Identifier" && this.namespaces.has(obj.name)) return kind;
      const source = this.requiredModule(obj);
      if (source !== null && isSdkModule(source)) return kind;
    }
    return null;
  }

  private typeIsClient(annotation: Node | null | undefined): ClientKind | null {
    if (!annotation || annotation.type !== "TSTypeAnnotation") return null;
    return this.typeNodeIsClient(annotation.typeAnnotation);
  }

  private typeNodeIsClient(node: Node): ClientKind | null {
    let ref = node;
    // TrackClient | null
    if (ref.type === "TSUnionType") ref = ref.types.find((x) => x.type === "TSTypeReference") ?? ref;
    if (ref.type !== "TSTypeReference") return null;
    const name = ref.typeName.type === "Identifier" ? ref.typeName.name : ref.typeName.type === "TSQualifiedName" ? ref.typeName.right.name : null;
    if (name && this.classNames.has(name)) return this.classNames.get(name)!;
    return sdkClassKind(name);
  }

  /** The type name a parameter or property is declared with (`service: CustomerioService` → CustomerioService). */
  static typeName(annotation: Node | null | undefined): string | null {
    if (!annotation || annotation.type !== "TSTypeAnnotation") return null;
    const ref = annotation.typeAnnotation;
    if (ref.type !== "TSTypeReference") return null;
    return ref.typeName.type === "Identifier" ? ref.typeName.name : null;
  }

  private newClientKind(value: Node, scope: Scope): ClientKind | null {
    let v = unwrap(value);
    if (v.type === "AwaitExpression") v = unwrap(v.argument);
    // existing || new TrackClient(…), ok ? new TrackClient(…) : null
    if (v.type === "LogicalExpression") v = unwrap(v.right);
    if (v.type === "ConditionalExpression") {
      const a = unwrap(v.consequent);
      v = a.type === "NewExpression" ? a : unwrap(v.alternate);
    }
    if (v.type === "NewExpression") return this.clientKindOfNew(v, scope);
    if (isCall(v)) return this.httpClientOfCreate(v, scope);
    return null;
  }

  /** `axios.create({ baseURL: "https://track.customer.io/…" })`, `ky.create({ prefixUrl })`, `got.extend({ prefixUrl })`. */
  private httpClientOfCreate(call: CallNode, scope: Scope): ClientKind | null {
    const callee = unwrap(call.callee);
    const m = memberName(callee);
    if (!isMember(callee) || (m !== "create" && m !== "extend")) return null;
    const lib = unwrap(callee.object);
    if (lib.type !== "Identifier" || !HTTP_LIBRARIES.has(lib.name)) return null;
    const opts = call.arguments[0] ? this.objectOf(call.arguments[0], scope) : null;
    if (!opts) return null;
    const base = this.property(opts.obj, "baseURL") ?? this.property(opts.obj, "prefixUrl") ?? this.property(opts.obj, "baseUrl");
    return base && this.isCioUrl(base.value, opts.scope) ? "http" : null;
  }

  /** Whether a URL expression names a Customer.io host (literally, through a constant, or an environment variable named for Customer.io). */
  isCioUrl(node: Node, scope: Scope, depth = 0): boolean {
    if (depth > 4) return false;
    const n = unwrap(node);
    if (n.type === "StringLiteral") return CIO_HOSTS.some((h) => n.value.includes(h));
    if (n.type === "TemplateLiteral") {
      const head = n.quasis[0]?.value.cooked ?? "";
      if (CIO_HOSTS.some((h) => head.includes(h))) return true;
      const first = n.expressions[0];
      return head === "" && first !== undefined && this.isCioUrl(first, scope, depth + 1);
    }
    if (n.type === "BinaryExpression" && n.operator === "+") return this.isCioUrl(n.left, scope, depth + 1);
    if (n.type === "LogicalExpression") return this.isCioUrl(n.left, scope, depth + 1) || this.isCioUrl(n.right, scope, depth + 1);
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      if (kv) return this.isCioUrl(kv.value, kv.scope, depth + 1);
      const b = scope.lookup(n.name);
      if (b && this.isImported(b) && this.resolver) {
        const v = this.resolver.importedValue(this, b);
        if (v) return v.model.isCioUrl(v.node, v.scope, depth + 1);
      }
      // const { trackUrl } = config.customerio: a URL setting taken from a Customer.io settings object.
      const d = b?.declaration;
      if (b && !b.reassigned && d?.type === "VariableDeclarator" && d.id.type === "ObjectPattern" && d.init) {
        return namesUrl(nameWords(n.name, 200)) && chainNamesCio(d.init);
      }
      return false;
    }
    if (isMember(n)) {
      const words = nameWords(memberName(n) ?? "", 200);
      // process.env.CUSTOMERIO_TRACK_URL, config.cioBaseUrl, config.customerio.trackUrl
      return namesUrl(words) && (namesCio(words) || chainNamesCio(n.object));
    }
    return false;
  }

  // -- the walk ------------------------------------------------------------------

  private collect(): void {
    const stack: Scope[] = [this.scopes.program];
    const enter = (node: Node, ancestors: readonly Node[]): void => {
      const scope = stack[stack.length - 1]!;
      if (isFunctionNode(node)) stack.push(this.scopes.scopeOf(node) ?? scope);
      switch (node.type) {
        case "NewExpression": {
          const kind = this.clientKindOfNew(node, scope);
          if (kind) this.newClients.push({ node, kind, ancestors: ancestors.slice(), scope });
          break;
        }
        case "CallExpression":
        case "OptionalCallExpression": {
          const callee = unwrap(node.callee);
          if (callee.type === "Identifier") {
            const b = scope.lookup(callee.name);
            if (b) {
              const list = this.localCallSites.get(b) ?? [];
              list.push({ atModuleLevel: nearestFunctionIndex(ancestors) < 0 });
              this.localCallSites.set(b, list);
            }
          }
          if (callee.type === "Identifier" || isMember(callee) || isCall(callee)) this.candidates.push({ node, ancestors: ancestors.slice(), scope });
          this.noteRouteRegistration(node, scope);
          this.noteDecoration(node, scope);
          this.noteFirebaseTrigger(node);
          this.noteCloudFunction(node, scope);
          this.noteAzureFunction(node, scope);
          this.noteServe(node, scope);
          this.noteCreateServer(node, scope);
          this.noteEventHandler(node, scope);
          this.noteProcedure(node);
          // Service-worker style Workers: addEventListener("fetch", (event) => event.respondWith(handle(event.request)))
          if (callee.type === "Identifier" && callee.name === "addEventListener" && node.arguments[0]?.type === "StringLiteral" && node.arguments[0].value === "fetch" && node.arguments[1]) {
            this.addHandler(node.arguments[1] as Node, scope, "worker");
          }
          break;
        }
        case "VariableDeclarator": {
          // export const handler = middy(checkout).use(jsonBodyParser())
          if (node.id.type === "Identifier" && node.init && ancestors[ancestors.length - 2]?.type === "ExportNamedDeclaration") {
            this.noteWrappedLambda(node.id.name, node.init, scope);
          }
          if (node.id.type === "Identifier") {
            const b = scope.lookup(node.id.name);
            const kind = (node.init && this.newClientKind(node.init, scope)) || this.typeIsClient(node.id.typeAnnotation);
            if (b && kind) this.instanceBindings.set(b, kind);
          }
          break;
        }
        case "AssignmentExpression": {
          // exports.handler = middy(checkout) / module.exports.handler = wrap(fn)
          {
            const l = unwrap(node.left);
            const obj = isMember(l) ? unwrap(l.object) : null;
            const exported = obj && ((obj.type === "Identifier" && obj.name === "exports") || (isMember(obj) && memberName(obj) === "exports")) ? memberName(l as t.MemberExpression) : null;
            if (exported) this.noteWrappedLambda(exported, node.right, scope);
          }
          const kind = this.newClientKind(node.right, scope);
          const left = unwrap(node.left);
          if (left.type === "Identifier") {
            const b = scope.lookup(left.name);
            if (b && kind) this.instanceBindings.set(b, kind);
          } else if (isMember(left)) {
            const name = memberName(left);
            if (name && kind) this.instanceMembers.set(name, kind);
          }
          break;
        }
        case "ObjectExpression":
          this.noteRouteObject(node, scope);
          break;
        case "ClassProperty":
        case "ClassPrivateProperty": {
          const name = node.type === "ClassProperty" ? keyName(node.key, node.computed) : node.key.id.name;
          const kind = (node.value && this.clientKindOfValue(node.value, scope)) || this.typeIsClient(node.typeAnnotation);
          if (name && kind) this.instanceMembers.set(name, kind);
          break;
        }
        case "TSParameterProperty": {
          // constructor(private readonly cio: TrackClient)
          const p = node.parameter;
          const id = p.type === "AssignmentPattern" ? p.left : p;
          if (id.type === "Identifier") {
            const kind = this.typeIsClient(id.typeAnnotation);
            if (kind) this.instanceMembers.set(id.name, kind);
          }
          break;
        }
        case "Identifier": {
          // A parameter typed as a client: function f(cio: TrackClient)
          const parent = ancestors[ancestors.length - 1];
          if (parent && isFunctionNode(parent) && (parent.params as Node[]).includes(node)) {
            const kind = this.typeIsClient(node.typeAnnotation);
            const b = this.scopes.scopeOf(parent)?.lookup(node.name);
            if (kind && b) this.instanceBindings.set(b, kind);
          }
          break;
        }
        case "ReturnStatement": {
          // Factories: functions that return an SDK client.
          const fnIdx = nearestFunctionIndex(ancestors);
          if (node.argument && fnIdx >= 0) {
            const kind = this.clientKindOfValue(node.argument, scope);
            if (kind) this.clientFactories.set(ancestors[fnIdx]!, kind);
          }
          break;
        }
        case "ExportDefaultDeclaration": {
          const d = unwrap(node.declaration as Node);
          if (d.type === "Identifier") {
            const fn = this.functionOf(d, scope);
            if (fn && (this.isVercelFunctionFile() || this.isNetlifyFunctionFile())) this.handlers.set(fn, "serverless");
            else if (fn && this.looksLikeNextApiHandler(fn)) this.handlers.set(fn, "server");
          }
          // export default withAuth(handler)
          if (isCall(d)) {
            for (const arg of d.arguments) {
              const a = unwrap(arg as Node);
              const fn = a.type === "Identifier" ? this.functionOf(a, scope) : null;
              if (fn && this.looksLikeNextApiHandler(fn)) this.handlers.set(fn, "server");
            }
          }
          // Cloudflare Workers: export default { async fetch(request, env, ctx) { … } }
          if (d.type === "ObjectExpression") {
            for (const p of d.properties) {
              const name = p.type === "ObjectMethod" || p.type === "ObjectProperty" ? keyName(p.key, p.computed) : null;
              if (name !== "fetch" && name !== "scheduled" && name !== "queue") continue;
              const fn = p.type === "ObjectMethod" ? p : p.type === "ObjectProperty" ? unwrap(p.value) : null;
              if (fn && isFunctionNode(fn)) this.handlers.set(fn, name === "fetch" ? "worker" : "serverless");
            }
          }
          break;
        }
        case "StringLiteral":
          this.noteRouteActionString(node.value);
          break;
        default:
          break;
      }
      if (isFunctionNode(node)) {
        const kind = this.frameworkHandlerKind(node, ancestors);
        if (kind && !this.handlers.has(node)) this.handlers.set(node, kind);
        const declared = this.typeIsClient(node.returnType);
        if (declared) this.clientFactories.set(node, declared);
      }
    };
    walk(this.ast.program, enter, (node) => {
      if (isFunctionNode(node)) stack.pop();
    });

  }

  /** The client kind a value is: a new client, or a binding holding one. */
  private clientKindOfValue(node: Node, scope: Scope): ClientKind | null {
    const n = unwrap(node);
    const direct = this.newClientKind(n, scope);
    if (direct) return direct;
    if (n.type === "Identifier") {
      const b = scope.lookup(n.name);
      return b ? (this.instanceBindings.get(b) ?? null) : null;
    }
    if (n.type === "AssignmentExpression") return this.newClientKind(n.right, scope);
    if (isMember(n) && unwrap(n.object).type === "ThisExpression") return this.instanceMembers.get(memberName(n) ?? "") ?? null;
    return null;
  }

  /** Classifies the collected calls once the project can resolve names across files. */
  classifyCalls(isProjectCall: (site: CallSite) => boolean): void {
    for (const c of this.candidates) {
      if (isProjectCall(c)) {
        this.callSites.push(c);
        continue;
      }
      const call = this.asCioCall(c.node, c.ancestors, c.scope);
      if (call) this.cioCalls.push(call);
      else this.callSites.push(c);
    }
    this.candidates.length = 0;
  }

  // -- request paths -------------------------------------------------------------

  private isRouterObject(node: Node, scope: Scope): boolean {
    const n = unwrap(node);
    if (n.type === "Identifier") {
      if (ROUTER_NAME.test(n.name)) return true;
      const kv = knownValue(n.name, scope);
      return kv ? this.buildsServer(kv.value, kv.scope) : false;
    }
    if (n.type === "ThisExpression") return false;
    // new Elysia().get(…), Hapi.server().route(…): a server built in the chain itself.
    if (n.type === "NewExpression" || (isCall(n) && this.buildsServer(n, scope))) return this.buildsServer(n, scope);
    if (isMember(n)) {
      const name = memberName(n);
      return name !== null && ROUTER_NAME.test(name);
    }
    // app.route("/x").get(...), router.get(...).post(...)
    if (isCall(n)) {
      const m = memberName(unwrap(n.callee));
      return m === "route" || (m !== null && ROUTE_METHODS.has(m));
    }
    return false;
  }

  /** Whether a module was imported from a web framework package. */
  private fromWebFramework(name: string, scope: Scope): boolean {
    if (!this.isImported(scope.lookup(name))) return false;
    const source = this.imports.get(name)?.source;
    return source !== undefined && WEB_FRAMEWORKS.has(source);
  }

  /**
   * Whether a value is a server or router a framework builds, whatever it is
   * then called: express(), new Koa(), Hapi.server(), restify.createServer(),
   * a renamed default import (import build from "fastify"; build()).
   */
  private buildsServer(value: Node, scope: Scope): boolean {
    const v = unwrap(value);
    if (v.type !== "NewExpression" && !isCall(v)) return false;
    const callee = unwrap(v.callee as Node);
    if (callee.type === "Identifier") return ROUTER_FACTORIES.has(callee.name) || this.fromWebFramework(callee.name, scope);
    if (!isMember(callee)) return false;
    const obj = unwrap(callee.object);
    const m = memberName(callee);
    return obj.type === "Identifier" && m !== null && SERVER_BUILDERS.has(m) && this.fromWebFramework(obj.name, scope);
  }

  /** Whether the module imports a web framework (a route-shaped call there is a route, whatever its receiver is called). */
  private importsWebFramework(): boolean {
    if (this.webFrameworkFile === undefined) {
      this.webFrameworkFile = false;
      for (const i of this.imports.values()) if (WEB_FRAMEWORKS.has(i.source)) this.webFrameworkFile = true;
    }
    return this.webFrameworkFile;
  }
  private webFrameworkFile: boolean | undefined;

  /**
   * Whether a receiver is, or is built from, an HTTP client or a test mock
   * the module imports: the module itself (needle, got), a call or chain
   * rooted at it (nock(host).put, request(app).get, axios.create()), or a
   * const holding one. Depth-bounded: a chain of consts is followed a few
   * links only.
   */
  private rootedAtHttpClient(node: Node, scope: Scope, depth: number): boolean {
    if (depth > 4) return false;
    let n = unwrap(node);
    // Walk down members and calls to the chain's root, a bounded number of links.
    for (let i = 0; i < 32; i++) {
      if (isMember(n)) n = unwrap(n.object);
      else if (isCall(n) || n.type === "NewExpression") n = unwrap(n.callee as Node);
      else break;
    }
    if (n.type !== "Identifier") return false;
    const b = scope.lookup(n.name);
    if (this.isImported(b)) return HTTP_CLIENT_MODULES.has(this.imports.get(n.name)?.source ?? "");
    if (b && !b.reassigned && b.init) return this.rootedAtHttpClient(b.init, b.scope, depth + 1);
    return false;
  }

  /** `x.post("/signup", handler)`: a path literal first and a function last, as every router's verb methods take. */
  private isRouteShaped(node: CallNode, scope: Scope): boolean {
    const args = node.arguments;
    if (args.length < 2) return false;
    const first = unwrap(args[0] as Node);
    const path = first.type === "StringLiteral" ? first.value : first.type === "TemplateLiteral" ? (first.quasis[0]?.value.cooked ?? "") : null;
    if (path === null || !path.startsWith("/")) return false;
    const last = unwrap(args[args.length - 1] as Node);
    return isFunctionNode(last) || (last.type === "Identifier" && this.functionOf(last, scope) !== null);
  }

  /** Node's own servers: http.createServer((req, res) => …), createServer(options, handler) from node:https. */
  private noteCreateServer(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (calleeName(callee) !== "createServer") return;
    const root = isMember(callee) ? unwrap(callee.object) : callee;
    if (root.type !== "Identifier" || !this.isImported(scope.lookup(root.name))) return;
    const source = this.imports.get(root.name)?.source;
    if (source === undefined || !NODE_HTTP_MODULES.has(source)) return;
    for (const arg of node.arguments.slice(0, 2)) {
      const a = unwrap(arg as Node);
      if (a.type !== "ObjectExpression") this.addHandler(a, scope, "server");
    }
  }

  /** h3 / Nitro / Nuxt: defineEventHandler(fn) or eventHandler({ handler }), imported or (in Nuxt) auto-imported. */
  private noteEventHandler(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (callee.type !== "Identifier" || !EVENT_HANDLER_FACTORIES.has(callee.name)) return;
    const b = scope.lookup(callee.name);
    if (b && !(this.isImported(b) && EVENT_HANDLER_SOURCES.has(this.imports.get(callee.name)?.source ?? ""))) return;
    const arg = node.arguments[0] ? unwrap(node.arguments[0] as Node) : null;
    if (!arg) return;
    if (arg.type !== "ObjectExpression") return this.addHandler(arg, scope, "server");
    for (const p of arg.properties) {
      if (p.type === "ObjectMethod" && keyName(p.key, p.computed) === "handler") this.handlers.set(p, "server");
      if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === "handler") this.addHandler(p.value, scope, "server");
    }
  }

  /**
   * An action of a controller class (`class UsersController { async store({ request, response }) }`).
   * The shape alone also fits a batch `ImportController.run(ctx)`, so it
   * counts only in a module of a framework built on controllers (Adonis,
   * Koa, routing-controllers, Egg, Foal…, type imports included); other
   * shapes are kept as candidates that a route string naming them
   * ("UsersController.store", in any file of the project) confirms.
   */
  private isControllerAction(fn: FunctionNode, ancestors: readonly Node[]): boolean {
    if (fn.type !== "ClassMethod" || fn.kind !== "method" || fn.static) return false;
    const cls = ancestors[ancestors.length - 2];
    const name = cls && (cls.type === "ClassDeclaration" || cls.type === "ClassExpression") ? cls.id?.name : undefined;
    if (!name || !name.endsWith("Controller")) return false;
    const first = fn.params[0];
    let shaped = false;
    if (first?.type === "Identifier") shaped = first.name === "ctx" || first.name === "context";
    else if (first?.type === "ObjectPattern") shaped = first.properties.some((p) => p.type === "ObjectProperty" && CONTEXT_KEYS.has(keyName(p.key, p.computed) ?? ""));
    if (!shaped) return false;
    if (this.importsControllerFramework()) return true;
    const method = keyName(fn.key, fn.computed);
    if (method) this.controllerCandidates.push({ fn, action: `${name}.${method}` });
    return false;
  }
  /** Controller-shaped actions in a module of no controller framework, waiting for a route string that names them. */
  readonly controllerCandidates: Array<{ fn: FunctionNode; action: string }> = [];
  /** Strings naming a controller action, as route files register them: "UsersController.store" (or "UsersController@store"). */
  readonly routeActionNames = new Set<string>();

  /** Confirms the candidates a route string of the project names (called by the project, once every file is read). */
  acceptRouteActions(names: ReadonlySet<string>): void {
    for (const c of this.controllerCandidates) if (names.has(c.action) && !this.handlers.has(c.fn)) this.handlers.set(c.fn, "server");
  }

  private importsControllerFramework(): boolean {
    if (this.controllerFrameworkFile === undefined) {
      this.controllerFrameworkFile = false;
      for (const source of this.requested) if (isControllerFramework(source)) this.controllerFrameworkFile = true;
    }
    return this.controllerFrameworkFile;
  }
  private controllerFrameworkFile: boolean | undefined;

  /** Notes a string literal that names a controller action ("UsersController.store", "Admin/UsersController.index"). */
  private noteRouteActionString(value: string): void {
    if (value.length > 200 || !value.includes("Controller")) return;
    const m = ROUTE_ACTION.exec(value);
    if (m && this.routeActionNames.size < 4096) this.routeActionNames.add(`${m[1]}.${m[2]}`);
  }

  private noteRouteRegistration(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (!isMember(callee)) return;
    const method = memberName(callee);
    if (!method) return;
    if (method === "route" && this.isRouterObject(callee.object, scope)) {
      // fastify.route({ method, url, handler }) / server.route({ handler })
      const options = node.arguments[0] ? unwrap(node.arguments[0]) : null;
      if (options && options.type === "ObjectExpression") {
        for (const p of options.properties) {
          if (p.type === "ObjectMethod" && keyName(p.key, p.computed) === "handler") this.handlers.set(p, "server");
          if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === "handler") this.addHandler(p.value, scope, "server");
        }
      }
      return;
    }
    if (!ROUTE_METHODS.has(method)) return;
    if (!this.isRouterObject(callee.object, scope) && !(this.importsWebFramework() && this.isRouteShaped(node, scope))) return;
    // needle.get("/x", cb), nock(host).put("/x", reply), request(app).get("/x"), an `api` made by got.extend():
    // a router's shape or name on a client or a mock, which registers no route.
    if (this.rootedAtHttpClient(callee.object, scope, 0)) return;
    // app.get("setting") reads an Express setting; a route needs a path and a handler.
    if (node.arguments.length < 2 && method !== "use") return;
    for (const arg of node.arguments) this.addHandler(arg, scope, "server");
  }

  /**
   * A route described as data, whatever registers it: `{ method: "POST",
   * path: "/x", handler }` (Hapi server.route, arrays of routes a module
   * exports, fastify.route, route tables handed to a loop). A method and a
   * path (or url) beside a handler is what every such table has in common;
   * the handler runs per request in the server process.
   */
  private noteRouteObject(obj: t.ObjectExpression, scope: Scope): void {
    let method = false;
    let where = false;
    let handler: t.ObjectMethod | t.ObjectProperty | null = null;
    // Route objects are small; the bound keeps a hostile literal linear.
    for (let i = 0; i < obj.properties.length && i < 64; i++) {
      const p = obj.properties[i]!;
      if (p.type !== "ObjectProperty" && p.type !== "ObjectMethod") continue;
      const k = keyName(p.key, p.computed);
      // Azure's app.http("name", { methods, route, handler }) is a serverless function, noted as such: not these keys.
      // Key names alone are not enough: a pipeline step { method: "identify", path: "customers", handler } has them too.
      if (k === "method") method = p.type === "ObjectProperty" && isHttpVerbValue(p.value as Node);
      else if (k === "path" || k === "url") where = p.type === "ObjectProperty" && startsWithSlash(p.value as Node);
      else if (k === "handler") handler = p;
    }
    if (!method || !where || !handler) return;
    if (handler.type === "ObjectMethod") {
      if (!this.handlers.has(handler)) this.handlers.set(handler, "server");
      return;
    }
    const v = unwrap(handler.value);
    const fn = isFunctionNode(v) ? v : v.type === "Identifier" ? this.functionOf(v, scope) : null;
    if (fn && this.handlers.has(fn)) return;
    this.addHandler(handler.value, scope, "server");
  }

  private noteDecoration(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (!isMember(callee) || memberName(callee) !== "decorate") return;
    const [name, value] = node.arguments;
    if (name?.type === "StringLiteral" && value && value.type !== "SpreadElement" && value.type !== "ArgumentPlaceholder") {
      this.decorations.push({ name: name.value, value: value as Node, scope });
    }
  }

  /**
   * Whether a function runs once, when the server is put together rather
   * than per request: a Fastify plugin (wrapped in fastify-plugin, handed to
   * register(), or typed FastifyPluginAsync/FastifyPluginCallback). What it
   * builds is shared by every request its routes then serve.
   */
  runsAtRegistration(fn: FunctionNode, ancestors: readonly Node[], fnIdx: number): boolean {
    const parent = ancestors[fnIdx - 1];
    if (parent && isCall(parent) && (parent.arguments as Node[]).includes(fn)) {
      const callee = unwrap(parent.callee);
      if (isMember(callee) && memberName(callee) === "register") return true;
      if (callee.type === "Identifier" && this.imports.get(callee.name)?.source === "fastify-plugin") return true;
    }
    if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") {
      const typeName = FileModel.typeName(parent.id.typeAnnotation);
      if (typeName !== null && /^FastifyPlugin(Async|Callback)?$/.test(typeName)) return true;
    }
    return false;
  }

  /** tRPC procedures: publicProcedure.input(…).mutation(async ({ input }) => …) run per request. */
  private noteProcedure(node: CallNode): void {
    const callee = unwrap(node.callee);
    const m = memberName(callee);
    if (!isMember(callee) || (m !== "mutation" && m !== "query" && m !== "subscription")) return;
    const root = chainRoot(callee.object);
    const rootName = root.type === "Identifier" ? root.name : "";
    if (!/procedure$/i.test(rootName) && !this.code.includes("@trpc/server")) return;
    for (const arg of node.arguments) {
      const a = unwrap(arg as Node);
      if (isFunctionNode(a)) this.handlers.set(a, "server");
    }
  }

  /** Firebase HTTPS functions: onRequest/onCall (and functions.https.onRequest) run per request but, serverless, must await. */
  private noteFirebaseTrigger(node: CallNode): void {
    const name = calleeName(node.callee);
    if (!name || !FIREBASE_BACKGROUND.test(name)) return;
    const isFirebase = [...this.imports.values()].some((i) => i.source.startsWith("firebase-functions"));
    if (!isFirebase) return;
    for (const arg of node.arguments) {
      const a = unwrap(arg);
      // HTTPS functions (onRequest/onCall) and background triggers alike must await before they return.
      if (isFunctionNode(a)) this.handlers.set(a, "serverless");
    }
  }

  /** Google Cloud Functions: functions.http("name", handler) / cloudEvent("name", handler) from the functions framework; frozen between calls. */
  private noteCloudFunction(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    const name = calleeName(callee);
    if (name !== "http" && name !== "cloudEvent") return;
    const root = isMember(callee) ? unwrap(callee.object) : callee;
    if (root.type !== "Identifier" || this.imports.get(root.name)?.source !== "@google-cloud/functions-framework") return;
    const handler = node.arguments[1];
    if (node.arguments[0]?.type === "StringLiteral" && handler) this.addHandler(handler as Node, scope, "serverless");
  }

  /** Azure Functions v4: app.http("name", { handler }), app.timer(…), app.storageQueue(…) from @azure/functions; frozen between invocations. */
  private noteAzureFunction(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (!isMember(callee) || node.arguments[0]?.type !== "StringLiteral") return;
    const root = unwrap(callee.object);
    if (root.type !== "Identifier" || this.imports.get(root.name)?.source !== "@azure/functions") return;
    const options = node.arguments[1] ? unwrap(node.arguments[1] as Node) : null;
    if (options?.type !== "ObjectExpression") return;
    for (const p of options.properties) {
      if (p.type === "ObjectMethod" && keyName(p.key, p.computed) === "handler") this.handlers.set(p, "serverless");
      if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === "handler") this.addHandler(p.value, scope, "serverless");
    }
  }

  /**
   * Long-running fetch servers: Bun.serve({ fetch }), Deno.serve(handler),
   * Deno.serve(options, handler), Deno.serve({ handler }). Each request runs
   * the handler while the process lives on, as in a Node server.
   */
  private noteServe(node: CallNode, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (!isMember(callee) || memberName(callee) !== "serve") return;
    const root = unwrap(callee.object);
    if (root.type !== "Identifier" || (root.name !== "Bun" && root.name !== "Deno") || scope.lookup(root.name)) return;
    for (const arg of node.arguments) {
      const a = unwrap(arg as Node);
      if (a.type !== "ObjectExpression") {
        this.addHandler(a, scope, "server");
        continue;
      }
      for (const p of a.properties) {
        const name = p.type === "ObjectMethod" || p.type === "ObjectProperty" ? keyName(p.key, p.computed) : null;
        if (name !== "fetch" && name !== "handler") continue;
        if (p.type === "ObjectMethod") this.handlers.set(p, "server");
        else if (p.type === "ObjectProperty") this.addHandler(p.value, scope, "server");
      }
    }
  }

  /**
   * A Vercel function module: it imports @vercel/node, or exports a
   * `config` that picks its runtime (`export const config = { runtime:
   * "edge" }`). Its default export is the function, frozen once it answers.
   */
  private isVercelFunctionFile(): boolean {
    if (this.vercelFile !== undefined) return this.vercelFile;
    let found = false;
    for (const i of this.imports.values()) if (i.source === "@vercel/node") found = true;
    for (const stmt of this.ast.program.body) {
      if (found) break;
      if (stmt.type !== "ExportNamedDeclaration" || stmt.declaration?.type !== "VariableDeclaration") continue;
      for (const d of stmt.declaration.declarations) {
        const init = d.init ? unwrap(d.init) : null;
        if (d.id.type !== "Identifier" || d.id.name !== "config" || init?.type !== "ObjectExpression") continue;
        found = init.properties.some((p) => p.type === "ObjectProperty" && keyName(p.key, p.computed) === "runtime");
      }
    }
    this.vercelFile = found;
    return found;
  }
  private vercelFile: boolean | undefined;

  /** A Netlify function module (v2: its default export is the function): under netlify/functions or netlify/edge-functions, or importing Netlify's types. */
  private isNetlifyFunctionFile(): boolean {
    if (/(^|\/)netlify\/(edge-)?functions\//.test(this.file)) return true;
    for (const i of this.imports.values()) if (i.source === "@netlify/functions" || i.source === "@netlify/edge-functions") return true;
    return false;
  }

  addHandler(arg: Node, scope: Scope, kind: HandlerKind): void {
    const a = unwrap(arg);
    if (isFunctionNode(a)) this.handlers.set(a, kind);
    else if (a.type === "Identifier") {
      const fn = this.functionOf(a, scope);
      if (fn) this.handlers.set(fn, kind);
      // An imported handler: router.post("/x", signup) — marked in its own file once imports resolve.
      else if (this.isImported(scope.lookup(a.name))) this.handlerRefs.push({ node: a, scope, kind });
    } else if (isMember(a)) {
      // router.post("/x", authController.signup), a handler object or controller instance.
      this.handlerRefs.push({ node: a, scope, kind });
    } else if (isCall(a) && memberName(unwrap(a.callee)) === "bind" && isMember(unwrap(a.callee))) {
      // router.post("/x", controller.create.bind(controller))
      this.addHandler((unwrap(a.callee) as t.MemberExpression).object, scope, kind);
    } else if (a.type === "ArrayExpression") {
      for (const e of a.elements) if (e) this.addHandler(e, scope, kind);
    } else if (isCall(a) && unwrap(a.callee).type === "Identifier" && a.arguments.length > 0 && this.wrappedHandlers.length < MAX_WRAPPED_HANDLERS) {
      // asyncHandler(fn), catchAsync(fn), wrap(fn): a candidate until the project reads the wrapper.
      this.wrappedHandlers.push({ call: a, scope, kind });
    }
  }

  /** The function a name refers to: a declaration or a const bound to one. */
  functionOf(id: t.Identifier, scope: Scope): FunctionNode | null {
    const b = scope.lookup(id.name);
    if (!b) return null;
    if (b.kind === "function" && isFunctionNode(b.declaration)) return b.declaration;
    const init = b.init ? unwrap(b.init) : null;
    if (init && isFunctionNode(init) && !b.reassigned) return init;
    return null;
  }

  private looksLikeNextApiHandler(fn: FunctionNode): boolean {
    const names = fn.params.map((p) => (p.type === "Identifier" ? p.name : ""));
    const reqRes = /^req(uest)?$/i.test(names[0] ?? "") && /^res(ponse)?$/i.test(names[1] ?? "");
    return reqRes || /(^|\/)pages\/api\//.test(this.file);
  }

  private hasUseServer(fn: FunctionNode): boolean {
    return fn.body.type === "BlockStatement" && (fn.body.directives?.some((d) => d.value.value === "use server") ?? false);
  }

  private isAwsLambdaFile(): boolean {
    for (const i of this.imports.values()) if (i.source === "aws-lambda" || i.source.startsWith("@types/aws-lambda") || i.source === "@middy/core") return true;
    return false;
  }

  /**
   * A Lambda handler exported through a wrapper: `export const handler =
   * middy(checkout).use(parser())`, `exports.handler = withSentry(fn)`. The
   * wrapped function is the handler, frozen once it returns. Read in a
   * Lambda module (aws-lambda types, middy), or when the export is named
   * handler; the middleware chain is followed at most 32 links.
   */
  private noteWrappedLambda(exportedName: string, value: Node, scope: Scope): void {
    if (exportedName !== "handler" && !this.isAwsLambdaFile()) return;
    let v = unwrap(value);
    for (let i = 0; i < 32 && isCall(v); i++) {
      const callee = unwrap(v.callee);
      const m = isMember(callee) ? memberName(callee) : null;
      if (m !== "use" && m !== "before" && m !== "after" && m !== "onError") break;
      v = unwrap((callee as t.MemberExpression).object);
    }
    if (!isCall(v) || isMember(unwrap(v.callee))) return;
    const first = v.arguments[0];
    if (!first || first.type === "SpreadElement" || first.type === "ArgumentPlaceholder") return;
    const a = unwrap(first as Node);
    const fn = isFunctionNode(a) ? a : a.type === "Identifier" ? this.functionOf(a, scope) : null;
    if (fn && !this.handlers.has(fn)) this.handlers.set(fn, "serverless");
  }

  /** `(event, context)` parameters in a functions/ or lambda/ directory: a Lambda-style handler. */
  private looksLikeLambda(fn: FunctionNode): boolean {
    if (!/(^|\/)(functions|lambdas?|netlify)\//.test(this.file) || /(^|\/)(app|pages)\//.test(this.file)) return false;
    const first = fn.params[0];
    return first?.type === "Identifier" && /^(event|evt|e)$/.test(first.name);
  }

  /** Next.js route exports and server actions, Pages API routes, Nest and GraphQL resolvers, Lambda handlers. */
  private frameworkHandlerKind(fn: FunctionNode, ancestors: readonly Node[]): HandlerKind | null {
    const parent = ancestors[ancestors.length - 1];
    const grand = ancestors[ancestors.length - 2];
    const exportedName = this.exportedNameOf(fn, ancestors);
    if (exportedName !== null) {
      if (HTTP_EXPORTS.has(exportedName)) return "server";
      // Remix / React Router route modules: action and loader run per request.
      if ((exportedName === "action" || exportedName === "loader") && /(^|\/)routes\//.test(this.file)) return "server";
      // SvelteKit: load in +page.server/+layout.server, handle/handleFetch in hooks.server run per request.
      if (exportedName === "load" && SVELTEKIT_SERVER_ROUTE.test(this.file)) return "server";
      if ((exportedName === "handle" || exportedName === "handleFetch") && SVELTEKIT_HOOKS.test(this.file)) return "server";
      if (this.serverActionFile && (fn.async ?? false)) return "server";
      if (this.isAwsLambdaFile() || exportedName === "handler" || this.looksLikeLambda(fn)) return "serverless";
    }
    if (this.hasUseServer(fn)) return "server";
    if (parent?.type === "ExportDefaultDeclaration" && (this.isVercelFunctionFile() || this.isNetlifyFunctionFile())) return "serverless";
    if (parent?.type === "ExportDefaultDeclaration") return this.looksLikeNextApiHandler(fn) ? "server" : null;
    // export default withAuth(async (req, res) => …) / export const POST = withAuth(async (req) => …)
    if (parent && isCall(parent) && (parent.arguments as Node[]).includes(fn)) {
      if (grand?.type === "ExportDefaultDeclaration") return this.looksLikeNextApiHandler(fn) ? "server" : null;
      if (grand?.type === "VariableDeclarator" && grand.id.type === "Identifier" && HTTP_EXPORTS.has(grand.id.name)) {
        return ancestors[ancestors.length - 4]?.type === "ExportNamedDeclaration" ? "server" : null;
      }
    }
    if (this.isControllerAction(fn, ancestors)) return "server";
    if ((fn.type === "ClassMethod" || fn.type === "ClassPrivateMethod") && fn.decorators) {
      for (const d of fn.decorators) {
        const e = unwrap(d.expression);
        if (isCall(e) && e.callee.type === "Identifier" && NEST_DECORATORS.has(e.callee.name)) return "server";
      }
    }
    // GraphQL resolver maps: const Mutation = { signUp: async () => … }, resolvers = { Mutation: { … } }
    const holder = fn.type === "ObjectMethod" ? parent : parent?.type === "ObjectProperty" && parent.value === fn ? grand : null;
    if (holder?.type === "ObjectExpression") {
      const idx = ancestors.indexOf(holder);
      const owner = ancestors[idx - 1];
      // SvelteKit form actions: export const actions = { default: async (event) => …, save: … } in +page.server.
      if (
        SVELTEKIT_SERVER_ROUTE.test(this.file) &&
        owner?.type === "VariableDeclarator" &&
        owner.id.type === "Identifier" &&
        owner.id.name === "actions" &&
        ancestors[idx - 3]?.type === "ExportNamedDeclaration"
      ) {
        return "server";
      }
      const ownerName =
        owner?.type === "VariableDeclarator" && owner.id.type === "Identifier" ? owner.id.name : owner?.type === "ObjectProperty" ? keyName(owner.key, owner.computed) : null;
      if (ownerName && GRAPHQL_ROOTS.has(ownerName)) return "server";
    }
    return null;
  }

  /** The exported name of a module-level function (`export function f`, `export const f = …`, `exports.f = …`). */
  private exportedNameOf(fn: FunctionNode, ancestors: readonly Node[]): string | null {
    const parent = ancestors[ancestors.length - 1];
    if (fn.type === "FunctionDeclaration" && fn.id && parent?.type === "ExportNamedDeclaration") return fn.id.name;
    if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" && ancestors[ancestors.length - 3]?.type === "ExportNamedDeclaration") return parent.id.name;
    if (parent?.type === "AssignmentExpression" && parent.right === fn) {
      const l = unwrap(parent.left);
      const obj = isMember(l) ? unwrap(l.object) : null;
      if (obj && ((obj.type === "Identifier" && obj.name === "exports") || (isMember(obj) && memberName(obj) === "exports"))) return memberName(l);
    }
    return null;
  }

  handlerKindAt(fn: Node): HandlerKind | undefined {
    return this.handlers.get(fn);
  }

  /**
   * Whether a handler runs in a function that may be frozen once it
   * answers: Lambda, Firebase, Workers, and the request paths platforms
   * such as Vercel deploy as serverless functions (Next.js route handlers,
   * Pages API routes, server actions, a root api/ directory).
   */
  isShortLived(fn: Node): boolean {
    const kind = this.handlers.get(fn);
    if (kind === "serverless" || kind === "worker") return true;
    if (kind !== "server") return false;
    return (
      /(^|\/)app\/(.*\/)?route\.[cm]?[jt]sx?$/.test(this.file) ||
      /(^|\/)pages\/api\//.test(this.file) ||
      /^api\//.test(this.file) ||
      this.serverActionFile ||
      (isFunctionNode(fn) && this.hasUseServer(fn))
    );
  }

  // -- Customer.io calls -----------------------------------------------------------

  /** What kind of Customer.io client a receiver is, and whether only its name says so. */
  receiverKind(receiver: Node, scope: Scope, ancestors: readonly Node[]): { kind: ClientKind; byName: boolean } | null {
    const r = unwrap(receiver);
    if (r.type === "Identifier") {
      if (r.name === "_cio") return { kind: "snippet", byName: false };
      const b = scope.lookup(r.name);
      const known = b ? this.instanceBindings.get(b) : undefined;
      if (known) return { kind: known, byName: false };
      if (this.isImported(b) || (b && b.init && this.requiredModule(b.init) !== null)) {
        const resolved = this.resolver?.clientKindOf(this, r, scope, ancestors);
        if (resolved) return { kind: resolved, byName: false };
      }
      if (b && b.init) {
        // const cio = client(); const api = getClient()
        const init = unwrap(b.init);
        if (isCall(init)) {
          const k = this.resolver?.clientKindOf(this, init, b.scope, ancestors);
          if (k) return { kind: k, byName: false };
        }
      }
      const lower = r.name.toLowerCase();
      if (TRACK_CLIENT_NAMES.has(lower) || APP_CLIENT_NAMES.has(lower)) {
        // `const cio = new Analytics()` is somebody else's client.
        if (b && b.init && unwrap(b.init).type === "NewExpression") return null;
        return { kind: APP_CLIENT_NAMES.has(lower) ? "app" : "track", byName: true };
      }
      return null;
    }
    if (isMember(r)) {
      const name = memberName(r);
      if (!name) return null;
      if (name === "_cio") return { kind: "snippet", byName: false };
      const known = this.instanceMembers.get(name);
      if (known) return { kind: known, byName: false };
      // fastify.cio after fastify.decorate("cio", new TrackClient(…)), wherever the decoration was made.
      const resolved = this.resolver?.clientKindOf(this, r, scope, ancestors);
      if (resolved) return { kind: resolved, byName: false };
      const lower = name.toLowerCase();
      if (APP_CLIENT_NAMES.has(lower)) return { kind: "app", byName: true };
      if (TRACK_CLIENT_NAMES.has(lower)) return { kind: "track", byName: true };
      return null;
    }
    if (isCall(r)) {
      const k = this.resolver?.clientKindOf(this, r, scope, ancestors);
      if (k) return { kind: k, byName: false };
      const name = calleeName(r.callee);
      if (name && CLIENT_GETTERS.has(name.toLowerCase())) return { kind: "track", byName: true };
    }
    return null;
  }

  private asCioCall(node: CallNode, ancestors: Node[], scope: Scope): CioCall | null {
    const http = this.asHttpCall(node, scope);
    if (http) return this.isInnerOfChain(node, ancestors) ? null : { node, ancestors, scope, ...http };
    const callee = unwrap(node.callee);
    if (!isMember(callee)) return null;
    const method = memberName(callee);
    if (!method) return null;
    const receiver = this.receiverKind(callee.object, scope, ancestors);
    if (!receiver) return null;
    const { kind, byName } = receiver;
    const label = `${this.text(callee, 50)}`;
    switch (kind) {
      case "track": {
        if (!TRACK_WRITE_METHODS.has(method)) return null;
        // customerio-node's track takes (id, { name, … }); a string second argument is some wrapper's API.
        if (byName && (method === "track" || method === "trackAnonymous")) {
          const ev = node.arguments[1];
          if (!ev || ev.type === "StringLiteral" || ev.type === "TemplateLiteral") return null;
        }
        return { node, method, kind, ancestors, scope, write: true, byName, label };
      }
      case "app":
        if (APP_WRITE_METHODS.has(method)) return { node, method, kind, ancestors, scope, write: true, byName, label };
        if (APP_READ_METHODS.has(method)) return { node, method, kind, ancestors, scope, write: false, byName, label };
        return null;
      case "snippet":
        return SNIPPET_METHODS.has(method) ? { node, method, kind, ancestors, scope, write: true, byName, label } : null;
      case "pipelines":
      case "analytics":
        return PIPELINES_METHODS.has(method) ? { node, method, kind, ancestors, scope, write: true, byName, label } : null;
      case "http": {
        if (!HTTP_VERBS.has(method)) return null;
        const path = node.arguments[0] ? this.pathText(node.arguments[0], scope) : "";
        const verb = method === "request" ? "POST" : method.toUpperCase();
        return { node, method: verb, kind, ancestors, scope, write: verb !== "GET" && verb !== "HEAD", byName: false, label: `${label} ${path}`.trim(), http: { method: verb, path, url: node.arguments[0] as Node | undefined } };
      }
    }
  }

  /** fetch/axios/got/ky/undici/superagent calls whose URL is a Customer.io host. */
  private asHttpCall(node: CallNode, scope: Scope): Omit<CioCall, "node" | "ancestors" | "scope"> | null {
    const callee = unwrap(node.callee);
    const args = node.arguments as Node[];
    let verb: string | null = null;
    let urlNode: Node | undefined;
    let name: string;
    if (callee.type === "Identifier") {
      name = callee.name;
      const b = scope.lookup(name);
      const fromLib = b?.kind === "import" ? this.imports.get(name) : undefined;
      const isFetch = (!b && (name === "fetch" || name === "$fetch")) || (fromLib && (fromLib.source === "node-fetch" || fromLib.source === "undici" || fromLib.source === "cross-fetch" || fromLib.source === "ofetch"));
      const isLib = !b ? false : fromLib !== undefined && HTTP_LIBRARIES.has(fromLib.source);
      if (!isFetch && !isLib) return null;
      urlNode = args[0];
      if (urlNode && unwrap(urlNode).type === "ObjectExpression") {
        // axios({ url, method })
        const o = this.objectOf(urlNode, scope);
        const u = o ? this.property(o.obj, "url") : null;
        const m = o ? this.property(o.obj, "method") : null;
        urlNode = u?.value;
        verb = m ? this.staticStrings(m.value, scope)?.[0]?.toUpperCase() ?? null : "GET";
      } else {
        const init = args[1] ? this.objectOf(args[1], scope) : null;
        const m = init ? this.property(init.obj, "method") : null;
        verb = m ? (this.staticStrings(m.value, init!.scope)?.[0]?.toUpperCase() ?? "POST") : "GET";
      }
    } else if (isMember(callee)) {
      const m = memberName(callee);
      // superagent: the chain's outermost call (`lib.post(url).set(…).send(body)`) is the request that is awaited.
      const base = m && SUPERAGENT_BUILDERS.has(m) ? this.superagentBase(node, scope) : null;
      const verbCall = base ?? node;
      const verbCallee = unwrap(verbCall.callee) as t.MemberExpression;
      const vm = base ? memberName(verbCallee) : m;
      const lib = unwrap(verbCallee.object);
      if (!vm || !HTTP_VERBS.has(vm) || lib.type !== "Identifier" || !this.isHttpLibrary(lib.name, scope)) return null;
      name = `${lib.name}.${vm}`;
      urlNode = verbCall.arguments[0] as Node | undefined;
      verb = vm === "request" ? "POST" : vm.toUpperCase();
    } else return null;
    if (!urlNode || !this.isCioUrl(urlNode, scope)) return null;
    const path = this.pathText(urlNode, scope);
    const method = verb ?? "GET";
    return { method, kind: "http", write: method !== "GET" && method !== "HEAD", byName: false, label: `${name} ${method} ${path}`.trim(), http: { method, path, url: urlNode } };
  }

  /** An imported HTTP client: by its usual name (`request`, `got`) or by the package it comes from (`const http = require("superagent")`). */
  private isHttpLibrary(name: string, scope: Scope): boolean {
    if (!this.isImported(scope.lookup(name))) return false;
    const source = this.imports.get(name)?.source;
    return HTTP_LIBRARIES.has(name) || (source !== undefined && HTTP_LIBRARIES.has(source));
  }

  /** For the outer call of a builder chain (`.send(body)` in `lib.post(url).auth(…).send(body)`), the `lib.verb(url)` call it starts from. */
  private superagentBase(node: CallNode, scope: Scope): CallNode | null {
    let cur: CallNode = node;
    // Chains are short; the bound keeps a hostile one linear.
    for (let steps = 0; steps < 32; steps++) {
      const callee = unwrap(cur.callee);
      if (!isMember(callee)) return null;
      const m = memberName(callee);
      const obj = unwrap(callee.object);
      if (steps > 0 && m && HTTP_VERBS.has(m) && obj.type === "Identifier") return this.isHttpLibrary(obj.name, scope) ? cur : null;
      if (!m || !SUPERAGENT_BUILDERS.has(m) || !isCall(obj)) return null;
      cur = obj;
    }
    return null;
  }

  /** The inner calls of a superagent chain (`lib.post(url)` in `lib.post(url).send(body)`): the outer call stands for the request. */
  private isInnerOfChain(node: CallNode, ancestors: readonly Node[]): boolean {
    const parent = ancestors[ancestors.length - 1];
    const grand = ancestors[ancestors.length - 2];
    return parent !== undefined && isMember(parent) && parent.object === node && SUPERAGENT_BUILDERS.has(memberName(parent) ?? "") && grand !== undefined && isCall(grand) && grand.callee === parent;
  }

  /** The body of a superagent chain: the argument of its `.send(…)`. */
  private chainBody(node: CallNode): Node | undefined {
    let cur: Node = node;
    for (let steps = 0; steps < 32 && isCall(cur); steps++) {
      const callee = unwrap(cur.callee);
      if (!isMember(callee)) return undefined;
      if (memberName(callee) === "send") return cur.arguments[0] as Node | undefined;
      cur = unwrap(callee.object);
    }
    return undefined;
  }

  /**
   * The person a raw Track API request is about and what it does for them:
   * PUT /customers/{id} identifies, POST /customers/{id}/events tracks. The
   * id is the URL template's part after "/customers/" (unwrapped from
   * encodeURIComponent).
   */
  httpPerson(call: CioCall): { node: Node; method: "identify" | "track" } | null {
    const url = call.http?.url ? unwrap(call.http.url) : null;
    if (!url || url.type !== "TemplateLiteral") return null;
    const verb = call.http!.method;
    for (let i = 0; i < url.expressions.length && i < 16; i++) {
      const before = url.quasis[i]?.value.cooked ?? "";
      // `customers/${id}` with no leading slash: got's and ky's prefixUrl requests.
      if (!before.endsWith("/customers/") && !(i === 0 && before === "customers/")) continue;
      const rest = url.quasis[i + 1]?.value.cooked ?? "";
      const method = verb === "PUT" && rest === "" ? "identify" : verb === "POST" && rest === "/events" && i + 1 === url.expressions.length ? "track" : null;
      if (!method) return null;
      let id = unwrap(url.expressions[i] as Node);
      if (isCall(id) && id.callee.type === "Identifier" && id.callee.name === "encodeURIComponent" && id.arguments[0]) id = unwrap(id.arguments[0] as Node);
      return { node: id, method };
    }
    return null;
  }

  /** The path part of a URL expression, with `{…}` for the variable parts. */
  pathText(node: Node, scope: Scope): string {
    const n = unwrap(node);
    let s = "";
    if (n.type === "StringLiteral") s = n.value;
    else if (n.type === "TemplateLiteral") {
      for (let i = 0; i < n.quasis.length; i++) {
        s += n.quasis[i]!.value.cooked ?? "";
        if (i < n.expressions.length) {
          const e = n.expressions[i]!;
          const v = i === 0 ? this.staticStrings(e, scope) : null;
          s += v && v.length === 1 ? v[0] : "{}";
        }
      }
    } else if (n.type === "Identifier") {
      // const TRACK_URL = "https://cdp.customer.io/v1/track"; fetch(TRACK_URL, …)
      const v = this.staticStrings(n, scope);
      if (!v || v.length !== 1) return "";
      s = v[0]!;
    } else return "";
    const host = s.indexOf(".customer.io");
    if (host >= 0) s = s.slice(host + ".customer.io".length);
    return s.slice(0, 120);
  }

  // -- payloads ----------------------------------------------------------------------

  /** The parts of a call's payload the rules look at. */
  payloadOf(call: CioCall): { eventName?: Node; data?: Node; attributes?: Node; timestamp?: t.ObjectProperty; eventObject?: Node } {
    const args = call.node.arguments as Node[];
    switch (call.kind) {
      case "track":
        if (call.method === "identify") return { attributes: args[1] };
        if (call.method === "track" || call.method === "trackAnonymous") return this.eventParts(args[1], call.scope);
        return {};
      case "snippet":
        if (call.method === "identify") return { attributes: args[0] };
        if (call.method === "track") return { eventName: args[0], data: args[1] };
        return {};
      case "pipelines":
      case "analytics": {
        const o = args[0] ? this.objectOf(args[0], call.scope) : null;
        if (!o || call.method !== "track") return {};
        return { eventName: this.property(o.obj, "event")?.value };
      }
      case "http": {
        const body = this.httpBody(call);
        const path = call.http?.path ?? "";
        if (call.http?.method === "PUT" && /^\/api\/v1\/customers\/[^/]+$|^\/?customers\/[^/]+$/.test(path)) return { attributes: body };
        if (call.http?.method === "POST" && /\/events$/.test(path) && body) return this.eventParts(body, call.scope);
        // The Pipelines HTTP API: POST /v1/track with { userId | anonymousId, event, properties }.
        if (call.http?.method === "POST" && /(^|\/)v1\/track$/.test(path) && body) {
          const o = this.objectOf(body, call.scope);
          return o ? { eventName: this.property(o.obj, "event")?.value } : {};
        }
        return {};
      }
      default:
        return {};
    }
  }

  eventParts(ev: Node | undefined, scope: Scope): { eventName?: Node; data?: Node; timestamp?: t.ObjectProperty; eventObject?: Node } {
    if (!ev) return {};
    const o = this.objectOf(ev, scope);
    if (!o) return { eventObject: ev };
    return { eventName: this.property(o.obj, "name")?.value, data: this.property(o.obj, "data")?.value, timestamp: this.property(o.obj, "timestamp") ?? undefined };
  }

  /** The JSON body of a raw request: `body: JSON.stringify(x)`, axios's data argument, got/ky `json`. */
  /** The method option of a raw fetch-style request (`{ method, body }`), when it is written as an expression. */
  httpMethodNode(call: CioCall): Node | undefined {
    const init = call.node.arguments[1] ? this.objectOf(call.node.arguments[1] as Node, call.scope) : null;
    return init ? this.property(init.obj, "method")?.value : undefined;
  }

  httpBody(call: CioCall): Node | undefined {
    const args = call.node.arguments as Node[];
    const callee = unwrap(call.node.callee);
    if (isMember(callee) && SUPERAGENT_BUILDERS.has(memberName(callee) ?? "")) return this.chainBody(call.node);
    if (isMember(callee) && (memberName(callee) === "put" || memberName(callee) === "post" || memberName(callee) === "patch")) {
      const second = args[1];
      if (!second) return undefined;
      const o = this.objectOf(second, call.scope);
      const json = o ? this.property(o.obj, "json") : null;
      return json ? json.value : second;
    }
    const init = args[1] ? this.objectOf(args[1], call.scope) : null;
    if (!init) return undefined;
    const json = this.property(init.obj, "json");
    if (json) return json.value;
    const body = this.property(init.obj, "body");
    if (!body) return undefined;
    const v = unwrap(body.value);
    if (isCall(v) && isMember(unwrap(v.callee)) && memberName(unwrap(v.callee)) === "stringify" && v.arguments[0]) return v.arguments[0] as Node;
    return undefined;
  }

  // -- values ---------------------------------------------------------------------------

  /** The object literal an argument is (directly, through a const, or `x ?? {}`). */
  objectOf(node: Node, scope: Scope): { obj: t.ObjectExpression; scope: Scope } | null {
    const n = unwrap(node);
    if (n.type === "ObjectExpression") return { obj: n, scope };
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      if (kv) {
        const v = unwrap(kv.value);
        if (v.type === "ObjectExpression") return { obj: v, scope: kv.scope };
      }
    }
    return null;
  }

  /**
   * The object literal a payload builder of this file returns, for a
   * payload written as a call (`identify(m.id, toAttributes(m))`, directly or
   * through a const). Only builders in the same file: a finding is reported
   * in the file being checked.
   */
  private builtObject(node: Node, scope: Scope): { obj: t.ObjectExpression; scope: Scope } | null {
    let n = unwrap(node);
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      if (!kv) return null;
      n = unwrap(kv.value);
      scope = kv.scope;
    }
    if (!isCall(n) || !this.resolver) return null;
    const ret = this.resolver.returnedObject(this, n, scope, []);
    return ret && ret.model === this ? { obj: ret.obj, scope: ret.scope } : null;
  }

  property(obj: t.ObjectExpression, name: string): t.ObjectProperty | null {
    let found: t.ObjectProperty | null = null;
    for (const p of obj.properties) {
      if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === name) found = p;
    }
    return found;
  }

  /** `{ a: { b: x } }` with path [a, b] → x. */
  valueAtPath(node: Node, scope: Scope, path: readonly string[]): { node: Node; scope: Scope } | null {
    let current: { node: Node; scope: Scope } = { node, scope };
    for (const key of path) {
      const o = this.objectOf(current.node, current.scope);
      const p = o ? this.property(o.obj, key) : null;
      if (!p || !o) return null;
      current = { node: p.value, scope: o.scope };
    }
    return current;
  }

  /**
   * When a value is one of `fn`'s parameters (or a property of one:
   * `user.createdAt`, or `data ?? {}`), the parameter's index and the path.
   */
  paramRef(node: Node, scope: Scope, fn: Node): { index: number; path: string[] } | null {
    let n = unwrap(node);
    if (n.type === "LogicalExpression" && (n.operator === "??" || n.operator === "||")) n = unwrap(n.left);
    const path: string[] = [];
    for (let i = 0; i < 4 && isMember(n); i++) {
      const p = memberName(n);
      if (!p || n.computed) return null;
      path.unshift(p);
      n = unwrap(n.object);
    }
    if (n.type !== "Identifier" || !isFunctionNode(fn)) return null;
    const b = scope.lookup(n.name);
    if (!b || b.kind !== "param" || b.scope.node !== fn || b.reassigned) return null;
    const index = (fn.params as Node[]).indexOf(b.declaration);
    if (index < 0) return null;
    const decl = b.declaration;
    // function f({ name, data }) → the name is a property of the first argument
    if (decl.type === "ObjectPattern") {
      for (const p of decl.properties) {
        if (p.type === "ObjectProperty" && unwrap(p.value).type === "Identifier" && (unwrap(p.value) as t.Identifier).name === n.name) {
          const k = keyName(p.key, p.computed);
          if (k) return { index, path: [k, ...path] };
        }
      }
      return null;
    }
    return { index, path };
  }

  // -- timestamps ---------------------------------------------------------------------

  /** What unit a numeric expression is in, as far as the code shows. */
  timeUnit(node: Node, scope: Scope, depth = 0, trail: string[] = []): TimeUnit {
    if (depth > 6) return "unknown";
    const n = unwrap(node);
    switch (n.type) {
      case "NumericLiteral":
        return n.value >= MILLISECOND_TIMESTAMP_THRESHOLD ? "ms" : "unknown";
      case "NewExpression":
        return isNewOf(n, "Date") ? "date" : "unknown";
      case "Identifier": {
        const kv = knownValue(n.name, scope);
        if (!kv) return "unknown";
        const unit = this.timeUnit(kv.value, kv.scope, depth + 1, trail);
        if (unit === "ms") trail.push(`${n.name} = ${this.text(kv.value, 60)}`);
        return unit;
      }
      case "CallExpression":
      case "OptionalCallExpression":
        return this.callTimeUnit(n, scope, depth, trail);
      case "BinaryExpression": {
        const { operator } = n;
        const right = unwrap(n.right);
        const rightValue = right.type === "NumericLiteral" ? right.value : null;
        if (operator === "/") return rightValue === 1000 ? "seconds" : "unknown";
        if (operator === "|" || operator === ">>" || operator === ">>>") {
          return rightValue === 0 ? this.numeric(this.timeUnit(n.left, scope, depth + 1, trail)) : "unknown";
        }
        if (operator === "*") {
          const l = this.timeUnit(n.left, scope, depth + 1, trail);
          return l === "seconds" && rightValue === 1000 ? "ms" : "unknown";
        }
        if (operator === "+" || operator === "-") {
          const l = this.numeric(this.timeUnit(n.left, scope, depth + 1, trail));
          const r = this.numeric(this.timeUnit(n.right as Node, scope, depth + 1, trail));
          if (l === "ms" || r === "ms") return l === "seconds" || r === "seconds" ? "unknown" : "ms";
          if (l === "seconds" || r === "seconds") return "seconds";
        }
        return "unknown";
      }
      case "UnaryExpression": {
        if (n.operator === "+") return this.numeric(this.timeUnit(n.argument, scope, depth + 1, trail));
        if (n.operator === "~") {
          const inner = unwrap(n.argument);
          if (inner.type === "UnaryExpression" && inner.operator === "~") return this.numeric(this.timeUnit(inner.argument, scope, depth + 1, trail));
        }
        return "unknown";
      }
      case "ConditionalExpression":
        return this.either(this.timeUnit(n.consequent, scope, depth + 1, trail), this.timeUnit(n.alternate, scope, depth + 1, trail));
      case "LogicalExpression":
        return this.either(this.timeUnit(n.left, scope, depth + 1, trail), this.timeUnit(n.right, scope, depth + 1, trail));
      case "MemberExpression":
      case "OptionalMemberExpression": {
        // row.joinedAt where row = { joinedAt: Date.now() }, or row = await store.join(…) returning such an object.
        const prop = memberName(n);
        const obj = unwrap(n.object);
        if (!prop || obj.type !== "Identifier") return "unknown";
        const kv = knownValue(obj.name, scope);
        if (!kv) return "unknown";
        let v = unwrap(kv.value);
        if (v.type === "AwaitExpression") v = unwrap(v.argument);
        if (v.type === "ObjectExpression") {
          const p = this.property(v, prop);
          return p ? this.timeUnit(p.value, kv.scope, depth + 1, trail) : "unknown";
        }
        if (isCall(v) && this.resolver) {
          const ret = this.resolver.returnedObject(this, v, kv.scope, []);
          const p = ret ? ret.model.property(ret.obj, prop) : null;
          if (!p || !ret) return "unknown";
          const unit = ret.model.timeUnit(p.value, ret.scope, depth + 1, trail);
          if (unit === "ms") trail.push(`${obj.name}.${prop} = ${ret.model.text(p.value, 60)} (${ret.model.file}:${p.loc?.start.line ?? "?"})`);
          return unit;
        }
        return "unknown";
      }
      default:
        return "unknown";
    }
  }

  /** A Date object used as a number is milliseconds. */
  private numeric(unit: TimeUnit): TimeUnit {
    return unit === "date" ? "ms" : unit;
  }

  private either(a: TimeUnit, b: TimeUnit): TimeUnit {
    if (a === "ms" || b === "ms") return "ms";
    if (a === "seconds" && b === "seconds") return "seconds";
    return "unknown";
  }

  private callTimeUnit(n: CallNode, scope: Scope, depth: number, trail: string[]): TimeUnit {
    const callee = unwrap(n.callee);
    const args = n.arguments as Node[];
    if (callee.type === "Identifier") {
      const helper = this.dateFns.get(callee.name);
      if (helper) return helper;
      if (callee.name === "getUnixTime" || callee.name === "millisecondsToSeconds") return "seconds";
      if ((callee.name === "Number" || callee.name === "parseInt" || callee.name === "parseFloat") && args[0]) {
        return this.numeric(this.timeUnit(args[0], scope, depth + 1, trail));
      }
      return "unknown";
    }
    if (!isMember(callee)) return "unknown";
    const method = memberName(callee);
    const obj = unwrap(callee.object);
    const objName = obj.type === "Identifier" ? obj.name : null;
    if (objName === "Date" && (method === "now" || method === "parse" || method === "UTC")) return "ms";
    if (objName === "Math" && method && (method === "floor" || method === "round" || method === "ceil" || method === "trunc") && args[0]) {
      return this.numeric(this.timeUnit(args[0], scope, depth + 1, trail));
    }
    if (objName === "Number" && (method === "parseInt" || method === "parseFloat") && args[0]) {
      return this.numeric(this.timeUnit(args[0], scope, depth + 1, trail));
    }
    if (args.length === 0 && (method === "getTime" || method === "valueOf" || method === "toMillis")) return "ms";
    if (args.length === 0 && (method === "unix" || method === "toUnixInteger" || method === "toSeconds" || method === "getUnixTime")) return "seconds";
    return "unknown";
  }

  /** Timestamp-named properties of an object literal payload. */
  timestampProperties(payload: Node, scope: Scope): Array<{ prop: t.ObjectProperty; scope: Scope }> {
    const target = this.objectOf(payload, scope) ?? this.builtObject(payload, scope);
    if (!target) return [];
    const out: Array<{ prop: t.ObjectProperty; scope: Scope }> = [];
    for (const p of target.obj.properties) {
      if (p.type !== "ObjectProperty") continue;
      const key = keyName(p.key, p.computed);
      if (key && isTimestampKey(key)) out.push({ prop: p, scope: target.scope });
    }
    return out;
  }

  // -- event names ----------------------------------------------------------------------

  /** Static string value(s) of an expression, or null when not known. */
  staticStrings(node: Node, scope: Scope, depth = 0): string[] | null {
    if (depth > 5) return null;
    const n = unwrap(node);
    switch (n.type) {
      case "StringLiteral":
        return [n.value];
      case "TemplateLiteral": {
        let out = "";
        for (let i = 0; i < n.quasis.length; i++) {
          out += n.quasis[i]!.value.cooked ?? n.quasis[i]!.value.raw;
          const e = n.expressions[i];
          if (e) {
            const v = this.staticStrings(e, scope, depth + 1);
            if (!v || v.length !== 1) return null;
            out += v[0];
          }
        }
        return [out];
      }
      case "BinaryExpression": {
        if (n.operator !== "+") return null;
        const l = this.staticStrings(n.left, scope, depth + 1);
        const r = this.staticStrings(n.right, scope, depth + 1);
        return l && r && l.length === 1 && r.length === 1 ? [l[0]! + r[0]!] : null;
      }
      case "Identifier": {
        const kv = knownValue(n.name, scope);
        if (kv) return this.staticStrings(kv.value, kv.scope, depth + 1);
        const b = scope.lookup(n.name);
        if (b && this.isImported(b) && this.resolver) {
          const v = this.resolver.importedValue(this, b);
          if (v) return v.model.staticStrings(v.node, v.scope, depth + 1);
        }
        return null;
      }
      case "MemberExpression": {
        // EVENTS.SIGNED_UP with const EVENTS = { SIGNED_UP: "signed_up" }, or enum Events { SignedUp = "signed_up" }
        const obj = unwrap(n.object);
        const prop = memberName(n);
        if (obj.type !== "Identifier" || !prop) return null;
        const target = this.objectOf(obj, scope);
        if (target) {
          const p = this.property(target.obj, prop);
          return p ? this.staticStrings(p.value, target.scope, depth + 1) : null;
        }
        const local = this.enumMember(this.localEnum(obj.name), prop);
        if (local !== null) return [local];
        const b = scope.lookup(obj.name);
        if (b && this.isImported(b) && this.resolver) {
          const v = this.resolver.importedValue(this, b);
          const fromEnum = v ? this.enumMember(v.node, prop) : null;
          if (fromEnum !== null) return [fromEnum];
          const o = v ? v.model.objectOf(v.node, v.scope) : null;
          const p = o && v ? v.model.property(o.obj, prop) : null;
          if (p && o && v) return v.model.staticStrings(p.value, o.scope, depth + 1);
        }
        return null;
      }
      case "ConditionalExpression": {
        const a = this.staticStrings(n.consequent, scope, depth + 1);
        const b = this.staticStrings(n.alternate, scope, depth + 1);
        return a && b ? [...a, ...b] : null;
      }
      default:
        return null;
    }
  }

  /** A top-level (or exported) enum of this file by name. */
  private localEnum(name: string): Node | null {
    for (const stmt of this.ast.program.body) {
      const d = stmt.type === "ExportNamedDeclaration" && stmt.declaration ? stmt.declaration : stmt;
      if (d.type === "TSEnumDeclaration" && d.id.name === name) return d;
    }
    return null;
  }

  /** The string value of an enum member (`SignedUp = "signed_up"`). */
  enumMember(node: Node | null, prop: string): string | null {
    if (!node || node.type !== "TSEnumDeclaration") return null;
    const members = "members" in node ? node.members : ((node as unknown as { body: { members: t.TSEnumMember[] } }).body?.members ?? []);
    for (const m of members) {
      if (keyName(m.id) === prop && m.initializer?.type === "StringLiteral") return m.initializer.value;
    }
    return null;
  }

  /** The variable parts of a built name: template expressions or `+` operands. */
  dynamicParts(node: Node, scope: Scope, depth = 0): Node[] | null {
    if (depth > 4) return null;
    const n = unwrap(node);
    if (n.type === "TemplateLiteral") {
      const hasText = n.quasis.some((q) => (q.value.cooked ?? q.value.raw) !== "");
      const parts = (n.expressions as Node[]).filter((e) => this.staticStrings(e, scope) === null);
      if (parts.length === 0) return null;
      if (!hasText && n.expressions.length === 1) return null;
      return parts;
    }
    if (n.type === "BinaryExpression" && n.operator === "+") {
      const operands: Node[] = [];
      const flatten = (e: Node) => {
        const u = unwrap(e);
        if (u.type === "BinaryExpression" && u.operator === "+") {
          flatten(u.left);
          flatten(u.right);
        } else operands.push(u);
      };
      flatten(n);
      const parts = operands.filter((e) => this.staticStrings(e, scope) === null);
      if (parts.length === 0 || parts.length === operands.length) return null;
      return parts;
    }
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      return kv ? this.dynamicParts(kv.value, kv.scope, depth + 1) : null;
    }
    if (isCall(n)) {
      const callee = unwrap(n.callee);
      const m = memberName(callee);
      if (!isMember(callee) || !m) return null;
      // `viewed_${x}`.toLowerCase(), name.trim(): the same parts as the string they change.
      if (m === "toLowerCase" || m === "toUpperCase" || m === "trim" || m === "replace" || m === "replaceAll" || m === "normalize") {
        return this.dynamicParts(callee.object, scope, depth + 1);
      }
      // ["order", status].join("_"), "order_".concat(status)
      const pieces: Node[] = m === "join" && unwrap(callee.object).type === "ArrayExpression" ? ((unwrap(callee.object) as t.ArrayExpression).elements.filter(Boolean) as Node[]) : m === "concat" ? [callee.object, ...(n.arguments as Node[])] : [];
      if (pieces.length < 2) return null;
      const parts = pieces.filter((e) => this.staticStrings(e, scope) === null);
      return parts.length > 0 && parts.length < pieces.length ? parts : null;
    }
    return null;
  }

  /** The name of an expression when it reads like personal data (email, phone, a person's name…). */
  personalDataName(part: Node, scope?: Scope): string | null {
    let n = unwrap(part);
    let at = scope;
    // user.email.toLowerCase(), String(user.email || ""), and a const holding one (const friend = String(body.friendEmail).trim()).
    for (let i = 0; i < 6; i++) {
      if (isCall(n)) {
        const callee = unwrap(n.callee);
        if (isMember(callee)) n = unwrap(callee.object);
        else if (callee.type === "Identifier" && n.arguments[0]) n = unwrap(n.arguments[0] as Node);
        else break;
      } else if (n.type === "LogicalExpression") n = unwrap(n.left);
      else if (n.type === "Identifier" && at) {
        const kv = knownValue(n.name, at);
        if (!kv || isPersonalFieldName(n.name, undefined)) break;
        n = unwrap(kv.value);
        at = kv.scope;
      } else break;
    }
    let name: string | null = null;
    let owner: string | undefined;
    if (n.type === "Identifier") name = n.name;
    else if (isMember(n)) {
      name = memberName(n);
      const obj = unwrap(n.object);
      owner = obj.type === "Identifier" ? obj.name : isMember(obj) ? (memberName(obj) ?? undefined) : undefined;
    }
    if (!name) return null;
    return isPersonalFieldName(name, owner) ? this.text(n, 60) : null;
  }

  // -- awaiting and request paths ----------------------------------------------------

  /** Index in `ancestors` of the await that waits for a call, through .then/.catch/.finally and Promise.all([...]). */
  awaitOf(call: Node, ancestors: readonly Node[]): number {
    let child: Node = call;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const p = ancestors[i]!;
      switch (p.type) {
        case "ParenthesizedExpression":
        case "TSAsExpression":
        case "TSSatisfiesExpression":
        case "TSNonNullExpression":
        case "TSTypeAssertion":
          child = p;
          continue;
        case "AwaitExpression":
          return i;
        case "MemberExpression":
        case "OptionalMemberExpression": {
          const g = ancestors[i - 1];
          const m = memberName(p);
          if (p.object === child && (m === "then" || m === "catch" || m === "finally" || BODY_READERS.has(m ?? "")) && g && isCall(g) && g.callee === p) {
            child = g;
            i--;
            continue;
          }
          return -1;
        }
        case "SpreadElement":
          // Promise.all([...ids.map(send)])
          child = p;
          continue;
        case "ArrayExpression": {
          const g = ancestors[i - 1];
          if (g && isCall(g) && g.arguments[0] === p && isPromiseCombinator(g)) {
            child = g;
            i--;
            continue;
          }
          return -1;
        }
        case "CallExpression":
        case "OptionalCallExpression":
          // Promise.all(ids.map(send)): the combinator takes the mapped array itself.
          if (p.arguments[0] === child && isPromiseCombinator(p)) {
            child = p;
            continue;
          }
          return -1;
        default:
          return -1;
      }
    }
    return -1;
  }

  /**
   * For a call made by a `.map()` callback whose results the enclosing
   * function awaits together (`await Promise.all(ids.map((id) => send(id)))`),
   * the index of that await; -1 otherwise. Only the map's own callback
   * counts: a call inside a callback given to something else there (a
   * limiter's `limit(() => send(id))`, forEach) is left alone.
   */
  awaitOfMapped(call: Node, ancestors: readonly Node[]): number {
    const fnIdx = nearestFunctionIndex(ancestors);
    if (fnIdx < 1) return -1;
    const fn = ancestors[fnIdx]!;
    const host = ancestors[fnIdx - 1]!;
    if (!isCall(host) || host.arguments[0] !== fn) return -1;
    const callee = unwrap(host.callee);
    const m = isMember(callee) ? memberName(callee) : null;
    if (m !== "map" && m !== "flatMap") return -1;
    if (!this.waitedIn(call, ancestors, fnIdx)) return -1;
    return this.awaitOf(host, ancestors.slice(0, fnIdx - 1));
  }

  /** Whether the function at `fnIdx` waits for the call: awaits it or returns it. */
  waitedIn(call: Node, ancestors: readonly Node[], fnIdx: number): boolean {
    if (this.awaitOf(call, ancestors) > fnIdx) return true;
    let child: Node = call;
    for (let i = ancestors.length - 1; i > fnIdx; i--) {
      const p = ancestors[i]!;
      if (p.type === "ReturnStatement") return nearestFunctionIndex(ancestors, i) === fnIdx;
      if (p.type === "AwaitExpression" || p.type === "ParenthesizedExpression" || p.type === "TSAsExpression" || p.type === "TSNonNullExpression") {
        child = p;
        continue;
      }
      if (isMember(p) && p.object === child) {
        const g = ancestors[i - 1];
        const m = memberName(p);
        // .catch() too: return cio.track(…).catch(log) swallows the error, but its promise still settles only after the call does.
        if ((m === "then" || m === "catch" || m === "finally" || BODY_READERS.has(m ?? "")) && g && isCall(g)) {
          child = g;
          i--;
          continue;
        }
        return false;
      }
      if (p.type === "ArrayExpression") {
        const g = ancestors[i - 1];
        if (g && isCall(g) && calleeName(g.callee)?.startsWith("all")) {
          child = g;
          i--;
          continue;
        }
        return false;
      }
      break;
    }
    const fn = ancestors[fnIdx]!;
    return fn.type === "ArrowFunctionExpression" && fn.body === child;
  }

  /**
   * The named function a call belongs to (walking out through anonymous
   * callbacks) and whether that function's promise waits for the call.
   */
  ownerOf(call: Node, ancestors: readonly Node[]): { owner: Node | null; waits: boolean } {
    let node: Node = call;
    let waits = true;
    let from = ancestors.length - 1;
    for (let guard = 0; guard < 20; guard++) {
      const fnIdx = nearestFunctionIndex(ancestors, from);
      if (fnIdx < 0) return { owner: null, waits };
      const fn = ancestors[fnIdx]!;
      const w = this.waitedIn(node, ancestors, fnIdx);
      const host = ancestors[fnIdx - 1];
      const anonymousCallback = host !== undefined && isCall(host) && (host.arguments as Node[]).includes(fn) && !this.handlers.has(fn);
      if (!anonymousCallback) return { owner: fn, waits: waits && w };
      if (!w) waits = false;
      const hostName = calleeName((host as CallNode).callee);
      if (hostName && DETACHING_CALLS.has(hostName)) waits = false;
      node = host!;
      from = fnIdx - 2;
    }
    return { owner: null, waits: false };
  }

  /** Whether an earlier statement of the handler already sent the response (res.json(…), reply.send(…)). */
  responseSentBefore(ancestors: readonly Node[], fnIdx: number, awaitIdx: number): boolean {
    for (let k = fnIdx + 1; k < awaitIdx; k++) {
      const block = ancestors[k]!;
      if (block.type !== "BlockStatement") continue;
      const current = ancestors[k + 1];
      const until = current ? block.body.indexOf(current as t.Statement) : -1;
      for (let j = 0; j < until; j++) if (this.sendsResponse(block.body[j]!)) return true;
    }
    return false;
  }

  private sendsResponse(stmt: t.Statement): boolean {
    if (stmt.type !== "ExpressionStatement") return false;
    let e = unwrap(stmt.expression);
    if (e.type === "AwaitExpression") e = unwrap(e.argument);
    if (!isCall(e)) return false;
    const callee = unwrap(e.callee);
    // A project helper handed the response: send(res, 202), sendJson(res, body), respond(res, …), reply(res).
    if (callee.type === "Identifier" && /^(send|respond|reply|json|end|finish)/i.test(callee.name)) {
      const first = e.arguments[0] ? unwrap(e.arguments[0] as Node) : null;
      if (first?.type === "Identifier" && /^(res|response|reply)$/.test(first.name)) return true;
    }
    const method = memberName(callee);
    if (!method || !RESPONSE_METHODS.has(method) || !isMember(callee)) return false;
    const root = chainRoot(callee.object);
    return root.type === "Identifier" && /^(res|response|reply)$/.test(root.name);
  }

  // -- loops ------------------------------------------------------------------------------

  /** Whether a loop body pauses or waits on a limiter between iterations. */
  hasPause(body: Node): boolean {
    const cached = this.pauseCache.get(body);
    if (cached !== undefined) return cached;
    let found = false;
    walk(body, (node) => {
      if (found) return false;
      if (node !== body && isFunctionNode(node)) return false;
      if (node.type !== "AwaitExpression") return;
      const arg = unwrap(node.argument);
      if (isCall(arg)) {
        const name = calleeName(arg.callee);
        if (name && PAUSE_CALL.test(name)) found = true;
      } else if (isNewOf(arg, "Promise")) {
        // await new Promise((r) => setTimeout(r, 100))
        walk(arg, (inner) => {
          if (isCall(inner) && calleeName(inner.callee) === "setTimeout") found = true;
        });
      }
      return;
    });
    this.pauseCache.set(body, found);
    return found;
  }

  loopBodyOf(loop: Node): Node | null {
    switch (loop.type) {
      case "ForStatement":
      case "ForOfStatement":
      case "ForInStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        return loop.body;
      default:
        return null;
    }
  }

  /** Loops around ancestors[from] inside the same function (nearest first). */
  enclosingLoops(ancestors: readonly Node[], child: Node, from: number, stopAt: number): Node[] {
    const loops: Node[] = [];
    let c = child;
    for (let i = from; i > stopAt; i--) {
      const p = ancestors[i]!;
      if (LOOP_TYPES.has(p.type) && this.loopBodyOf(p) === c) loops.push(p);
      c = p;
    }
    return loops;
  }

  /** A short literal list (`["a", "b"]`, or a const bound to one) is not bulk work. */
  isSmallLiteralList(node: Node, scope: Scope): boolean {
    let n = unwrap(node);
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      if (!kv) return false;
      n = unwrap(kv.value);
    }
    return n.type === "ArrayExpression" && n.elements.length <= 25;
  }

  /**
   * How a call repeats over a collection with nothing pacing it: "loop"
   * (awaited or collected per iteration), the collection method (`map`,
   * `forEach`), or null.
   */
  unpacedRepeat(call: CallNode, ancestors: readonly Node[], scope: Scope): { how: "loop" | "collected" | string } | null {
    const fnIdx = nearestFunctionIndex(ancestors);
    const loops = this.enclosingLoops(ancestors, call, ancestors.length - 1, fnIdx);
    if (loops.length > 0) {
      const loop = loops[0]!;
      if ((loop.type === "ForOfStatement" || loop.type === "ForInStatement") && this.isSmallLiteralList(loop.right, scope)) return null;
      const awaited = this.awaitOf(call, ancestors) > fnIdx;
      const parent = ancestors[ancestors.length - 1];
      const pushed = parent !== undefined && isCall(parent) && memberName(unwrap(parent.callee)) === "push";
      if (!awaited && !pushed) return null;
      if (loops.some((l) => this.hasPause(this.loopBodyOf(l)!))) return null;
      return { how: awaited ? "loop" : "collected" };
    }
    if (fnIdx < 1) return null;
    const fn = ancestors[fnIdx]!;
    const host = ancestors[fnIdx - 1]!;
    if (!isCall(host) || !(host.arguments as Node[]).includes(fn)) return null;
    const callee = unwrap(host.callee);
    const method = memberName(callee);
    if (!method || !COLLECTION_CALLBACKS.has(method) || !isMember(callee)) return null;
    if (this.isSmallLiteralList(callee.object, scope)) return null;
    // Promise.all(chunk.map(...)) inside a loop over chunks is a batched, bounded burst.
    const outerFn = nearestFunctionIndex(ancestors, fnIdx - 1);
    if (this.enclosingLoops(ancestors, host, fnIdx - 2, outerFn).length > 0) return null;
    return { how: method };
  }
}

function namesCio(words: readonly string[]): boolean {
  return words.includes("cio") || words.includes("customerio") || (words.includes("customer") && words.includes("io"));
}

function namesUrl(words: readonly string[]): boolean {
  return words.some((w) => w === "url" || w === "host" || w === "base" || w === "endpoint");
}

/** Whether a member chain (`config.customerio`, `settings.cio.track`) names Customer.io in one of its parts; at most 8 parts are read. */
function chainNamesCio(node: Node): boolean {
  let cur = unwrap(node);
  for (let steps = 0; steps < 8; steps++) {
    if (cur.type === "Identifier") return namesCio(nameWords(cur.name, 200));
    if (!isMember(cur)) return false;
    if (namesCio(nameWords(memberName(cur) ?? "", 200))) return true;
    cur = unwrap(cur.object);
  }
  return false;
}

/** got/ky: `client.post(url, opts).json()` is the request's promise, resolved with the parsed body. */
const BODY_READERS = new Set(["json", "text", "buffer", "blob", "arrayBuffer"]);

const PROMISE_COMBINATORS = new Set(["all", "allSettled", "any", "race"]);

/** `Promise.all(…)`, `Promise.allSettled(…)`, `Promise.any(…)`, `Promise.race(…)`. */
function isPromiseCombinator(call: CallNode): boolean {
  const callee = unwrap(call.callee);
  if (!isMember(callee)) return false;
  const obj = unwrap(callee.object);
  return obj.type === "Identifier" && obj.name === "Promise" && PROMISE_COMBINATORS.has(memberName(callee) ?? "");
}
