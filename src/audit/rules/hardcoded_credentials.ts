import { isCall, isEnvObject, isMember, keyName, memberName } from "../syntax.js";
import { unwrap, walk, type Node, type Scope } from "../walk.js";
import type { FileModel } from "../model.js";
import { credentialRole, encodedPairKeys, encodedPairOf, literalsOf, looksLikeSecret, secretMessage, type StringValue } from "./credentials.js";
import type { FileContext, FileRule } from "./types.js";
import { httpAuths } from "./http-auth.js";

const CREDENTIAL_WORDS = /key|site|secret|token|password|credential/i;

/**
 * The literal default of a schema field: CIO_TRACK_KEY: z.string().default("…")
 * (zod, valibot-like chains). A default is the value used whenever the
 * environment lacks one, so a key there is a key in the source. Follows at
 * most eight links of the chain, so `.min(1).default("…").describe("…")` too.
 */
function schemaDefault(value: Node): Node | null {
  let n = unwrap(value);
  for (let i = 0; i < 8 && isCall(n); i++) {
    const callee = unwrap(n.callee);
    if (!isMember(callee)) return null;
    const arg = n.arguments[0] as Node | undefined;
    if (memberName(callee) === "default" && arg) {
      const a = unwrap(arg);
      return a.type === "StringLiteral" || a.type === "TemplateLiteral" ? a : null;
    }
    n = unwrap(callee.object);
  }
  return null;
}

