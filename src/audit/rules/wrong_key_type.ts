import { nameWords } from "../syntax.js";
import type * as t from "@babel/types";
import { isFunctionNode, unwrap, walk, type FunctionNode, type Node, type Scope } from "../walk.js";
import type { FileModel } from "../model.js";
import { credentialName, encodedPairOf } from "./credentials.js";
import { httpAuths, schemeOf } from "./http-auth.js";
import type { FileRule } from "./types.js";
import { calleeText, lineOf, type Project } from "../project.js";
import { factoryFactsOf } from "./factories.js";

/**
 * Names given to a TrackClient as its key anywhere in the project
 * (config.customerio.apiKey there is the Track key here too). Gathered once
 * per project, not once per file: per file it made a scan quadratic in the
 * number of files. Held by the project itself, for as long as it lives.
 */
const TRACK_KEY_NAMES = new WeakMap<Project, ReadonlySet<string>>();
function trackKeyNamesOf(project: Project): ReadonlySet<string> {
  let names = TRACK_KEY_NAMES.get(project);
  if (names) return names;
  const found = new Set<string>();
  for (const m of project.models.values()) {
    for (const o of m.newClients) {
      const name = o.kind === "track" && o.node.arguments[1] ? credentialName(m, o.node.arguments[1] as Node, o.scope) : null;
      if (name) found.add(name);
    }
  }
  names = found;
  TRACK_KEY_NAMES.set(project, names);
  return names;
}

type Report = Parameters<FileRule["check"]>[0]["report"];

/**
 * The Track API's Basic password given the App API key: by name where it is
 * set, or, when it is a parameter of the function or constructor building the
 * client, by the argument each caller in the same file passes for it
 * (export default new Tracker(env.SITE_ID, env.APP_API_KEY)).
 */
function checkTrackPassword(model: FileModel, password: Node, scope: Scope, callers: () => Callers, report: Report): void {
  const n = unwrap(password);
  const b = n.type === "Identifier" ? scope.lookup(n.name) : undefined;
  if (!b || b.kind !== "param" || b.reassigned || !isFunctionNode(b.scope.node)) {
    const name = credentialName(model, password, scope);
    if (name && isAppKey(nameWords(name, 200))) {
      report({ at: password, message: `This client of the Track API is given the App API key (${name}) as its Basic auth password; the Track API wants the site ID and the Track API key, so every call returns 401.`, evidence: model.text(password) });
    }
    return;
  }
  const fn = b.scope.node;
  const index = (fn.params as Node[]).indexOf(b.declaration);
  if (index < 0) return;
  for (const site of callers().get(fn) ?? []) {
    const arg = site.node.arguments[index] as Node | undefined;
    const name = arg ? credentialName(model, arg, site.scope) : null;
    if (!arg || !name || !isAppKey(nameWords(name, 200))) continue;
    const what = site.node.type === "NewExpression" ? `new ${site.name}()` : `${site.name}()`;
    report({
      at: arg,
      message: `${what} is given the App API key (${name}), which it sends to the Track API as the Basic auth password; the Track API wants the site ID and the Track API key, so every call returns 401.`,
      evidence: model.text(site.node, 120),
      via: [
        { file: model.file, line: lineOf(site.node), name: what },
        { file: model.file, line: lineOf(password), name: "Track API password" },
      ],
    });
  }
}

type Callers = Map<FunctionNode, Array<{ node: t.NewExpression | t.CallExpression; scope: Scope; name: string }>>;

/**
 * Calls in this file of its named functions and of its classes' constructors
 * (f(…), new C(…)), by the function called; one walk of the file, made only
 * when a Track password is a parameter. At most 10,000 calls are kept.
 */
