/**
 * A small walker over Babel ASTs with the little scope knowledge the audit
 * rules need: which function a node lives in, and what simple local bindings
 * (`const t = Date.now()`) hold. Scopes are per function (and the module):
 * block-scoped names are folded into their function, and a name declared
 * twice in one function is treated as unknown rather than guessed.
 */
import type * as t from "@babel/types";

export type Node = t.Node;

// Keys that never hold runtime code (positions, comments, type annotations).
const SKIP_KEYS = new Set([
  "loc",
  "start",
  "end",
  "range",
  "extra",
  "leadingComments",
  "trailingComments",
  "innerComments",
  "typeAnnotation",
  "returnType",
  "typeParameters",
  "typeArguments",
  "superTypeParameters",
  "superTypeArguments",
  "predicate",
  "implements",
]);

// Type-only declarations: nothing inside them runs.
const SKIP_TYPES = new Set([
  "TSInterfaceDeclaration",
  "TSTypeAliasDeclaration",
  "TSDeclareFunction",
  "TSDeclareMethod",
  "TSIndexSignature",
  "TSTypeAnnotation",
]);

/**
 * Child keys of the most frequent runtime node types, in source order, so the
 * hot path avoids enumerating every property. Other types fall back to
 * enumerating keys (minus SKIP_KEYS).
 */
const CHILD_KEYS: Record<string, readonly string[]> = {
  Program: ["body"],
  File: ["program"],
  Identifier: ["decorators"],
  StringLiteral: [],
  NumericLiteral: [],
  BooleanLiteral: [],
  NullLiteral: [],
  RegExpLiteral: [],
  BigIntLiteral: [],
  TemplateElement: [],
  ThisExpression: [],
  Super: [],
  PrivateName: ["id"],
  MemberExpression: ["object", "property"],
  OptionalMemberExpression: ["object", "property"],
  CallExpression: ["callee", "arguments"],
  OptionalCallExpression: ["callee", "arguments"],
  NewExpression: ["callee", "arguments"],
  ExpressionStatement: ["expression"],
  BlockStatement: ["body"],
  ReturnStatement: ["argument"],
  ThrowStatement: ["argument"],
  IfStatement: ["test", "consequent", "alternate"],
  VariableDeclaration: ["declarations"],
  VariableDeclarator: ["id", "init"],
  ObjectExpression: ["properties"],
  ObjectPattern: ["properties"],
  ObjectProperty: ["key", "value"],
  ArrayExpression: ["elements"],
  ArrayPattern: ["elements"],
  SpreadElement: ["argument"],
  RestElement: ["argument"],
  AssignmentPattern: ["left", "right"],
  ArrowFunctionExpression: ["params", "body"],
  FunctionExpression: ["id", "params", "body"],
  FunctionDeclaration: ["id", "params", "body"],
  AwaitExpression: ["argument"],
  BinaryExpression: ["left", "right"],
  LogicalExpression: ["left", "right"],
  AssignmentExpression: ["left", "right"],
  UnaryExpression: ["argument"],
  UpdateExpression: ["argument"],
  ConditionalExpression: ["test", "consequent", "alternate"],
  TemplateLiteral: ["quasis", "expressions"],
  TaggedTemplateExpression: ["tag", "quasi"],
  SequenceExpression: ["expressions"],
  ForStatement: ["init", "test", "update", "body"],
  ForOfStatement: ["left", "right", "body"],
  ForInStatement: ["left", "right", "body"],
  WhileStatement: ["test", "body"],
  TryStatement: ["block", "handler", "finalizer"],
  CatchClause: ["param", "body"],
  ImportSpecifier: ["imported", "local"],
  ImportDefaultSpecifier: ["local"],
  ImportNamespaceSpecifier: ["local"],
  ExportSpecifier: ["local", "exported"],
  TSAsExpression: ["expression"],
  TSNonNullExpression: ["expression"],
  TSSatisfiesExpression: ["expression"],
  TSTypeAssertion: ["expression"],
  JSXText: [],
  JSXIdentifier: [],
  JSXAttribute: ["name", "value"],
  JSXExpressionContainer: ["expression"],
};

