/**
 * The audit rules: each looks at the AST of one file (parsed with Babel) for
 * a Customer.io pitfall that is visible in code. They are deliberately
 * conservative: a call counts as a Customer.io call only when its receiver is
 * a TrackClient/APIClient instance from `customerio-node` (followed through
 * imports, `new`, class members and typed parameters) or carries one of the
 * usual client names (`cio`, `customerio`, `trackClient`…).
 */
import { parse } from "@babel/parser";
import type * as t from "@babel/types";
import type { Finding } from "../findings.js";
import { MILLISECOND_TIMESTAMP_THRESHOLD } from "../knowledge/limits.js";
import { maskSecret } from "../redact.js";
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

export const AUDIT_CODES = [
  "wrong_key_type",
  "millisecond_timestamp",
  "track_before_identify",
  "dynamic_event_name",
  "blocking_request_path",
  "client_per_request",
  "event_name_inconsistent",
  "no_rate_limiting",
  "pii_in_event_name",
  "hardcoded_credentials",
] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

export interface AuditFinding extends Finding {
  code: AuditCode;
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  /** 1-based line and column of the offending expression. */
  line: number;
  column: number;
}

/** A literal event name seen in a track call (for the cross-file naming check). */
export interface EventNameUse {
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface SourceAnalysis {
  findings: AuditFinding[];
  eventNames: EventNameUse[];
}

/** The file could not be parsed even with error recovery. */
export class SourceParseError extends Error {
  override name = "SourceParseError";
}

interface RuleInfo {
  severity: Finding["severity"];
  pitfall?: number;
  fix: string;
}

const RULES: Record<AuditCode, RuleInfo> = {
  wrong_key_type: {
    severity: "error",
    pitfall: 1,
    fix: "Give TrackClient the site ID and the Track API key (Basic auth) and APIClient the App API key (Bearer); they are different keys under Account Settings > API Credentials.",
  },
  millisecond_timestamp: {
    severity: "error",
    pitfall: 2,
    fix: "Send Unix seconds, e.g. Math.floor(Date.now() / 1000) or dayjs().unix(); milliseconds are read as seconds and land thousands of years in the future.",
  },
  track_before_identify: {
    severity: "warning",
    pitfall: 3,
    fix: "Call identify for the person before the first track call for them, so the event reaches a profile that exists and has its attributes.",
  },
  dynamic_event_name: {
    severity: "warning",
    pitfall: 6,
    fix: "Use one fixed event name and move the variable part into the event data, e.g. { name: \"product_viewed\", data: { product_id } }.",
  },
  blocking_request_path: {
    severity: "warning",
    pitfall: 7,
    fix: "Do not make the response wait for analytics: call it without await and attach .catch(logError), or hand it to a queue or after-response hook.",
  },
  client_per_request: {
    severity: "warning",
    pitfall: 9,
    fix: "Create the client once at module level (or lazily, cached in a module variable) and reuse it, so connections are reused.",
  },
  event_name_inconsistent: {
    severity: "warning",
    pitfall: 10,
    fix: "Pick one spelling convention for event names (snake_case is the usual one) and rename the odd ones; campaign triggers match names exactly.",
  },
  no_rate_limiting: {
    severity: "warning",
    pitfall: 11,
    fix: "Throttle bulk calls with a limiter (p-limit, p-queue, Bottleneck limiter.schedule) or pause between batches, and retry 429s with backoff.",
  },
  pii_in_event_name: {
    severity: "error",
    pitfall: 12,
    fix: "Keep personal data out of event names (they cannot be deleted per person); send it in the event data instead.",
  },
  hardcoded_credentials: {
    severity: "error",
    fix: "Read credentials from the environment (CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY, CUSTOMERIO_APP_API_KEY) or a secret manager, and rotate this key: it is in your source history.",
  },
};

// ---------------------------------------------------------------------------
// Parsing

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts"]);

/** Parses one file; error recovery keeps going past most syntax slips. */
export function parseSource(code: string, file: string): t.File {
  const dot = file.lastIndexOf(".");
  const ext = dot >= 0 ? file.slice(dot).toLowerCase() : ".js";
  // Plain .ts cannot take the JSX plugin: `<T>(x) => x` and `<Type>value` mean something else there.
  const plugins: Array<"typescript" | "jsx" | "decorators-legacy"> = TS_EXTENSIONS.has(ext)
    ? ["typescript", "decorators-legacy"]
    : ext === ".tsx"
      ? ["typescript", "jsx", "decorators-legacy"]
      : ["jsx"];
  try {
    return parse(code, {
      sourceType: "module",
      plugins,
      errorRecovery: true,
      tokens: false,
      ranges: false,
      attachComment: false,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
    }) as t.File;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SourceParseError(message.slice(0, 200));
  }
}

/**
 * Cheap text test run before parsing: a file that names none of these
 * cannot hold a finding, so it is not parsed at all.
 */
const VOCABULARY = /customer[._-]?io|trackclient|apiclient|\bcio|_cio\b|\.identify\s*\(|\.track(?:anonymous|pageview)?\s*\(/i;
export function mentionsCustomerIo(code: string): boolean {
  return VOCABULARY.test(code);
}

// ---------------------------------------------------------------------------
// Small helpers

type ClientKind = "track" | "app" | "snippet";

const TRACK_METHODS = new Set(["identify", "track", "trackAnonymous", "trackPageView"]);
const APP_SEND_METHODS = new Set(["sendEmail", "sendPush", "sendSMS", "sendInboxMessage", "sendInApp", "triggerBroadcast"]);
const SNIPPET_METHODS = new Set(["identify", "track"]);

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

function isCioModule(source: string): boolean {
  if (source === "customerio-node" || source.startsWith("customerio-node/")) return true;
  // Local modules that re-export the SDK: "./lib/customerio", "@/services/cio".
  return /customer[._-]?io|(?:^|[/@])cio(?:[/._-]|$)/i.test(source);
}

/** Name of a property key or member property, when it is static. */
function keyName(node: Node | null | undefined, computed = false): string | null {
  if (!node) return null;
  if (node.type === "Identifier" && !computed) return node.name;
  if (node.type === "StringLiteral") return node.value;
  if (node.type === "NumericLiteral") return String(node.value);
  if (node.type === "PrivateName") return node.id.name;
  return null;
}

function memberName(node: Node): string | null {
  if (node.type === "MemberExpression" || node.type === "OptionalMemberExpression") {
    return keyName(node.property, node.computed);
  }
  return null;
}

function isMember(node: Node): node is t.MemberExpression | t.OptionalMemberExpression {
  return node.type === "MemberExpression" || node.type === "OptionalMemberExpression";
}

function isCall(node: Node): node is t.CallExpression | t.OptionalCallExpression {
  return node.type === "CallExpression" || node.type === "OptionalCallExpression";
}

/** The name a callee goes by: `foo()` → foo, `a.b.foo()` → foo. */
function calleeName(callee: Node): string | null {
  const c = unwrap(callee);
  if (c.type === "Identifier") return c.name;
  return memberName(c);
}

/** Words of an identifier: `CUSTOMERIO_TRACK_API_KEY` → customerio track api key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function isCioWordList(words: string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "cio" || w === "customerio") return true;
    if (w === "customer" && words[i + 1] === "io") return true;
  }
  return false;
}

function isCioName(name: string): boolean {
  return isCioWordList(nameWords(name));
}

/** True for `process.env` (and `import.meta.env`, `Bun.env`). */
function isEnvObject(node: Node): boolean {
  const n = unwrap(node);
  if (!isMember(n)) return false;
  const prop = memberName(n);
  if (prop !== "env") return false;
  const obj = unwrap(n.object);
  if (obj.type === "Identifier") return obj.name === "process" || obj.name === "Bun";
  return obj.type === "MetaProperty";
}

function isNewOf(node: Node | null | undefined, name: string): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return n.type === "NewExpression" && n.callee.type === "Identifier" && n.callee.name === name;
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
const EMAILS = new RegExp(EMAIL.source, "gi");

// Values that are obviously stand-ins rather than real keys.
const PLACEHOLDER =
  /your|xxx|placeholder|example|changeme|change[-_]?me|dummy|fake|sample|replace|insert|redacted|todo|fixme|secret|api[-_]?key|site[-_]?id|token|test|demo|0123456|1234567|abcdefg|<|>|\$\{|\*\*\*/i;

/**
 * Whether a string could be a real Customer.io key or site ID: long enough,
 * key-shaped (hex/base62, no spaces), mixed letters and digits, varied, and
 * not a placeholder or an environment variable name.
 */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || v.length > 256) return false;
  if (!/^[A-Za-z0-9_+/=.:-]+$/.test(v)) return false;
  if (/^[A-Z0-9_]+$/.test(v) && v.includes("_")) return false;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v) && !/^ey/.test(v)) return false;
  if (/^https?:/i.test(v)) return false;
  if (PLACEHOLDER.test(v)) return false;
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v)) return false;
  return new Set(v).size >= 8;
}