function lazyCallers(model: FileModel): () => Callers {
  let built: Callers | null = null;
  return () => {
    if (built) return built;
    const found: Callers = new Map();
    const byName = new Map<string, FunctionNode>();
    const sites: Array<{ node: t.NewExpression | t.CallExpression; scope: Scope; name: string }> = [];
    walk(model.ast.program, (node, ancestors) => {
      if (node.type === "FunctionDeclaration" && node.id) byName.set(node.id.name, node);
      if (node.type === "ClassDeclaration" && node.id) {
        const ctor = node.body.body.find((m) => m.type === "ClassMethod" && m.kind === "constructor");
        if (ctor) byName.set(node.id.name, ctor as FunctionNode);
      }
      if ((node.type === "NewExpression" || node.type === "CallExpression") && node.callee.type === "Identifier" && sites.length < 10_000) {
        sites.push({ node, scope: model.scopes.scopeAt(ancestors), name: node.callee.name });
      }
    });
    for (const s of sites) {
      const fn = byName.get(s.name);
      // A call reaches a constructor only with new, and a function declaration only without it.
      if (!fn || (fn.type === "ClassMethod") !== (s.node.type === "NewExpression")) continue;
      const list = found.get(fn) ?? [];
      list.push(s);
      found.set(fn, list);
    }
    built = found;
    return found;
  };
}

const has = (w: readonly string[], ...any: string[]) => any.some((x) => w.includes(x));
const isTrackKey = (w: readonly string[]) => has(w, "track", "tracking") && has(w, "key", "apikey") && !has(w, "app");
const isAppKey = (w: readonly string[]) => (has(w, "app", "transactional", "bearer") && has(w, "key", "apikey", "token")) || has(w, "appkey");
const isSiteId = (w: readonly string[]) => has(w, "site", "siteid") && !has(w, "key");