/** Calls `visit` for every direct child node of `node`. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const record = node as unknown as Record<string, unknown>;
  const known = CHILD_KEYS[node.type];
  if (known) {
    for (const key of known) visitValue(record[key], visit);
    return;
  }
  for (const key in record) {
    if (SKIP_KEYS.has(key)) continue;
    visitValue(record[key], visit);
  }
}

/** Every child node of `node`, found by enumerating its properties (the slow, general way). */
export function childrenByEnumeration(node: Node): Node[] {
  const out: Node[] = [];
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) if (!SKIP_KEYS.has(key)) visitValue(record[key], (c) => out.push(c));
  return out;
}

function visitValue(value: unknown, visit: (child: Node) => void): void {
  if (!value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === "object" && typeof (item as Node).type === "string") visit(item as Node);
    }
  } else if (typeof (value as Node).type === "string") {
    visit(value as Node);
  }
}

/**
 * Depth-first walk. `ancestors` is the live path from the root to the
 * node's parent (copy it to keep it). Returning false skips the subtree.
 */
export function walk(
  root: Node,
  enter: (node: Node, ancestors: readonly Node[]) => boolean | void,
  leave?: (node: Node, ancestors: readonly Node[]) => void,
): void {
  const ancestors: Node[] = [];
  const visit = (node: Node): void => {
    if (SKIP_TYPES.has(node.type)) return;
    if (enter(node, ancestors) === false) return;
    ancestors.push(node);
    forEachChild(node, visit);
    ancestors.pop();
    if (leave) leave(node, ancestors);
  };
  visit(root);
}

export type FunctionNode = t.Function;

export function isFunctionNode(node: Node): node is FunctionNode {
  switch (node.type) {
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
    case "ObjectMethod":
    case "ClassMethod":
    case "ClassPrivateMethod":
      return true;
    default:
      return false;
  }
}

/** Index of the nearest function in `ancestors`, or -1 at module level. */
export function nearestFunctionIndex(ancestors: readonly Node[], from = ancestors.length - 1): number {
  for (let i = from; i >= 0; i--) {
    if (isFunctionNode(ancestors[i]!)) return i;
  }
  return -1;
}

/** Strips wrappers that do not change a value: parentheses and TS assertions. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case "ParenthesizedExpression":
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "TSInstantiationExpression":
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

export type BindingKind = "const" | "let" | "var" | "param" | "function" | "class" | "import" | "catch";

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The initial value of a variable declarator (null for params, loop variables…). */
  init: Node | null;
  /** The declaring node: the declarator, function, class or import specifier. */
  declaration: Node;
  scope: Scope;
  /** Assigned again after its declaration (so its init says nothing for sure). */
  reassigned: boolean;
  /** Declared more than once in the same function (different blocks). */
  ambiguous: boolean;
}

export class Scope {
  readonly bindings = new Map<string, Binding>();
  constructor(
    readonly node: Node,
    readonly parent: Scope | null,
  ) {}

  declare(name: string, kind: BindingKind, declaration: Node, init: Node | null): void {
    const existing = this.bindings.get(name);
    if (existing) {
      // A function declared and then assigned, or two `let x` in sibling blocks.
      existing.ambiguous = true;
      return;
    }
    this.bindings.set(name, { name, kind, init, declaration, scope: this, reassigned: false, ambiguous: false });
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return undefined;
  }
}

/** Identifiers a declaration pattern introduces (`{a, b: [c], ...d}` → a, c, d). */
export function patternNames(pattern: Node, out: t.Identifier[] = []): t.Identifier[] {
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) {
        if (p.type === "RestElement") patternNames(p.argument, out);
        else patternNames(p.value, out);
      }
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) if (e) patternNames(e, out);
      break;
    case "AssignmentPattern":
      patternNames(pattern.left, out);
      break;
    case "RestElement":
      patternNames(pattern.argument, out);
      break;
    case "TSParameterProperty":
      patternNames(pattern.parameter, out);
      break;
    default:
      break;
  }
  return out;
}