/** Masks anything in a quoted string that looks like a key. */
function scrubSecrets(text: string): string {
  return text.replace(/(["'`])([^"'`\n]{16,256})\1/g, (whole, quote: string, inner: string) =>
    looksLikeSecret(inner) ? `${quote}${maskSecret(inner) ?? "…"}${quote}` : whole,
  );
}

function hideEmails(text: string): string {
  return text.replace(EMAILS, "<email>");
}

// ---------------------------------------------------------------------------
// Timestamps

type TimeUnit = "ms" | "seconds" | "date" | "unknown";

const TIME_KEY = /^_?timestamp$|_at$|[a-z0-9]At$/;
const ROUNDING = new Set(["floor", "round", "ceil", "trunc"]);

// ---------------------------------------------------------------------------
// The per-file analysis

interface CioCall {
  node: t.CallExpression | t.OptionalCallExpression;
  method: string;
  kind: ClientKind;
  ancestors: Node[];
  scope: Scope;
}

interface NewClient {
  node: t.NewExpression;
  kind: "track" | "app";
  ancestors: Node[];
  scope: Scope;
}

interface StringValue {
  node: Node;
  value: string;
}

interface CallSite {
  atModuleLevel: boolean;
}

const LOOP_TYPES = new Set(["ForStatement", "ForOfStatement", "ForInStatement", "WhileStatement", "DoWhileStatement"]);
const COLLECTION_CALLBACKS = new Set(["forEach", "map", "flatMap"]);
const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "use"]);
const ROUTER_NAME = /^(app|router|server|fastify|api|routes?|instance|koa|hono)$|(Router|App|Server|Routes|Api)$/;
const HTTP_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const RESPONSE_METHODS = new Set(["json", "jsonp", "send", "end", "sendStatus", "redirect", "render", "sendFile"]);
const NEST_DECORATORS = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Head", "Options"]);
const PAUSE_CALL = /^(sleep|delay|wait|pause|throttle|settimeout|backoff|ratelimit|acquire|removetokens|consume|schedule)/i;

class FileAudit {
  readonly findings: AuditFinding[] = [];
  readonly eventNames: EventNameUse[] = [];
  private readonly scopes: ScopeIndex;

  /** Local names bound to the SDK's classes. */
  private readonly classNames = new Map<string, "track" | "app">();
  /** Local names bound to the whole SDK module (`import * as cio`, `require(...)`). */
  private readonly namespaces = new Set<string>();
  /** date-fns helpers by local name. */
  private readonly dateFns = new Map<string, TimeUnit>();
  private usesCioModule = false;

  private readonly instanceBindings = new Map<Binding, "track" | "app">();
  private readonly instanceMembers = new Map<string, "track" | "app">();
  private readonly routeHandlers = new Set<Node>();
  private readonly callSites = new Map<Binding, CallSite[]>();
  private readonly candidateCalls: Array<{ node: t.CallExpression | t.OptionalCallExpression; ancestors: Node[]; scope: Scope }> = [];
  private readonly newClients: NewClient[] = [];
  private readonly reportedLiterals = new Set<number>();
  private readonly pauseCache = new WeakMap<Node, boolean>();

  constructor(
    private readonly code: string,
    private readonly file: string,
    private readonly ast: t.File,
  ) {
    this.scopes = buildScopes(ast.program);
  }

  run(): SourceAnalysis {
    this.collectImports();
    this.collect();
    const calls: CioCall[] = [];
    for (const c of this.candidateCalls) {
      const call = this.asCioCall(c.node, c.ancestors, c.scope);
      if (call) calls.push(call);
    }
    for (const call of calls) this.checkCall(call);
    this.checkTrackBeforeIdentify(calls);
    for (const client of this.newClients) this.checkNewClient(client);
    return { findings: this.findings, eventNames: this.eventNames };
  }

  // -- reporting -------------------------------------------------------------

  private add(code: AuditCode, at: Node, message: string, evidence?: string, severity?: Finding["severity"]): void {
    const rule = RULES[code];
    const start = at.loc?.start;
    const finding: AuditFinding = {
      code,
      severity: severity ?? rule.severity,
      message,
      fix: rule.fix,
      ...(rule.pitfall ? { pitfall: rule.pitfall } : {}),
      ...(evidence ? { evidence: scrubSecrets(evidence) } : {}),
      file: this.file,
      line: start?.line ?? 1,
      column: (start?.column ?? 0) + 1,
    };
    this.findings.push(finding);
  }

