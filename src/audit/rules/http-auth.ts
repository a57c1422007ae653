/**
 * The credentials of raw HTTP requests to Customer.io: which API the URL
 * names (Track and Pipelines take Basic auth, the App API a Bearer key)
 * and what the request sends (an Authorization header, axios's `auth`),
 * for fetch/axios/got/ky calls and for clients created with a Customer.io
 * base URL. Shared by wrong_key_type and hardcoded_credentials.
 */
import type * as t from "@babel/types";
import type { FileModel } from "../model.js";
import { calleeName, isCall, isMember, keyName, memberName } from "../syntax.js";
import { unwrap, walk, type Binding, type Node, type Scope } from "../walk.js";

export type CioApi = "track" | "app" | "pipelines";

export interface HttpAuth {
  api: CioApi;
  /** The Authorization header value, or the auth object's username/password values. */
  header?: Node;
  username?: Node;
  password?: Node;
  scope: Scope;
}

const VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);
const HTTP_CALLS = new Set(["fetch", "$fetch", "axios", "got", "ky", "request", "superagent", "ofetch"]);

function apiOf(text: string): CioApi | null {
  if (text.includes("track.customer.io") || text.includes("track-eu.customer.io")) return "track";
  if (text.includes("cdp.customer.io") || text.includes("cdp-eu.customer.io")) return "pipelines";
  if (text.includes("api.customer.io") || text.includes("api-eu.customer.io") || text.includes("beta-api")) return "app";
  return null;
}

/** The leading static text of a URL expression (enough to see the host). */
export function urlHead(model: FileModel, node: Node, scope: Scope, depth = 0): string {
  if (depth > 4) return "";
  const n = unwrap(node);
  const whole = model.staticStrings(n, scope);
  if (whole && whole.length === 1) return whole[0]!;
  if (n.type === "TemplateLiteral") {
    const head = n.quasis[0]?.value.cooked ?? "";
    const first = n.expressions[0];
    return head === "" && first ? urlHead(model, first, scope, depth + 1) + (n.quasis[1]?.value.cooked ?? "") : head;
  }
  if (n.type === "BinaryExpression" && n.operator === "+") return urlHead(model, n.left, scope, depth + 1);
  if (n.type === "LogicalExpression") return urlHead(model, n.left, scope, depth + 1) || urlHead(model, n.right, scope, depth + 1);
  // region === "eu" ? "https://api-eu.customer.io/v1" : "https://api.customer.io/v1": both branches name the same API.
  if (n.type === "ConditionalExpression") return urlHead(model, n.consequent, scope, depth + 1) || urlHead(model, n.alternate, scope, depth + 1);
  if (n.type === "Identifier") {
    const b = scope.lookup(n.name);
    if (b?.init && !b.reassigned) return urlHead(model, b.init, b.scope, depth + 1);
  }
  return "";
}

function headerValue(model: FileModel, options: Node | undefined, scope: Scope): Pick<HttpAuth, "header" | "username" | "password"> {
  if (!options) return {};
  const o = model.objectOf(options, scope);
  if (!o) return {};
  const out: Pick<HttpAuth, "header" | "username" | "password"> = {};
  const headers = model.property(o.obj, "headers");
  const h = headers ? model.objectOf(headers.value, o.scope) : null;
  if (h) {
    for (const p of h.obj.properties) {
      if (p.type === "ObjectProperty" && (keyName(p.key, p.computed) ?? "").toLowerCase() === "authorization") out.header = p.value;
    }
  }
  const auth = model.property(o.obj, "auth");
  const a = auth ? model.objectOf(auth.value, o.scope) : null;
  if (a) {
    out.username = model.property(a.obj, "username")?.value;
    out.password = model.property(a.obj, "password")?.value;
  } else {
    // got takes Basic auth as top-level options: got.extend({ prefixUrl, username, password }).
    out.username = model.property(o.obj, "username")?.value;
    out.password = model.property(o.obj, "password")?.value;
  }
  return out;
}

const cache = new WeakMap<FileModel, HttpAuth[]>();