export interface ScopeIndex {
  program: Scope;
  /** The scope of a function node (or the program). */
  scopeOf(node: Node): Scope | undefined;
  /** The scope in effect for a node given its ancestors. */
  scopeAt(ancestors: readonly Node[]): Scope;
}

/**
 * Builds function-level scopes for a program: declarations first, then a
 * note on every binding that is assigned again anywhere.
 */
export function buildScopes(program: t.Program): ScopeIndex {
  const scopes = new Map<Node, Scope>();
  const programScope = new Scope(program, null);
  scopes.set(program, programScope);
  const assignments: Array<{ name: string; scope: Scope }> = [];

  const scopeAt = (ancestors: readonly Node[]): Scope => {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const s = scopes.get(ancestors[i]!);
      if (s) return s;
    }
    return programScope;
  };

  const noteAssigned = (target: Node, scope: Scope) => {
    const target0 = unwrap(target);
    if (target0.type === "Identifier") assignments.push({ name: target0.name, scope });
    else if (target0.type === "ObjectPattern" || target0.type === "ArrayPattern") {
      for (const id of patternNames(target0)) assignments.push({ name: id.name, scope });
    }
  };

  // The scope in effect, kept as a stack while walking (functions push and pop).
  const stack: Scope[] = [programScope];

  const enter = (node: Node): void => {
    const current = stack[stack.length - 1]!;
    if (isFunctionNode(node)) {
      const own = new Scope(node, current);
      scopes.set(node, own);
      stack.push(own);
      if (node.type === "FunctionDeclaration" && node.id) current.declare(node.id.name, "function", node, null);
      if (node.type === "FunctionExpression" && node.id) own.declare(node.id.name, "function", node, null);
      for (const param of node.params) {
        for (const id of patternNames(param)) own.declare(id.name, "param", param, null);
      }
      return;
    }
    switch (node.type) {
      case "VariableDeclaration":
        for (const d of node.declarations) {
          const single = d.id.type === "Identifier";
          const kind = node.kind === "var" ? "var" : node.kind === "const" ? "const" : "let";
          for (const id of patternNames(d.id)) current.declare(id.name, kind, d, single ? (d.init ?? null) : null);
        }
        break;
      case "ClassDeclaration":
        if (node.id) current.declare(node.id.name, "class", node, null);
        break;
      case "ImportDeclaration":
        for (const spec of node.specifiers) programScope.declare(spec.local.name, "import", spec, null);
        break;
      case "CatchClause":
        if (node.param) for (const id of patternNames(node.param)) current.declare(id.name, "catch", node, null);
        break;
      case "AssignmentExpression":
        noteAssigned(node.left, current);
        break;
      case "UpdateExpression":
        noteAssigned(node.argument, current);
        break;
      case "ForInStatement":
      case "ForOfStatement":
        if (node.left.type !== "VariableDeclaration") noteAssigned(node.left, current);
        break;
      default:
        break;
    }
  };
  const leave = (node: Node): void => {
    if (isFunctionNode(node)) stack.pop();
  };
  walk(program, enter, leave);

  for (const { name, scope } of assignments) {
    const b = scope.lookup(name);
    if (b) b.reassigned = true;
  }

  return {
    program: programScope,
    scopeOf: (node) => scopes.get(node),
    scopeAt,
  };
}

/**
 * The value a name surely holds: the init of a binding that is declared
 * once and never assigned again. Null when that cannot be known.
 */
export function knownValue(name: string, scope: Scope): { value: Node; scope: Scope; binding: Binding } | null {
  const b = scope.lookup(name);
  if (!b || b.reassigned || b.ambiguous || !b.init) return null;
  if (b.kind !== "const" && b.kind !== "let" && b.kind !== "var") return null;
  return { value: b.init, scope: b.scope, binding: b };
}