  /** Source text of a node on one line, shortened. */
  private text(node: Node, max = 120): string {
    if (node.start == null || node.end == null) return node.type;
    const raw = this.code
      .slice(node.start, Math.min(node.end, node.start + 2000))
      .replace(/\/\*[\s\S]*?\*\//g, " ")
      .replace(/(^|\s)\/\/[^\n]*/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
    return raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
  }

  // -- imports ---------------------------------------------------------------

  private collectImports(): void {
    for (const stmt of this.ast.program.body) {
      const s = stmt.type === "ExportNamedDeclaration" && stmt.declaration ? stmt.declaration : stmt;
      if (s.type === "ImportDeclaration") {
        const source = s.source.value;
        if (source === "date-fns" || source.startsWith("date-fns/")) {
          for (const spec of s.specifiers) {
            if (spec.type !== "ImportSpecifier") continue;
            const imported = keyName(spec.imported);
            if (imported === "getUnixTime" || imported === "millisecondsToSeconds") this.dateFns.set(spec.local.name, "seconds");
            if (imported === "getTime") this.dateFns.set(spec.local.name, "ms");
          }
        }
        if (!isCioModule(source)) continue;
        this.usesCioModule = true;
        for (const spec of s.specifiers) {
          if (spec.type === "ImportSpecifier") {
            const kind = this.sdkClassKind(keyName(spec.imported));
            if (kind) this.classNames.set(spec.local.name, kind);
          } else {
            // A default import is the module object (or, in old versions, the track client class).
            this.namespaces.add(spec.local.name);
          }
        }
      } else if (s.type === "VariableDeclaration") {
        for (const d of s.declarations) if (d.init) this.collectRequire(d.id, d.init);
      }
    }
  }

  private sdkClassKind(name: string | null): "track" | "app" | null {
    if (name === "TrackClient" || name === "CustomerIO") return "track";
    if (name === "APIClient") return "app";
    return null;
  }

  /** The module a `require("x")` / `await import("x")` expression loads. */
  private requiredModule(node: Node): string | null {
    let n = unwrap(node);
    if (n.type === "AwaitExpression") n = unwrap(n.argument);
    if (n.type === "ImportExpression" && n.source.type === "StringLiteral") return n.source.value;
    if (n.type === "CallExpression" && n.callee.type === "Identifier" && n.callee.name === "require") {
      const arg = n.arguments[0];
      if (arg && arg.type === "StringLiteral") return arg.value;
    }
    return null;
  }

  private collectRequire(id: Node, init: Node): void {
    const direct = this.requiredModule(init);
    if (direct !== null) {
      if (!isCioModule(direct)) return;
      this.usesCioModule = true;
      if (id.type === "Identifier") this.namespaces.add(id.name);
      if (id.type === "ObjectPattern") {
        for (const p of id.properties) {
          if (p.type !== "ObjectProperty" || p.value.type !== "Identifier") continue;
          const kind = this.sdkClassKind(keyName(p.key, p.computed));
          if (kind) this.classNames.set(p.value.name, kind);
        }
      }
      return;
    }
    // const TrackClient = require("customerio-node").TrackClient
    const n = unwrap(init);
    if (isMember(n) && id.type === "Identifier") {
      const source = this.requiredModule(n.object);
      const kind = this.sdkClassKind(memberName(n));
      if (source !== null && isCioModule(source) && kind) {
        this.usesCioModule = true;
        this.classNames.set(id.name, kind);
      }
    }
  }

  /** Whether `new X(...)` builds a Customer.io client, and which. */
  private clientKindOfNew(node: t.NewExpression, scope: Scope): "track" | "app" | null {
    const callee = unwrap(node.callee);
    if (callee.type === "Identifier") {
      const known = this.classNames.get(callee.name);
      if (known) return known;
      if (this.namespaces.has(callee.name)) return "track";
      // An unresolved TrackClient is the SDK's (a snippet with its import elsewhere); a local or foreign one is not.
      if (scope.lookup(callee.name)) return null;
      return callee.name === "TrackClient" ? "track" : callee.name === "APIClient" ? "app" : null;
    }
    if (isMember(callee)) {
      const kind = this.sdkClassKind(memberName(callee));
      if (!kind) return null;
      const obj = unwrap(callee.object);
      if (obj.type === "Identifier" && this.namespaces.has(obj.name)) return kind;
      const source = this.requiredModule(obj);
      if (source !== null && isCioModule(source)) return kind;
    }
    return null;
  }

  private typeIsClient(annotation: Node | null | undefined): "track" | "app" | null {
    if (!annotation || annotation.type !== "TSTypeAnnotation") return null;
    let ref = annotation.typeAnnotation;
    // TrackClient | null
    if (ref.type === "TSUnionType") ref = ref.types.find((x) => x.type === "TSTypeReference") ?? ref;
    if (ref.type !== "TSTypeReference") return null;
    const name = ref.typeName.type === "Identifier" ? ref.typeName.name : ref.typeName.type === "TSQualifiedName" ? ref.typeName.right.name : null;
    if (name && this.classNames.has(name)) return this.classNames.get(name)!;
    return this.sdkClassKind(name);
  }

  // -- the walk --------------------------------------------------------------

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
          const method = memberName(callee);
          if (method && (TRACK_METHODS.has(method) || APP_SEND_METHODS.has(method))) {
            this.candidateCalls.push({ node, ancestors: ancestors.slice(), scope });
          }
          if (callee.type === "Identifier") {
            const b = scope.lookup(callee.name);
            if (b) {
              const list = this.callSites.get(b) ?? [];
              list.push({ atModuleLevel: nearestFunctionIndex(ancestors) < 0 });
              this.callSites.set(b, list);
            }
          }
          this.noteRouteRegistration(node, scope);
          break;
        }
        case "VariableDeclarator": {
          if (node.id.type === "Identifier") {
            const b = scope.lookup(node.id.name);
            const kind = (node.init && this.newClientKind(node.init, scope)) || this.typeIsClient(node.id.typeAnnotation);
            if (b && kind) this.instanceBindings.set(b, kind);
            if (node.init) this.checkNamedCredential(node.id.name, node.init, ancestors);
          }
          break;
        }
        case "AssignmentExpression": {
          const kind = this.newClientKind(node.right, scope);
          const left = unwrap(node.left);
          if (left.type === "Identifier") {
            const b = scope.lookup(left.name);
            if (b && kind) this.instanceBindings.set(b, kind);
            this.checkNamedCredential(left.name, node.right, ancestors);
          } else if (isMember(left)) {
            const name = memberName(left);
            if (name && kind) this.instanceMembers.set(name, kind);
            if (name) this.checkNamedCredential(name, node.right, ancestors, left);
          }
          break;
        }
        case "ClassProperty":
        case "ClassPrivateProperty": {
          const name = node.type === "ClassProperty" ? keyName(node.key, node.computed) : node.key.id.name;
          const kind = (node.value && this.newClientKind(node.value, scope)) || this.typeIsClient(node.typeAnnotation);
          if (name && kind) this.instanceMembers.set(name, kind);
          if (name && node.value) this.checkNamedCredential(name, node.value, ancestors);
          break;
        }
        case "ObjectProperty": {
          const name = keyName(node.key, node.computed);
          if (name && node.value.type !== "ObjectExpression") this.checkNamedCredential(name, node.value, ancestors);
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
        case "ExportDefaultDeclaration": {
          const d = node.declaration;
          if (d.type === "Identifier") {
            const fn = this.functionOf(d, scope);
            if (fn && this.looksLikeNextApiHandler(fn)) this.routeHandlers.add(fn);
          }
          break;
        }
        default:
          break;
      }
      if (isFunctionNode(node) && this.isFrameworkHandler(node, ancestors)) this.routeHandlers.add(node);
    };
    walk(this.ast.program, enter, (node) => {
      if (isFunctionNode(node)) stack.pop();
    });
  }

  private newClientKind(value: Node, scope: Scope): "track" | "app" | null {
    let v = unwrap(value);
    // existing || new TrackClient(…), ok ? new TrackClient(…) : null
    if (v.type === "LogicalExpression") v = unwrap(v.right);
    if (v.type === "ConditionalExpression") {
      const a = unwrap(v.consequent);
      v = a.type === "NewExpression" ? a : unwrap(v.alternate);
    }
    return v.type === "NewExpression" ? this.clientKindOfNew(v, scope) : null;
  }

  /** The function a name refers to: a declaration or a const bound to one. */
  private functionOf(id: t.Identifier, scope: Scope): FunctionNode | null {
    const b = scope.lookup(id.name);
    if (!b) return null;
    if (b.kind === "function" && isFunctionNode(b.declaration)) return b.declaration;
    const init = b.init ? unwrap(b.init) : null;
    if (init && isFunctionNode(init) && !b.reassigned) return init;
    return null;
  }

  // -- route handlers --------------------------------------------------------

  private isRouterObject(node: Node): boolean {
    const n = unwrap(node);
    if (n.type === "Identifier") return ROUTER_NAME.test(n.name);
    if (n.type === "ThisExpression") return false;
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

  private noteRouteRegistration(node: t.CallExpression | t.OptionalCallExpression, scope: Scope): void {
    const callee = unwrap(node.callee);
    if (!isMember(callee)) return;
    const method = memberName(callee);
    if (!method) return;
    if (method === "route" && this.isRouterObject(callee.object)) {
      // fastify.route({ method, url, handler }) / server.route({ handler })
      const options = node.arguments[0] ? unwrap(node.arguments[0]) : null;
      if (options && options.type === "ObjectExpression") {
        for (const p of options.properties) {
          if (p.type === "ObjectMethod" && keyName(p.key, p.computed) === "handler") this.routeHandlers.add(p);
          if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === "handler") this.addHandler(p.value, scope);
        }
      }
      return;
    }
    if (!ROUTE_METHODS.has(method) || !this.isRouterObject(callee.object)) return;
    // app.get("setting") reads an Express setting; a route needs a path and a handler.
    if (node.arguments.length < 2 && method !== "use") return;
    for (const arg of node.arguments) this.addHandler(arg, scope);
  }

  private addHandler(arg: Node, scope: Scope): void {
    const a = unwrap(arg);
    if (isFunctionNode(a)) this.routeHandlers.add(a);
    else if (a.type === "Identifier") {
      const fn = this.functionOf(a, scope);
      if (fn) this.routeHandlers.add(fn);
    } else if (a.type === "ArrayExpression") {
      for (const e of a.elements) if (e) this.addHandler(e, scope);
    }
  }

  private paramNames(fn: FunctionNode): string[] {
    return fn.params.map((p) => (p.type === "Identifier" ? p.name : ""));
  }

  private looksLikeNextApiHandler(fn: FunctionNode): boolean {
    const [first, second] = this.paramNames(fn);
    const reqRes = /^req(uest)?$/i.test(first ?? "") && /^res(ponse)?$/i.test(second ?? "");
    return reqRes || /(^|\/)pages\/api\//.test(this.file);
  }

  /** Next.js route exports, Next pages/api default exports and NestJS controller methods. */
  private isFrameworkHandler(fn: FunctionNode, ancestors: readonly Node[]): boolean {
    const parent = ancestors[ancestors.length - 1];
    const grand = ancestors[ancestors.length - 2];
    if (fn.type === "FunctionDeclaration" && fn.id && HTTP_EXPORTS.has(fn.id.name) && parent?.type === "ExportNamedDeclaration") return true;
    if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" && HTTP_EXPORTS.has(parent.id.name)) {
      return ancestors[ancestors.length - 3]?.type === "ExportNamedDeclaration";
    }
    if (parent?.type === "ExportDefaultDeclaration") return this.looksLikeNextApiHandler(fn);
    // export default withAuth(async (req, res) => …) / export const POST = withAuth(async (req) => …)
    if (parent && isCall(parent) && (parent.arguments as Node[]).includes(fn)) {
      if (grand?.type === "ExportDefaultDeclaration") return this.looksLikeNextApiHandler(fn);
      if (grand?.type === "VariableDeclarator" && grand.id.type === "Identifier" && HTTP_EXPORTS.has(grand.id.name)) {
        return ancestors[ancestors.length - 4]?.type === "ExportNamedDeclaration";
      }
    }
    if (fn.type === "ClassMethod" && fn.decorators) {
      for (const d of fn.decorators) {
        const e = unwrap(d.expression);
        if (isCall(e) && e.callee.type === "Identifier" && NEST_DECORATORS.has(e.callee.name)) return true;
      }
    }
    return false;
  }

  // -- Customer.io calls -----------------------------------------------------

  private receiverKind(receiver: Node, scope: Scope): ClientKind | null {
    const r = unwrap(receiver);
    if (r.type === "Identifier") {
      if (r.name === "_cio") return "snippet";
      const b = scope.lookup(r.name);
      const known = b ? this.instanceBindings.get(b) : undefined;
      if (known) return known;
      const lower = r.name.toLowerCase();
      if (TRACK_CLIENT_NAMES.has(lower) || APP_CLIENT_NAMES.has(lower)) {
        // `const cio = new Analytics()` is somebody else's client.
        if (b && b.init && unwrap(b.init).type === "NewExpression") return null;
        return APP_CLIENT_NAMES.has(lower) ? "app" : "track";
      }
      return null;
    }
    if (isMember(r)) {
      const name = memberName(r);
      if (!name) return null;
      if (name === "_cio") return "snippet";
      const known = this.instanceMembers.get(name);
      if (known) return known;
      const lower = name.toLowerCase();
      if (APP_CLIENT_NAMES.has(lower)) return "app";
      if (TRACK_CLIENT_NAMES.has(lower)) return "track";
      return null;
    }
    if (isCall(r)) {
      const name = calleeName(r.callee);
      if (name && CLIENT_GETTERS.has(name.toLowerCase())) return "track";
    }
    return null;
  }

  private asCioCall(node: t.CallExpression | t.OptionalCallExpression, ancestors: Node[], scope: Scope): CioCall | null {
    const callee = unwrap(node.callee);
    if (!isMember(callee)) return null;
    const method = memberName(callee);
    if (!method) return null;
    const kind = this.receiverKind(callee.object, scope);
    if (!kind) return null;
    if (kind === "track" && !TRACK_METHODS.has(method)) return null;
    if (kind === "app" && !APP_SEND_METHODS.has(method)) return null;
    if (kind === "snippet" && !SNIPPET_METHODS.has(method)) return null;
    // customerio-node's track takes (id, { name, … }); a string second argument is some wrapper's API.
    if (kind === "track" && (method === "track" || method === "trackAnonymous")) {
      const ev = node.arguments[1];
      if (!ev || ev.type === "StringLiteral" || ev.type === "TemplateLiteral") return null;
    }
    return { node, method, kind, ancestors, scope };
  }

  private checkCall(call: CioCall): void {
    const args = call.node.arguments as Node[];
    if (call.kind === "track") {
      if (call.method === "identify" && args[1]) this.checkTimestamps(args[1], call.scope, "identify");
      if ((call.method === "track" || call.method === "trackAnonymous") && args[1]) this.checkEvent(args[1], call.scope);
      this.checkBlocking(call);
    }
    if (call.kind === "snippet") {
      if (call.method === "identify" && args[0]) this.checkTimestamps(args[0], call.scope, "identify");
      if (call.method === "track" && args[0]) {
        this.checkEventName(args[0], call.scope);
        if (args[1]) this.checkTimestamps(args[1], call.scope, "event data");
      }
      return;
    }
    this.checkLoop(call);
  }

  /** The object literal an argument is (directly or through a const). */
  private objectOf(node: Node, scope: Scope): { obj: t.ObjectExpression; scope: Scope } | null {
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

  private property(obj: t.ObjectExpression, name: string): t.ObjectProperty | null {
    let found: t.ObjectProperty | null = null;
    for (const p of obj.properties) {
      if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === name) found = p;
    }
    return found;
  }

  private checkEvent(eventArg: Node, scope: Scope): void {
    const ev = this.objectOf(eventArg, scope);
    if (!ev) return;
    const name = this.property(ev.obj, "name");
    if (name) this.checkEventName(name.value, ev.scope);
    const ts = this.property(ev.obj, "timestamp");
    if (ts) this.checkTimestampValue(ts, ev.scope, "track");
    const data = this.property(ev.obj, "data");
    if (data) this.checkTimestamps(data.value, ev.scope, "event data");
  }

  // -- millisecond timestamps ------------------------------------------------

  private checkTimestamps(payload: Node, scope: Scope, where: string): void {
    const target = this.objectOf(payload, scope);
    if (!target) return;
    for (const p of target.obj.properties) {
      if (p.type !== "ObjectProperty") continue;
      const key = keyName(p.key, p.computed);
      if (key && TIME_KEY.test(key)) this.checkTimestampValue(p, target.scope, where);
    }
  }

  private checkTimestampValue(prop: t.ObjectProperty, scope: Scope, where: string): void {
    const key = keyName(prop.key, prop.computed) ?? "timestamp";
    const trail: string[] = [];
    if (this.timeUnit(prop.value, scope, 0, trail) !== "ms") return;
    const via = trail.length ? ` (${trail.join("; ")})` : "";
    this.add(
      "millisecond_timestamp",
      prop.value,
      `\`${key}\` in this ${where} call gets a millisecond value; Customer.io reads timestamps as Unix seconds, so the date lands thousands of years ahead.`,
      `${this.text(prop)}${via}`,
    );
  }

  /** What unit a numeric expression is in, as far as the code shows. */
  private timeUnit(node: Node, scope: Scope, depth: number, trail: string[]): TimeUnit {
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
          const r = this.numeric(this.timeUnit(n.right, scope, depth + 1, trail));
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

  private callTimeUnit(n: t.CallExpression | t.OptionalCallExpression, scope: Scope, depth: number, trail: string[]): TimeUnit {
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
    if (objName === "Math" && method && ROUNDING.has(method) && args[0]) {
      return this.numeric(this.timeUnit(args[0], scope, depth + 1, trail));
    }
    if (objName === "Number" && (method === "parseInt" || method === "parseFloat") && args[0]) {
      return this.numeric(this.timeUnit(args[0], scope, depth + 1, trail));
    }
    if (args.length === 0 && (method === "getTime" || method === "valueOf" || method === "toMillis")) return "ms";
    if (args.length === 0 && (method === "unix" || method === "toUnixInteger" || method === "toSeconds" || method === "getUnixTime")) return "seconds";
    return "unknown";
  }

  // -- event names -----------------------------------------------------------

  /** Static string value(s) of an expression, or null when not known. */
  private staticStrings(node: Node, scope: Scope, depth = 0): string[] | null {
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
        return kv ? this.staticStrings(kv.value, kv.scope, depth + 1) : null;
      }
      case "MemberExpression": {
        // EVENTS.SIGNED_UP with const EVENTS = { SIGNED_UP: "signed_up" }
        const obj = unwrap(n.object);
        const prop = memberName(n);
        if (obj.type !== "Identifier" || !prop) return null;
        const target = this.objectOf(obj, scope);
        const p = target ? this.property(target.obj, prop) : null;
        return p && target ? this.staticStrings(p.value, target.scope, depth + 1) : null;
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

  /** The variable parts of a built name: template expressions or `+` operands. */
  private dynamicParts(node: Node, scope: Scope, depth = 0): Node[] | null {
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
    return null;
  }

  private checkEventName(nameNode: Node, scope: Scope): void {
    const values = this.staticStrings(nameNode, scope);
    if (values) {
      const start = nameNode.loc?.start;
      for (const value of values) {
        if (EMAIL.test(value)) {
          this.add(
            "pii_in_event_name",
            nameNode,
            "The event name contains an email address; event names are kept for the whole workspace and cannot be erased per person.",
            `name: "${hideEmails(value)}"`,
          );
          continue;
        }
        this.eventNames.push({ name: value, file: this.file, line: start?.line ?? 1, column: (start?.column ?? 0) + 1 });
      }
      return;
    }
    const parts = this.dynamicParts(nameNode, scope);
    if (!parts) return;
    const personal = parts.map((p) => this.personalDataName(p)).find((p) => p !== null);
    const shown = this.text(nameNode, 100);
    if (personal) {
      this.add(
        "pii_in_event_name",
        nameNode,
        `The event name is built from \`${personal}\`, which looks like personal data; every value makes a new event name that cannot be erased per person.`,
        `name: ${shown}`,
      );
      return;
    }
    this.add(
      "dynamic_event_name",
      nameNode,
      "The event name is built from a variable, so every value becomes a separate event name that campaigns and segments cannot target as one.",
      `name: ${shown}`,
    );
  }

  /** The name of an expression when it reads like personal data (email, phone, a person's name…). */
  private personalDataName(part: Node): string | null {
    let n = unwrap(part);
    // user.email.toLowerCase(), String(user.email)
    for (let i = 0; i < 3; i++) {
      if (isCall(n)) {
        const callee = unwrap(n.callee);
        if (isMember(callee)) n = unwrap(callee.object);
        else if (callee.type === "Identifier" && n.arguments[0]) n = unwrap(n.arguments[0]);
        else break;
      }
    }
    let name: string | null = null;
    let owner: string | null = null;
    if (n.type === "Identifier") name = n.name;
    else if (isMember(n)) {
      name = memberName(n);
      const obj = unwrap(n.object);
      owner = obj.type === "Identifier" ? obj.name : isMember(obj) ? memberName(obj) : null;
    }
    if (!name) return null;
    const words = nameWords(name);
    const last = words[words.length - 1];
    if (last === "id" || last === "ids" || last === "count" || last === "type" || last === "domain") return null;
    const personal = new Set(["email", "emails", "phone", "mobile", "msisdn", "address", "ssn", "firstname", "lastname", "fullname", "surname"]);
    if (words.some((w) => personal.has(w))) return this.text(n, 60);
    const nameIdx = words.indexOf("name");
    if (nameIdx > 0 && ["first", "last", "full", "user", "customer", "display", "given", "family", "real", "contact", "person", "sur"].includes(words[nameIdx - 1]!)) {
      return this.text(n, 60);
    }
    if (words.length === 1 && name === "name" && owner) {
      const ownerWords = nameWords(owner);
      const o = ownerWords[ownerWords.length - 1];
      if (o && ["user", "customer", "person", "member", "contact", "profile", "recipient", "account", "owner", "buyer", "lead"].includes(o)) {
        return this.text(n, 60);
      }
    }
    return null;
  }

  // -- blocking request path -------------------------------------------------

  /** The await that waits for a call, through .then/.catch/.finally and Promise.all([...]). */
  private awaitOf(call: Node, ancestors: readonly Node[]): number {
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
          if (p.object === child && (m === "then" || m === "catch" || m === "finally") && g && isCall(g) && g.callee === p) {
            child = g;
            i--;
            continue;
          }
          return -1;
        }
        case "ArrayExpression": {
          const g = ancestors[i - 1];
          if (g && isCall(g) && g.arguments[0] === p) {
            const callee = unwrap(g.callee);
            const obj = isMember(callee) ? unwrap(callee.object) : null;
            if (obj && obj.type === "Identifier" && obj.name === "Promise") {
              child = g;
              i--;
              continue;
            }
          }
          return -1;
        }
        default:
          return -1;
      }
    }
    return -1;
  }

  private checkBlocking(call: CioCall): void {
    const awaitIdx = this.awaitOf(call.node, call.ancestors);
    if (awaitIdx < 0) return;
    const fnIdx = nearestFunctionIndex(call.ancestors, awaitIdx);
    if (fnIdx < 0 || !this.routeHandlers.has(call.ancestors[fnIdx]!)) return;
    if (this.responseSentBefore(call.ancestors, fnIdx, awaitIdx)) return;
    this.add(
      "blocking_request_path",
      call.ancestors[awaitIdx]!,
      `The request handler awaits ${this.text(call.node.callee, 50)}(), so every response waits for a round trip to Customer.io (and fails or hangs when it is slow).`,
      this.text(call.ancestors[awaitIdx]!),
    );
  }

  /** Whether an earlier statement of the handler already sent the response (res.json(…), reply.send(…)). */
  private responseSentBefore(ancestors: readonly Node[], fnIdx: number, awaitIdx: number): boolean {
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
    const method = memberName(callee);
    if (!method || !RESPONSE_METHODS.has(method) || !isMember(callee)) return false;
    // Down the chain res.status(200).json(...) to its root.
    let root = unwrap(callee.object);
    while (isCall(root) || isMember(root)) root = unwrap(isCall(root) ? root.callee : root.object);
    return root.type === "Identifier" && /^(res|response|reply)$/.test(root.name);
  }

  // -- rate limiting ---------------------------------------------------------

  /** Whether a loop body pauses or waits on a limiter between iterations. */
  private hasPause(body: Node): boolean {
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

  private loopBodyOf(loop: Node): Node | null {
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
  private enclosingLoops(ancestors: readonly Node[], child: Node, from: number, stopAt: number): Node[] {
    const loops: Node[] = [];
    let c = child;
    for (let i = from; i > stopAt; i--) {
      const p = ancestors[i]!;
      if (LOOP_TYPES.has(p.type) && this.loopBodyOf(p) === c) loops.push(p);
      c = p;
    }
    return loops;
  }

  private checkLoop(call: CioCall): void {
    const anc = call.ancestors;
    const fnIdx = nearestFunctionIndex(anc);
    const loops = this.enclosingLoops(anc, call.node, anc.length - 1, fnIdx);
    const label = `${this.text(call.node.callee, 50)}()`;
    if (loops.length > 0) {
      const loop = loops[0]!;
      if (loop.type === "ForOfStatement" && unwrap(loop.right).type === "ArrayExpression") return;
      const awaited = this.awaitOf(call.node, anc) > fnIdx;
      const parent = anc[anc.length - 1];
      const pushed = parent && isCall(parent) && memberName(unwrap(parent.callee)) === "push";
      if (!awaited && !pushed) return;
      if (loops.some((l) => this.hasPause(this.loopBodyOf(l)!))) return;
      this.add(
        "no_rate_limiting",
        call.node,
        awaited
          ? `${label} runs once per loop iteration with nothing pacing it; a bulk run goes as fast as the network allows and hits 429 rate limits.`
          : `${label} is started once per loop iteration and collected, so the whole batch hits the API at once.`,
        this.text(call.node),
      );
      return;
    }
    if (fnIdx < 1) return;
    const fn = anc[fnIdx]!;
    const host = anc[fnIdx - 1]!;
    if (!isCall(host) || !(host.arguments as Node[]).includes(fn)) return;
    const callee = unwrap(host.callee);
    const method = memberName(callee);
    if (!method || !COLLECTION_CALLBACKS.has(method) || !isMember(callee)) return;
    if (unwrap(callee.object).type === "ArrayExpression") return;
    // Promise.all(chunk.map(...)) inside a loop over chunks is a batched, bounded burst.
    const outerFn = nearestFunctionIndex(anc, fnIdx - 1);
    if (this.enclosingLoops(anc, host, fnIdx - 2, outerFn).length > 0) return;
    this.add(
      "no_rate_limiting",
      call.node,
      `${label} is called from .${method}() over a collection, which starts every call at once with no limiter; large lists trigger 429 rate limits.`,
      this.text(call.node),
    );
  }

  // -- track before identify -------------------------------------------------

  private idKey(node: Node | undefined): string | null {
    if (!node) return null;
    const n = unwrap(node);
    if (n.start == null || n.end == null) return null;
    return this.code.slice(n.start, n.end).replace(/\s+/g, "");
  }

  private checkTrackBeforeIdentify(calls: CioCall[]): void {
    const byFunction = new Map<Node | null, CioCall[]>();
    for (const c of calls) {
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
        const id = this.idKey(track.node.arguments[0]);
        if (!id) continue;
        const same = identifies.filter((i) => this.idKey(i.node.arguments[0]) === id);
        if (same.length === 0 || same.some((i) => (i.node.start ?? 0) < (track.node.start ?? 0))) continue;
        const later = same.find((i) => this.runsAfterInSequence(track, i));
        if (!later) continue;
        this.add(
          "track_before_identify",
          track.node,
          `${this.text(track.node.callee, 50)}() for ${this.text(track.node.arguments[0]!, 60)} runs before identify() for the same person (line ${later.node.loc?.start.line ?? "?"}); the event can reach a profile that does not exist yet or lacks its attributes.`,
          this.text(track.node),
        );
      }
    }
  }

  /** True when `first` sits in an earlier statement of the same statement list as `second`. */
  private runsAfterInSequence(first: CioCall, second: CioCall): boolean {
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

  // -- new clients: key types, hard-coded keys, client per request ----------

  /** The name a credential argument goes by: an env variable, a variable or a config property. */
  private credentialName(node: Node, scope: Scope, depth = 0): string | null {
    if (depth > 3) return null;
    const n = unwrap(node);
    if (n.type === "LogicalExpression") return this.credentialName(n.left, scope, depth + 1);
    if (isMember(n)) {
      if (isEnvObject(n.object)) return memberName(n);
      return memberName(n);
    }
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      if (kv) {
        const inner = this.credentialName(kv.value, kv.scope, depth + 1);
        if (inner) return inner;
      }
      return n.name;
    }
    if (isCall(n)) {
      // env("CUSTOMERIO_APP_API_KEY"), config.get("customerio.appKey"), String(x)
      const arg = n.arguments[0];
      if (arg && arg.type === "StringLiteral") return arg.value;
      if (arg) return this.credentialName(arg, scope, depth + 1);
    }
    if (n.type === "TemplateLiteral" && n.expressions.length === 1 && n.expressions[0]) {
      return this.credentialName(n.expressions[0], scope, depth + 1);
    }
    return null;
  }

  private checkNewClient(client: NewClient): void {
    const args = client.node.arguments as Node[];
    const scope = client.scope;
    const cls = client.kind === "track" ? "TrackClient" : "APIClient";
    const names = args.slice(0, 2).map((a) => this.credentialName(a, scope));
    const words = names.map((n) => (n ? nameWords(n) : []));
    const has = (w: string[], ...any: string[]) => any.some((x) => w.includes(x));
    const isTrackKey = (w: string[]) => has(w, "track", "tracking") && has(w, "key", "apikey") && !has(w, "app");
    const isAppKey = (w: string[]) => (has(w, "app", "transactional", "bearer") && has(w, "key", "apikey", "token")) || has(w, "appkey");
    const isSiteId = (w: string[]) => has(w, "site", "siteid") && !has(w, "key");

    if (client.kind === "app" && args[0]) {
      const w = words[0]!;
      if (isTrackKey(w) || isSiteId(w)) {
        this.add(
          "wrong_key_type",
          args[0],
          `APIClient is given ${isSiteId(w) ? "the site ID" : "the Track API key"} (${names[0]}); the App API authenticates with the App API key as a Bearer token, so every call returns 401.`,
          this.text(client.node),
        );
      }
    }
    if (client.kind === "track" && args[1]) {
      const [w0, w1] = [words[0]!, words[1]!];
      if (isAppKey(w1)) {
        this.add(
          "wrong_key_type",
          args[1],
          `TrackClient is given the App API key (${names[1]}); the Track API needs the site ID and the Track API key (Basic auth), so every call returns 401.`,
          this.text(client.node),
        );
      } else if (args[0] && has(w0, "key", "apikey") && !isSiteId(w0) && isSiteId(w1)) {
        this.add(
          "wrong_key_type",
          args[0],
          `TrackClient gets the key and the site ID swapped (${names[0]}, ${names[1]}); the first argument is the site ID, the second the Track API key.`,
          this.text(client.node),
        );
      }
    }

    // Literal credentials, directly or through a const in this file.
    args.slice(0, client.kind === "track" ? 2 : 1).forEach((arg, i) => {
      const role = client.kind === "app" ? "App API key" : i === 0 ? "site ID" : "Track API key";
      for (const lit of this.literalsOf(arg, scope)) {
        if (looksLikeSecret(lit.value)) this.reportSecret(lit, `${cls} argument ${i + 1}`, role);
      }
    });

    this.checkClientPerRequest(client, cls);
  }

  /** String literals an expression can evaluate to: directly, as a fallback, or via a const. */
  private literalsOf(node: Node, scope: Scope, depth = 0): StringValue[] {
    if (depth > 3) return [];
    const n = unwrap(node);
    if (n.type === "StringLiteral") return [{ node: n, value: n.value }];
    if (n.type === "TemplateLiteral" && n.expressions.length === 0) {
      return [{ node: n, value: n.quasis[0]?.value.cooked ?? "" }];
    }
    if (n.type === "LogicalExpression") return this.literalsOf(n.right, scope, depth + 1);
    if (n.type === "ConditionalExpression") return [...this.literalsOf(n.consequent, scope, depth + 1), ...this.literalsOf(n.alternate, scope, depth + 1)];
    if (n.type === "Identifier") {
      const kv = knownValue(n.name, scope);
      return kv ? this.literalsOf(kv.value, kv.scope, depth + 1) : [];
    }
    if (n.type === "MemberExpression") {
      const obj = unwrap(n.object);
      const prop = memberName(n);
      if (obj.type === "Identifier" && prop) {
        const target = this.objectOf(obj, scope);
        const p = target ? this.property(target.obj, prop) : null;
        if (p && target) return this.literalsOf(p.value, target.scope, depth + 1);
      }
    }
    return [];
  }

  private reportSecret(lit: StringValue, name: string, role: string): void {
    const at = lit.node.start ?? -1;
    if (this.reportedLiterals.has(at)) return;
    this.reportedLiterals.add(at);
    const shown = maskSecret(lit.value) ?? "…";
    // A site ID alone is not secret, but pinned in code it ties every environment to one workspace.
    if (role === "site ID") {
      this.add(
        "hardcoded_credentials",
        lit.node,
        `The Customer.io site ID is hard-coded in source (${shown}); keep it in configuration next to the key so each environment uses its own workspace.`,
        `${name} = "${shown}"`,
        "warning",
      );
      return;
    }
    this.add(
      "hardcoded_credentials",
      lit.node,
      `A Customer.io ${role} is hard-coded in source (${shown}); anyone with the code or its history can use it.`,
      `${name} = "${shown}"`,
    );
  }

  /** Whether a credential-looking name belongs to Customer.io here, and as what. */
  private credentialRole(name: string, ancestors: readonly Node[]): string | null {
    const words = nameWords(name);
    const has = (...any: string[]) => any.some((x) => words.includes(x));
    const keyWord = has("key", "apikey", "appkey");
    const secretWord = has("secret", "token", "password", "credential", "credentials");
    const site = has("site", "siteid") && (has("id", "siteid") || words.length === 1);
    const role = site && !keyWord ? "site ID" : has("app", "appkey", "transactional") ? "App API key" : has("track", "tracking") ? "Track API key" : "API key";
    if (isCioWordList(words)) return keyWord || secretWord || site ? role : null;
    // Generic names (apiKey, siteId, TRACK_API_KEY) count only in a Customer.io context.
    if (!keyWord && !site) return null;
    const generic = new Set(["api", "key", "apikey", "appkey", "site", "siteid", "id", "track", "tracking", "app"]);
    if (!words.every((w) => generic.has(w))) return null;
    return this.inCioContext(ancestors) ? role : null;
  }

  /**
   * Whether a generic credential name (apiKey, siteId) sits in Customer.io
   * configuration: the nearest named owner (object key, variable, class) is
   * Customer.io's, or a neutral one (config, settings…) in a file using the SDK.
   */
  private inCioContext(ancestors: readonly Node[]): boolean {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (a.type === "NewExpression" && this.clientKindOfNew(a, this.scopes.scopeAt(ancestors.slice(0, i)))) return true;
      let owner: string | null = null;
      if (a.type === "ObjectProperty") owner = keyName(a.key, a.computed);
      else if (a.type === "VariableDeclarator" && a.id.type === "Identifier") owner = a.id.name;
      else if ((a.type === "ClassDeclaration" || a.type === "ClassExpression") && a.id) owner = a.id.name;
      else if (isCall(a)) owner = calleeName(a.callee);
      if (owner === null) continue;
      if (isCioName(owner)) return true;
      const neutral = new Set(["define", "create", "make", "build", "get", "init", "setup", "with", "freeze", "assign", "config", "configuration", "settings", "options", "opts", "credentials", "creds", "env", "secrets", "keys", "auth", "client", "default", "defaults", "track", "tracking", "app", "api"]);
      if (nameWords(owner).every((w) => neutral.has(w))) continue;
      // Owned by something else (stripe: { apiKey }, new Stripe({ apiKey })).
      return false;
    }
    return this.usesCioModule;
  }

  private checkNamedCredential(name: string, value: Node, ancestors: readonly Node[], target?: Node): void {
    const v = unwrap(value);
    if (v.type !== "StringLiteral" && v.type !== "TemplateLiteral" && v.type !== "LogicalExpression" && v.type !== "ConditionalExpression") return;
    const role = this.credentialRole(name, ancestors);
    if (!role) return;
    for (const lit of this.literalsOf(v, this.scopes.scopeAt(ancestors))) {
      if (looksLikeSecret(lit.value)) this.reportSecret(lit, target ? this.text(target, 60) : name, role);
    }
  }

  private checkClientPerRequest(client: NewClient, cls: string): void {
    const anc = client.ancestors;
    const fnIdx = nearestFunctionIndex(anc);
    if (fnIdx < 0) return;
    const fn = anc[fnIdx]! as FunctionNode;
    // A class that owns its client is built once per service object, not per call.
    if (fn.type === "ClassMethod" && fn.kind === "constructor") return;
    const parent = anc[anc.length - 1];
    // Lazy singletons: client ??= new TrackClient(...), this.client = ..., clients.set(tenant, ...)
    if (parent?.type === "AssignmentExpression" && parent.right === client.node) {
      const left = unwrap(parent.left);
      if (isMember(left)) return;
      if (left.type === "Identifier") {
        const b = client.scope.lookup(left.name);
        if (!b || b.scope.node !== fn) return;
      }
    }
    if (parent?.type === "LogicalExpression" && anc[anc.length - 2]?.type === "AssignmentExpression") return;
    if (parent && isCall(parent) && memberName(unwrap(parent.callee)) === "set") return;
    // A factory whose only callers in this file run once, at module level.
    const returned = parent?.type === "ReturnStatement" || (parent === fn && fn.type === "ArrowFunctionExpression");
    if (returned) {
      const b = this.factoryBinding(fn, anc, fnIdx);
      const sites = b ? this.callSites.get(b) : undefined;
      if (sites && sites.length > 0 && sites.every((s) => s.atModuleLevel)) return;
    }
    const where = this.routeHandlers.has(fn) ? "a request handler" : "a function";
    this.add(
      "client_per_request",
      client.node,
      `new ${cls}() runs inside ${where}, so a fresh client (and fresh connections) is built on every call instead of being reused.`,
      this.text(client.node),
    );
  }

  private factoryBinding(fn: FunctionNode, anc: readonly Node[], fnIdx: number): Binding | undefined {
    const outer = this.scopes.scopeAt(anc.slice(0, fnIdx));
    if (fn.type === "FunctionDeclaration" && fn.id) return outer.lookup(fn.id.name);
    const holder = anc[fnIdx - 1];
    if (holder?.type === "VariableDeclarator" && holder.id.type === "Identifier") return outer.lookup(holder.id.name);
    return undefined;
  }
}

