/**
 * Small, pure helpers over Babel nodes and identifier names that the model
 * and the rules share. Name checks go through the domain vocabulary.
 */
import { parse } from "@babel/parser";
import type * as t from "@babel/types";
import { nameWords } from "../domain/index.js";
import { unwrap, type Node } from "./walk.js";

export { nameWords };

export type CallNode = t.CallExpression | t.OptionalCallExpression;

/** The file could not be parsed even with error recovery. */
export class SourceParseError extends Error {
  override name = "SourceParseError";
}

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

/** Name of a property key or member property, when it is static. */
export function keyName(node: Node | null | undefined, computed = false): string | null {
  if (!node) return null;
  if (node.type === "Identifier" && !computed) return node.name;
  if (node.type === "StringLiteral") return node.value;
  if (node.type === "NumericLiteral") return String(node.value);
  if (node.type === "PrivateName") return node.id.name;
  return null;
}

export function isMember(node: Node): node is t.MemberExpression | t.OptionalMemberExpression {
  return node.type === "MemberExpression" || node.type === "OptionalMemberExpression";
}

export function memberName(node: Node): string | null {
  return isMember(node) ? keyName(node.property, node.computed) : null;
}

export function isCall(node: Node): node is CallNode {
  return node.type === "CallExpression" || node.type === "OptionalCallExpression";
}

/** The name a callee goes by: `foo()` → foo, `a.b.foo()` → foo. */
export function calleeName(callee: Node): string | null {
  const c = unwrap(callee);
  if (c.type === "Identifier") return c.name;
  return memberName(c);
}

export function isCioWordList(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "cio" || w === "customerio") return true;
    if (w === "customer" && words[i + 1] === "io") return true;
  }
  return false;
}

export function isCioName(name: string): boolean {
  return isCioWordList(nameWords(name, 200));
}

/** True for `process.env` (and `import.meta.env`, `Bun.env`). */
export function isEnvObject(node: Node): boolean {
  const n = unwrap(node);
  if (!isMember(n) || memberName(n) !== "env") return false;
  const obj = unwrap(n.object);
  if (obj.type === "Identifier") return obj.name === "process" || obj.name === "Bun";
  return obj.type === "MetaProperty";
}

export function isNewOf(node: Node | null | undefined, name: string): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return n.type === "NewExpression" && n.callee.type === "Identifier" && n.callee.name === name;
}

/** Source text of a node on one line, without comments, shortened. */
export function nodeText(code: string, node: Node, max = 120): string {
  if (node.start == null || node.end == null) return node.type;
  const raw = code.slice(node.start, Math.min(node.end, node.start + 2000));
  // Hand scan: drop comments and fold whitespace (linear, no backtracking).
  let out = "";
  let space = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "/" && raw[i + 1] === "*") {
      const end = raw.indexOf("*/", i + 2);
      i = end < 0 ? raw.length : end + 1;
      space = true;
      continue;
    }
    if (ch === "/" && raw[i + 1] === "/" && (i === 0 || /\s/.test(raw[i - 1]!))) {
      const end = raw.indexOf("\n", i);
      i = end < 0 ? raw.length : end - 1;
      continue;
    }
    if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r") {
      space = true;
      continue;
    }
    if (space && out.length > 0) out += " ";
    space = false;
    out += ch;
    if (out.length > max + 1) break;
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** The object an expression's property chain starts from: `a.b.c(…).d` → a. */
export function chainRoot(node: Node): Node {
  let root = unwrap(node);
  for (let i = 0; i < 50 && (isCall(root) || isMember(root)); i++) root = unwrap(isCall(root) ? root.callee : root.object);
  return root;
}