/** A Customer.io key or site ID written into the source (never shown: only its last 4 characters). */
export const hardcodedCredentials: FileRule = {
  meta: {
    code: "hardcoded_credentials",
    severity: "error",
    title: "A Customer.io credential is hard-coded in source",
    fix: "Read credentials from the environment (CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY, CUSTOMERIO_APP_API_KEY) or a secret manager, and rotate this key: it is in your source history.",
    docs: "https://docs.customer.io/accounts-and-workspaces/managing-credentials",
  },
  check(ctx: FileContext) {
    const { model, report } = ctx;
    const reported = new Set<string>();
    const emit = (lit: StringValue, name: string, role: string, where: FileModel = model) => {
      const at = `${where.file}:${lit.node.start ?? -1}`;
      if (reported.has(at)) return;
      reported.add(at);
      const m = secretMessage(lit, name, role);
      report({ at: lit.node, message: m.message, evidence: m.evidence, severity: m.severity, ...(where !== model ? { model: where } : {}) });
    };
    /** Literals a constructor argument takes from another file: `new TrackClient(SITE_ID, KEY)` with both exported by a config module. */
    const importedLiterals = (arg: Node, scope: Scope): Array<{ lit: StringValue; where: FileModel }> => {
      const n = unwrap(arg);
      const root = isMember(n) ? unwrap(n.object) : n;
      if (root.type !== "Identifier" || !model.isImported(scope.lookup(root.name))) return [];
      const b = scope.lookup(root.name)!;
      const v = model.resolver?.importedValue(model, b);
      if (!v) return [];
      let node: Node = v.node;
      if (isMember(n)) {
        const key = memberName(n);
        const o = key ? v.model.objectOf(v.node, v.scope) : null;
        const p = o && key ? v.model.property(o.obj, key) : null;
        if (!p) return [];
        node = p.value;
      }
      return literalsOf(v.model, node, v.scope).map((lit) => ({ lit, where: v.model }));
    };
    // Named values: const CIO_API_KEY = "…", { siteId: "…" }, this.apiKey = "…".
    const named = (name: string, value: Node, ancestors: readonly Node[], shown = name) => {
      const v = schemaDefault(value) ?? unwrap(value);
      if (v.type !== "StringLiteral" && v.type !== "TemplateLiteral" && v.type !== "LogicalExpression" && v.type !== "ConditionalExpression") return;
      const role = credentialRole(model, name, ancestors);
      if (!role) return;
      for (const lit of literalsOf(model, v, model.scopes.scopeAt(ancestors))) if (looksLikeSecret(lit.value)) emit(lit, shown, role);
    };
    // Only files that name a key, site, secret or token can hold a named credential.
    if (!CREDENTIAL_WORDS.test(model.code)) {
      constructorArguments();
      return httpLiterals();
    }
    walk(model.ast.program, (node, ancestors) => {
      switch (node.type) {
        case "VariableDeclarator":
          if (node.id.type === "Identifier" && node.init) named(node.id.name, node.init, ancestors);
          break;
        case "AssignmentExpression": {
          const left = unwrap(node.left);
          if (left.type === "Identifier") named(left.name, node.right, ancestors);
          else if (isMember(left)) {
            const name = memberName(left);
            if (name) named(name, node.right, ancestors, model.text(left, 60));
          }
          break;
        }
        case "ClassProperty": {
          const name = keyName(node.key, node.computed);
          if (name && node.value) named(name, node.value, ancestors);
          break;
        }
        case "ObjectProperty": {
          const name = keyName(node.key, node.computed);
          if (name && node.value.type !== "ObjectExpression") named(name, node.value, ancestors);
          break;
        }
        case "LogicalExpression": {
          // process.env.CIO_TRACK_API_KEY ?? "9c81…": the fallback is the key itself, whatever the value is called.
          if (node.operator !== "||" && node.operator !== "??") break;
          const left = unwrap(node.left);
          if (!isMember(left)) break;
          const obj = unwrap(left.object);
          if (!isEnvObject(obj) && !(obj.type === "Identifier" && obj.name === "env")) break;
          const envName = memberName(left);
          const role = envName ? credentialRole(model, envName, ancestors) : null;
          if (!envName || !role) break;
          for (const lit of literalsOf(model, node.right, model.scopes.scopeAt(ancestors))) if (looksLikeSecret(lit.value)) emit(lit, envName, role);
          break;
        }
        default:
          break;
      }
    });
    constructorArguments();

    httpLiterals();

    // Raw HTTP: a literal Authorization header or axios auth to a Customer.io API.
    function httpLiterals(): void {
    for (const auth of httpAuths(model)) {
      const role = auth.api === "app" ? "App API key" : auth.api === "track" ? "Track API key" : "Pipelines write key";
      if (auth.header) {
        for (const lit of literalsOf(model, auth.header, auth.scope)) {
          const token = lit.value.replace(/^\s*(bearer|basic)\s+/i, "");
          if (token !== lit.value && looksLikeSecret(token)) emit({ node: lit.node, value: token }, "Authorization", role);
        }
        // "Basic " + btoa("site:key"): a literal pair encoded on the way out.
        for (const key of encodedPairKeys(model, auth.header, auth.scope)) if (looksLikeSecret(key.value)) emit(key, "Authorization", role);
        // btoa(`${WRITE_KEY}:`) / btoa(`${SITE}:${KEY}`) with the key a literal const: Pipelines sends the key as the user, Track as the password.
        const pair = encodedPairOf(model, auth.header, auth.scope);
        const keyPart = pair ? (auth.api === "pipelines" ? pair.user : pair.password) : null;
        if (pair && keyPart && unwrap(keyPart).type === "Identifier") {
          for (const lit of literalsOf(model, keyPart, pair.scope)) if (looksLikeSecret(lit.value)) emit(lit, "Authorization", role);
        }
      }
      for (const [node, r] of [[auth.username, auth.api === "track" ? "site ID" : role], [auth.password, role]] as const) {
        if (!node) continue;
        for (const lit of literalsOf(model, node, auth.scope)) if (looksLikeSecret(lit.value)) emit(lit, "auth", r);
      }
    }
    }

    // Arguments of the SDK constructors.
    function constructorArguments(): void {
      for (const client of model.newClients) {
      if (client.kind !== "track" && client.kind !== "app") continue;
      const cls = client.kind === "track" ? "TrackClient" : "APIClient";
      (client.node.arguments as Node[]).slice(0, client.kind === "track" ? 2 : 1).forEach((arg, i) => {
        const role = client.kind === "app" ? "App API key" : i === 0 ? "site ID" : "Track API key";
        for (const lit of literalsOf(model, arg, client.scope)) if (looksLikeSecret(lit.value)) emit(lit, `${cls} argument ${i + 1}`, role);
        for (const { lit, where } of importedLiterals(arg, client.scope)) if (looksLikeSecret(lit.value)) emit(lit, `${cls} argument ${i + 1}`, role, where);
      });
      }
    }
  },
};