/** Runs every per-file rule on one source text. Throws SourceParseError when it cannot be parsed. */
export function analyzeSource(code: string, file: string): SourceAnalysis {
  const ast = parseSource(code, file);
  return new FileAudit(code, file, ast).run();
}

// ---------------------------------------------------------------------------
// Event-name conventions across the whole tree

export type NameConvention = "snake_case" | "kebab-case" | "camelCase" | "PascalCase" | "spaces" | "dot.case" | "SCREAMING_CASE" | "mixed";

/** The spelling convention of an event name; null for a single lower-case word, which fits several. */
export function nameConvention(name: string): NameConvention | null {
  if (/\s/.test(name.trim())) return "spaces";
  if (/^[a-z0-9]+$/.test(name)) return null;
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name)) return "snake_case";
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(name)) return "SCREAMING_CASE";
  if (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(name)) return "kebab-case";
  if (/^[a-z0-9]+(\.[a-z0-9_]+)+$/.test(name)) return "dot.case";
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(name)) return "camelCase";
  if (/^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*$/.test(name)) return "PascalCase";
  return "mixed";
}

function normalizedName(name: string): string {
  return nameWords(name).join("_");
}

/**
 * Finds event names that break the tree's dominant convention, and names
 * that are the same words spelled differently ("UserSignedUp" next to
 * "user_signed_up"). One finding per place a name is used.
 */
