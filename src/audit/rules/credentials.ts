/**
 * Credential helpers shared by wrong_key_type and hardcoded_credentials:
 * the name a credential argument goes by, the string literals an
 * expression can be, and whether a string could be a real key.
 */
import type * as t from "@babel/types";
import { maskSecret } from "../../redact.js";
import type { FileModel } from "../model.js";
import { isCall, isCioName, isCioWordList, isEnvObject, isMember, keyName, memberName, nameWords, calleeName } from "../syntax.js";
import { knownValue, unwrap, type Node, type Scope } from "../walk.js";

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

/** Masks anything in a quoted string that looks like a key (the text is bounded first). */
export function scrubSecrets(text: string): string {
  return text.slice(0, 4000).replace(/(["'`])([^"'`\n]{16,256})\1/g, (whole, quote: string, inner: string) =>
    looksLikeSecret(inner) ? `${quote}${maskSecret(inner) ?? "…"}${quote}` : whole,
  );
}

export interface StringValue {
  node: Node;
  value: string;
}

/** The name a credential argument goes by: an env variable, a variable or a config property. */
export function credentialName(model: FileModel, node: Node, scope: Scope, depth = 0): string | null {
  if (depth > 3) return null;
  const n = unwrap(node);
  if (n.type === "LogicalExpression") return credentialName(model, n.left, scope, depth + 1);
  if (isMember(n)) return memberName(n);
  if (n.type === "Identifier") {
    const kv = knownValue(n.name, scope);
    if (kv) {
      const inner = credentialName(model, kv.value, kv.scope, depth + 1);
      if (inner) return inner;
    }
    return n.name;
  }
  if (isCall(n)) {
    // env("CUSTOMERIO_APP_API_KEY"), config.get("customerio.appKey"), String(x), secret.value()
    const arg = n.arguments[0];
    if (arg && arg.type === "StringLiteral") return arg.value;
    if (arg) return credentialName(model, arg as Node, scope, depth + 1);
    const callee = unwrap(n.callee);
    if (isMember(callee)) return credentialName(model, callee.object, scope, depth + 1);
  }
  if (n.type === "TemplateLiteral" && n.expressions.length === 1 && n.expressions[0]) {
    return credentialName(model, n.expressions[0], scope, depth + 1);
  }
  // "Bearer " + config.appKey: the one operand that is not literal text names the credential.
  if (n.type === "BinaryExpression" && n.operator === "+") {
    const part = soleNonLiteralOperand(n);
    return part ? credentialName(model, part, scope, depth + 1) : null;
  }
  return null;
}

/**
 * The only operand of a chain of `+` that is not a string literal, or null when
 * there are none or several. Walks the left spine iteratively and gives up after
 * 16 operands, so a hostile chain of thousands costs at most 16 steps.
 */
function soleNonLiteralOperand(sum: Node): Node | null {
  let found: Node | null = null;
  let cur: Node = sum;
  for (let i = 0; i < 16; i++) {
    if (cur.type !== "BinaryExpression" || cur.operator !== "+") {
      return isLiteralText(cur) ? found : found ? null : cur;
    }
    const right = unwrap(cur.right as Node);
    if (!isLiteralText(right)) {
      if (found) return null;
      found = right;
    }
    cur = unwrap(cur.left as Node);
  }
  return null;
}

const isLiteralText = (n: Node) => n.type === "StringLiteral" || (n.type === "TemplateLiteral" && n.expressions.length === 0);

/** String literals an expression can evaluate to: directly, as a fallback, or via a const. */
export function literalsOf(model: FileModel, node: Node, scope: Scope, depth = 0): StringValue[] {
  if (depth > 3) return [];
  const n = unwrap(node);
  if (n.type === "StringLiteral") return [{ node: n, value: n.value }];
  if (n.type === "TemplateLiteral" && n.expressions.length === 0) return [{ node: n, value: n.quasis[0]?.value.cooked ?? "" }];
  if (n.type === "LogicalExpression") return literalsOf(model, n.right, scope, depth + 1);
  if (n.type === "ConditionalExpression") return [...literalsOf(model, n.consequent, scope, depth + 1), ...literalsOf(model, n.alternate, scope, depth + 1)];
  if (n.type === "Identifier") {
    const kv = knownValue(n.name, scope);
    return kv ? literalsOf(model, kv.value, kv.scope, depth + 1) : [];
  }
  if (n.type === "MemberExpression") {
    const obj = unwrap(n.object);
    const prop = memberName(n);
    if (obj.type === "Identifier" && prop) {
      const target = model.objectOf(obj, scope);
      const p = target ? model.property(target.obj, prop) : null;
      if (p && target) return literalsOf(model, p.value, target.scope, depth + 1);
    }
  }
  return [];
}

/** `btoa(x)` or `Buffer.from(x).toString("base64")`: the x a Basic credential is encoded from. */
function encodedArgument(node: Node): Node | null {
  if (!isCall(node)) return null;
  const callee = unwrap(node.callee);
  if (callee.type === "Identifier" && callee.name === "btoa") return (node.arguments[0] as Node | undefined) ?? null;
  if (!isMember(callee) || memberName(callee) !== "toString") return null;
  const enc = node.arguments[0];
  if (!enc || enc.type !== "StringLiteral" || enc.value !== "base64") return null;
  const from = unwrap(callee.object);
  if (!isCall(from)) return null;
  const fc = unwrap(from.callee);
  const isBufferFrom = isMember(fc) && memberName(fc) === "from" && unwrap(fc.object).type === "Identifier" && (unwrap(fc.object) as t.Identifier).name === "Buffer";
  return isBufferFrom ? ((from.arguments[0] as Node | undefined) ?? null) : null;
}

/**
 * Literal "site:key" pairs a header value base64-encodes: `"Basic " + btoa("site:key")`,
 * `Basic ${Buffer.from("site:key").toString("base64")}`, through consts. Only the
 * key half is returned (its node is the literal), for the caller to judge.
 */
export function encodedPairKeys(model: FileModel, node: Node, scope: Scope, depth = 0): StringValue[] {
  if (depth > 4) return [];
  const n = unwrap(node);
  const arg = encodedArgument(n);
  if (arg) {
    const out: StringValue[] = [];
    for (const lit of literalsOf(model, arg, scope)) {
      const colon = lit.value.indexOf(":");
      if (colon > 0) out.push({ node: lit.node, value: lit.value.slice(colon + 1) });
    }
    return out;
  }
  if (n.type === "BinaryExpression" && n.operator === "+") return [...encodedPairKeys(model, n.left, scope, depth + 1), ...encodedPairKeys(model, n.right, scope, depth + 1)];
  if (n.type === "TemplateLiteral") return n.expressions.slice(0, 4).flatMap((e) => encodedPairKeys(model, e as Node, scope, depth + 1));
  if (n.type === "Identifier") {
    const kv = knownValue(n.name, scope);
    return kv ? encodedPairKeys(model, kv.value, kv.scope, depth + 1) : [];
  }
  return [];
}

export interface EncodedPair {
  /** The expression before the colon (the site ID, or a Pipelines write key), and after it (the Track API key). */
  user: Node | null;
  password: Node | null;
  scope: Scope;
}

/** The parts of a pair built from expressions: `${a}:${b}`, `${key}:`, a + ":" + b. Null when no lone colon separates them. */
function pairParts(node: Node): { user: Node | null; password: Node | null } | null {
  const n = unwrap(node);
  if (n.type === "TemplateLiteral" && n.expressions.length <= 4) {
    // The colon sits in one of the quasis between (or after) the expressions.
    for (let i = 1; i < n.quasis.length; i++) {
      if ((n.quasis[i]!.value.cooked ?? "") !== ":") continue;
      return { user: (n.expressions[i - 1] as Node | undefined) ?? null, password: (n.expressions[i] as Node | undefined) ?? null };
    }
    return null;
  }
  if (n.type === "BinaryExpression" && n.operator === "+") {
    const left = unwrap(n.left);
    // (a + ":") + b, or a + ":"
    if (left.type === "BinaryExpression" && left.operator === "+" && unwrap(left.right).type === "StringLiteral" && (unwrap(left.right) as t.StringLiteral).value === ":") {
      return { user: left.left as Node, password: n.right as Node };
    }
    const right = unwrap(n.right);
    if (right.type === "StringLiteral" && right.value === ":") return { user: n.left as Node, password: null };
  }
  return null;
}

/**
 * The two halves of a Basic credential a header value base64-encodes from
 * expressions (`Basic ${btoa(`${siteId}:${apiKey}`)}`, through consts), for
 * the rules to judge by name or by literal value.
 */
export function encodedPairOf(model: FileModel, node: Node, scope: Scope, depth = 0): EncodedPair | null {
  if (depth > 4) return null;
  const n = unwrap(node);
  const arg = encodedArgument(n);
  if (arg) {
    const a = unwrap(arg);
    if (a.type === "Identifier") {
      const kv = knownValue(a.name, scope);
      const parts = kv ? pairParts(kv.value) : null;
      return parts && kv ? { ...parts, scope: kv.scope } : null;
    }
    const parts = pairParts(a);
    return parts ? { ...parts, scope } : null;
  }
  if (n.type === "BinaryExpression" && n.operator === "+") return encodedPairOf(model, n.right, scope, depth + 1) ?? encodedPairOf(model, n.left, scope, depth + 1);
  if (n.type === "TemplateLiteral") {
    for (const e of n.expressions.slice(0, 4)) {
      const found = encodedPairOf(model, e as Node, scope, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (n.type === "Identifier") {
    const kv = knownValue(n.name, scope);
    return kv ? encodedPairOf(model, kv.value, kv.scope, depth + 1) : null;
  }
  return null;
}

const NEUTRAL_OWNERS = new Set([
  "define", "create", "make", "build", "get", "init", "setup", "with", "freeze", "assign", "config", "configuration", "settings", "options", "opts",
  "credentials", "creds", "env", "secrets", "keys", "auth", "client", "default", "defaults", "track", "tracking", "app", "api", "module", "exports",
]);
// "write" for the Pipelines write key (new Analytics({ writeKey })): generic too, so it needs a Customer.io owner.
const GENERIC = new Set(["api", "key", "apikey", "appkey", "site", "siteid", "id", "track", "tracking", "app", "write", "writekey"]);

/**
 * Whether a generic credential name (apiKey, siteId) sits in Customer.io
 * configuration: the nearest named owner (object key, variable, class) is
 * Customer.io's, or a neutral one (config, settings…) in a file using the SDK.
 */
function inCioContext(model: FileModel, ancestors: readonly Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.type === "NewExpression" && model.clientKindOfNew(a, model.scopes.scopeAt(ancestors.slice(0, i)))) return true;
    let owner: string | null = null;
    if (a.type === "ObjectProperty") owner = keyName(a.key, a.computed);
    else if (a.type === "VariableDeclarator" && a.id.type === "Identifier") owner = a.id.name;
    else if ((a.type === "ClassDeclaration" || a.type === "ClassExpression") && a.id) owner = a.id.name;
    else if (isCall(a)) owner = calleeName(a.callee);
    if (owner === null) continue;
    if (isCioName(owner)) return true;
    if (nameWords(owner, 200).every((w) => NEUTRAL_OWNERS.has(w))) continue;
    // Owned by something else (stripe: { apiKey }, new Stripe({ apiKey })).
    return false;
  }
  return model.usesCioModule;
}

/** Whether a credential-looking name belongs to Customer.io here, and as what. */
export function credentialRole(model: FileModel, name: string, ancestors: readonly Node[]): string | null {
  const words = nameWords(name, 200);
  const has = (...any: string[]) => any.some((x) => words.includes(x));
  const keyWord = has("key", "apikey", "appkey", "writekey");
  const secretWord = has("secret", "token", "password", "credential", "credentials");
  const site = has("site", "siteid") && (has("id", "siteid") || words.length === 1);
  const role = site && !keyWord ? "site ID" : has("app", "appkey", "transactional") ? "App API key" : has("track", "tracking") ? "Track API key" : has("write", "writekey") ? "Pipelines write key" : "API key";
  if (isCioWordList(words)) return keyWord || secretWord || site ? role : null;
  // Generic names (apiKey, siteId, TRACK_API_KEY) count only in a Customer.io context.
  if (!keyWord && !site) return null;
  if (!words.every((w) => GENERIC.has(w))) return null;
  return inCioContext(model, ancestors) ? role : null;
}

export function secretMessage(lit: StringValue, name: string, role: string): { message: string; evidence: string; severity: "error" | "warning" } {
  const shown = maskSecret(lit.value) ?? "…";
  // A site ID alone is not secret, but pinned in code it ties every environment to one workspace.
  if (role === "site ID") {
    return {
      message: `The Customer.io site ID is hard-coded in source (${shown}); keep it in configuration next to the key so each environment uses its own workspace.`,
      evidence: `${name} = "${shown}"`,
      severity: "warning",
    };
  }
  return { message: `A Customer.io ${role} is hard-coded in source (${shown}); anyone with the code or its history can use it.`, evidence: `${name} = "${shown}"`, severity: "error" };
}

export type { t };