/** Every raw request (or client) to a Customer.io API in the file, with what it authenticates with. */
export function httpAuths(model: FileModel): HttpAuth[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const out: HttpAuth[] = [];
  // Clients made with a Customer.io base URL (const appApi = axios.create({ baseURL })), by binding: their calls send their own headers.
  const instances = new Map<Binding, { api: CioApi; axios: boolean }>();
  if (model.code.includes("customer.io") || model.code.includes("CUSTOMERIO") || model.code.includes("customerio")) {
    walk(model.ast.program, (node, ancestors) => {
      if (!isCall(node)) return;
      const callee = unwrap(node.callee);
      const args = node.arguments as Node[];
      const name = calleeName(callee);
      const scope = model.scopes.scopeAt(ancestors);
      let url: Node | undefined;
      let options: Node | undefined;
      const instance = isMember(callee) && name && VERBS.has(name) ? instanceOf(unwrap(callee.object), scope) : undefined;
      if (instance) {
        // appApi.post(path, data, { headers }) on axios; api.post(path, { json, headers }) on got and ky.
        const at = instance.axios && !["get", "delete", "head", "options"].includes(name!) ? 2 : 1;
        const sent = headerValue(model, args[at], scope);
        if (sent.header || sent.username || sent.password) out.push({ api: instance.api, scope, ...sent });
        return;
      }
      if (callee.type === "Identifier" && name && HTTP_CALLS.has(name)) {
        url = args[0];
        options = args[1];
        if (url && unwrap(url).type === "ObjectExpression") {
          options = url;
          const o = model.objectOf(url, scope);
          url = o ? model.property(o.obj, "url")?.value : undefined;
        }
      } else if (isMember(callee) && (memberName(callee) === "create" || memberName(callee) === "extend")) {
        options = args[0];
        const o = options ? model.objectOf(options, scope) : null;
        url = o ? (model.property(o.obj, "baseURL") ?? model.property(o.obj, "prefixUrl") ?? model.property(o.obj, "baseUrl"))?.value : undefined;
      } else if (isMember(callee) && (name === "request" || name === "get") && isNodeHttp(model, unwrap(callee.object))) {
        // Node's own client: https.request(url, { headers }, onResponse), https.get(url, { headers }, cb).
        url = args[0];
        options = url && unwrap(url).type !== "ObjectExpression" ? args[1] : undefined;
      } else if (isMember(callee) && name && ["get", "post", "put", "patch", "delete"].includes(name) && unwrap(callee.object).type === "Identifier" && HTTP_CALLS.has((unwrap(callee.object) as t.Identifier).name)) {
        url = args[0];
        options = name === "get" || name === "delete" ? args[1] : args[2];
      }
      if (!url) return;
      const api = apiOf(urlHead(model, url, scope));
      if (!api) return;
      out.push({ api, scope, ...headerValue(model, options, scope) });
      const holder = ancestors[ancestors.length - 1];
      if (isMember(callee) && holder?.type === "VariableDeclarator" && holder.init === node && holder.id.type === "Identifier") {
        const b = scope.lookup(holder.id.name);
        const maker = unwrap(callee.object);
        if (b && !b.reassigned) instances.set(b, { api, axios: maker.type === "Identifier" && (maker.name === "axios" || model.imports.get(maker.name)?.source === "axios") });
      }
    });
  }
  function instanceOf(obj: Node, scope: Scope): { api: CioApi; axios: boolean } | undefined {
    if (obj.type !== "Identifier" || instances.size === 0) return undefined;
    const b = scope.lookup(obj.name);
    return b ? instances.get(b) : undefined;
  }
  cache.set(model, out);
  return out;
}

const NODE_HTTP = new Set(["http", "https", "node:http", "node:https"]);

/** A binding of Node's http or https module (`const https = require("node:https")`, `import * as https from "https"`). */
function isNodeHttp(model: FileModel, obj: Node): boolean {
  if (obj.type !== "Identifier") return false;
  const source = model.imports.get(obj.name)?.source;
  return source !== undefined && NODE_HTTP.has(source);
}

/** "Bearer" or "Basic" when a header value visibly starts with one. */
export function schemeOf(model: FileModel, node: Node, scope: Scope): "Bearer" | "Basic" | null {
  const head = urlHead(model, node, scope).trimStart();
  if (/^bearer\b/i.test(head)) return "Bearer";
  if (/^basic\b/i.test(head)) return "Basic";
  return null;
}