export function eventNameConsistencyFindings(uses: readonly EventNameUse[]): AuditFinding[] {
  const distinct = new Map<string, NameConvention | null>();
  for (const u of uses) if (!distinct.has(u.name)) distinct.set(u.name, nameConvention(u.name));
  const perConvention = new Map<NameConvention, number>();
  for (const c of distinct.values()) if (c) perConvention.set(c, (perConvention.get(c) ?? 0) + 1);

  let dominant: NameConvention | null = null;
  let best = 0;
  for (const [c, n] of perConvention) {
    if (n > best || (n === best && c === "snake_case")) {
      dominant = c;
      best = n;
    }
  }
  const mixedConventions = perConvention.size > 1;

  // Same words, different spelling.
  const groups = new Map<string, Set<string>>();
  for (const name of distinct.keys()) {
    const key = normalizedName(name);
    const set = groups.get(key) ?? new Set<string>();
    set.add(name);
    groups.set(key, set);
  }
  const count = new Map<string, number>();
  for (const u of uses) count.set(u.name, (count.get(u.name) ?? 0) + 1);
  const preferredSpelling = (names: Set<string>): string => {
    const list = [...names];
    const inDominant = list.filter((n) => distinct.get(n) === dominant);
    const pool = inDominant.length ? inDominant : list;
    return pool.sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || a.localeCompare(b))[0]!;
  };

  const out: AuditFinding[] = [];
  const rule = RULES.event_name_inconsistent;
  const example = [...distinct.entries()].find(([, c]) => c === dominant)?.[0];
  for (const u of uses) {
    const convention = distinct.get(u.name) ?? null;
    const siblings = groups.get(normalizedName(u.name))!;
    const preferred = siblings.size > 1 ? preferredSpelling(siblings) : u.name;
    let message: string | null = null;
    if (siblings.size > 1 && preferred !== u.name) {
      message = `Event name "${u.name}" is also spelled "${preferred}" in this code; triggers and segments match names exactly, so the two never meet.`;
    } else if (mixedConventions && convention && convention !== dominant && dominant) {
      message = `Event name "${u.name}" is ${convention} while most event names here are ${dominant}${example ? ` (e.g. "${example}")` : ""}.`;
    }
    if (!message) continue;
    out.push({
      code: "event_name_inconsistent",
      severity: rule.severity,
      message: hideEmails(message),
      fix: rule.fix,
      pitfall: rule.pitfall!,
      evidence: `name: "${hideEmails(u.name)}"`,
      file: u.file,
      line: u.line,
      column: u.column,
    });
  }
  return out;
}