/** The Track API key (or the site ID) given to APIClient, the App API key given to TrackClient, or its two arguments swapped. */
export const wrongKeyType: FileRule = {
  meta: {
    code: "wrong_key_type",
    severity: "error",
    pitfall: 1,
    title: "A client is given the wrong kind of Customer.io key",
    fix: "Give TrackClient the site ID and the Track API key (Basic auth) and APIClient the App API key (Bearer); they are different keys under Account Settings > API Credentials.",
    docs: "https://docs.customer.io/accounts-and-workspaces/managing-credentials",
  },
  check({ model, project, report }) {
    const trackKeyNames = trackKeyNamesOf(project);
    // Raw HTTP: the Track and Pipelines APIs take Basic auth, the App API a Bearer App API key.
    const callers = lazyCallers(model);
    for (const auth of httpAuths(model)) {
      // got.extend({ prefixUrl: track, username: siteId, password }): the Track API's password is the Track key.
      if (!auth.header && auth.api === "track" && auth.password) {
        checkTrackPassword(model, auth.password, auth.scope, callers, report);
        continue;
      }
      if (!auth.header) continue;
      const scheme = schemeOf(model, auth.header, auth.scope);
      // Basic ${btoa(`${site}:${key}`)}: the key is the pair's second half.
      const pair = auth.api === "track" && scheme === "Basic" ? encodedPairOf(model, auth.header, auth.scope) : null;
      if (pair?.password) {
        const keyName = credentialName(model, pair.password, pair.scope);
        const kw = keyName ? nameWords(keyName, 200) : [];
        if (kw.includes("app") || kw.includes("transactional")) {
          report({
            at: pair.password,
            message: `This request to the Track API encodes the App API key (${keyName}) into its Basic auth; the Track API wants the site ID and the Track API key, so every call returns 401.`,
            evidence: model.text(pair.password),
          });
          continue;
        }
      }
      const name = credentialName(model, auth.header, auth.scope);
      const words = name ? nameWords(name, 200) : [];
      const generic = name !== null && !words.includes("app") && !words.includes("transactional") && !words.includes("bearer");
      const saysTrack = (words.includes("track") && !words.includes("app")) || (generic && trackKeyNames.has(name));
      const saysApp = words.includes("app") || words.includes("transactional");
      const api = auth.api === "app" ? "App API" : auth.api === "track" ? "Track API" : "Pipelines API";
      let problem: string | null = null;
      if (auth.api === "app" && scheme === "Basic") problem = "sends Basic auth; the App API wants the App API key as a Bearer token";
      else if (auth.api !== "app" && scheme === "Bearer") problem = `sends a Bearer token; the ${api} wants Basic auth (${auth.api === "track" ? "site ID and Track API key" : "the write key as the user"})`;
      else if (auth.api === "app" && saysTrack) problem = `is given the Track API key (${name}); the App API wants the App API key`;
      else if (auth.api === "track" && saysApp) problem = `is given the App API key (${name}); the Track API wants the site ID and Track API key`;
      if (problem) report({ at: auth.header, message: `This request to the ${api} ${problem}, so every call returns 401.`, evidence: model.text(auth.header) });
    }
    // A factory fed the Track key: export function appClient(key) { return new APIClient(key) }, called as appClient(env.CIO_TRACK_KEY).
    const facts = factoryFactsOf(project);
    for (const { site, fn } of facts.callsIn.get(model) ?? []) {
      const param = facts.appKeyParam.get(fn);
      const arg = param ? (site.node.arguments[param.index] as Node | undefined) : undefined;
      if (!param || !arg) continue;
      const name = credentialName(model, arg, site.scope);
      const w = name ? nameWords(name, 200) : [];
      if (!name || !(isTrackKey(w) || isSiteId(w) || (!isAppKey(w) && trackKeyNames.has(name)))) continue;
      report({
        at: arg,
        message: `${calleeText(model, site.node)}() builds an APIClient from ${isSiteId(w) ? "the site ID" : "the Track API key"} (${name}) given here; the App API authenticates with the App API key as a Bearer token, so every call returns 401.`,
        evidence: model.text(site.node, 120),
        via: [
          { file: model.file, line: lineOf(site.node), name: calleeText(model, site.node) },
          { file: param.model.file, line: lineOf(param.client.node), name: "new APIClient" },
        ],
      });
    }
    for (const client of model.newClients) {
      if (client.kind !== "track" && client.kind !== "app") continue;
      const args = client.node.arguments as Node[];
      const names = args.slice(0, 2).map((a) => credentialName(model, a, client.scope));
      const words = names.map((n) => (n ? nameWords(n, 200) : []));
      // new APIClient(config.customerio.apiKey) next to new TrackClient(siteId, apiKey): the Track key, by the same name.
      const sharedWithTrack = (name: string | null) =>
        name !== null &&
        model.newClients.some((o) => o.kind === "track" && o.node.arguments[1] && credentialName(model, o.node.arguments[1] as Node, o.scope) === name);
      if (client.kind === "app" && args[0]) {
        const w = words[0]!;
        if (isTrackKey(w) || isSiteId(w) || (!isAppKey(w) && sharedWithTrack(names[0]!))) {
          report({
            at: args[0],
            message: `APIClient is given ${isSiteId(w) ? "the site ID" : "the Track API key"} (${names[0]}); the App API authenticates with the App API key as a Bearer token, so every call returns 401.`,
            evidence: model.text(client.node),
          });
        }
      }
      if (client.kind === "track" && args[1]) {
        const [w0, w1] = [words[0]!, words[1]!];
        if (isAppKey(w1)) {
          report({
            at: args[1],
            message: `TrackClient is given the App API key (${names[1]}); the Track API needs the site ID and the Track API key (Basic auth), so every call returns 401.`,
            evidence: model.text(client.node),
          });
        } else if (args[0] && has(w0, "key", "apikey") && !isSiteId(w0) && isSiteId(w1)) {
          report({
            at: args[0],
            message: `TrackClient gets the key and the site ID swapped (${names[0]}, ${names[1]}); the first argument is the site ID, the second the Track API key.`,
            evidence: model.text(client.node),
          });
        }
      }
    }
  },
};
