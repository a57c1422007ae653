import { knownValue, nearestFunctionIndex, unwrap, type Binding, type Node, type Scope } from "../walk.js";
import { sitesOf } from "./sites.js";
import type { FileRule } from "./types.js";
import type { ViaStep } from "../project.js";
import { isPersonalFieldName, isTimestampKey } from "../../domain/index.js";

interface Step {
  node: Node;
  ancestors: Node[];
  method: "identify" | "track";
  person: Node;
  scope: Scope;
  label: string;
  /** The field of `person` the call is about, when a helper takes the whole person (`identify(user)` sends user.id). */
  field?: string;
  via?: ViaStep[];
  /** An identify whose attributes only update state (no email, name or sign-up time): it is about someone who exists. */
  updateOnly?: boolean;
  /** For a track: the callbacks of the .then/.finally chain hung on its promise, which run after it. */
  after?: Node[];
  reported?: boolean;
}

/** The person a call is about, with local aliases followed (`const id = user.id` → user.id). */
function personKey(code: string, node: Node, scope: Scope, depth = 0): string | null {
  const n = unwrap(node);
  if (n.type === "Identifier" && depth < 3) {
    const kv = knownValue(n.name, scope);
    if (kv) return personKey(code, kv.value, kv.scope, depth + 1);
  }
  return idKey(code, n);
}

function idKey(code: string, node: Node | undefined): string | null {
  if (!node) return null;
  const n = unwrap(node);
  if (n.start == null || n.end == null || n.end - n.start > 200) return null;
  let out = "";
  for (const ch of code.slice(n.start, n.end)) if (ch !== " " && ch !== "\n" && ch !== "\t" && ch !== "\r") out += ch;
  return out;
}

/**
 * How many step keys were computed, for tests that check the rule stays
 * linear in the calls of a file (each step's key is computed once).
 */
export const trackBeforeIdentifyWork = { stepKeys: 0 };

/** The person a step is about: its argument's key, with the field a helper reads from it. */
function stepKey(code: string, step: Step): string | null {
  trackBeforeIdentifyWork.stepKeys++;
  if (!step.field) return personKey(code, step.person, step.scope);
  // Spelled as the caller writes the field (member.id), which is how a track call for the same person reads:
  // following `const member = requireUser(ctx)` here would not meet `member.id` there.
  const base = idKey(code, step.person);
  return base ? `${base}.${step.field}` : null;
}

/** The binding a step's person starts from (`user` in user.id), so two destructured `userId`s in sibling branches stay apart. */
/** The identifies among `steps` that create a profile, grouped by the person they are about (keys made once, by the caller). */
function identifiesByPerson(steps: readonly Step[], keys: ReadonlyMap<Step, string | null>): Map<string, Step[]> {
  const byKey = new Map<string, Step[]>();
  for (const c of steps) {
    const k = keys.get(c);
    if (c.method !== "identify" || c.updateOnly || !k) continue;
    const list = byKey.get(k);
    if (list) list.push(c);
    else byKey.set(k, [c]);
  }
  return byKey;
}

function rootBinding(step: Step): Binding | null {
  let n = unwrap(step.person);
  for (let i = 0; i < 8 && (n.type === "MemberExpression" || n.type === "OptionalMemberExpression"); i++) n = unwrap(n.object);
  return n.type === "Identifier" ? (step.scope.lookup(n.name) ?? null) : null;
}

/**
 * Whether two steps can be about the same binding. Scopes are per function,
 * so a name declared again in a sibling block (`const { userId } = …` in two
 * `if` branches) is one ambiguous binding: then the identify must sit inside
 * the block that holds the track.
 */
function sameBinding(track: Step, identify: Step): boolean {
  const a = rootBinding(track);
  const b = rootBinding(identify);
  // Different names that met through an alias (const id = user.id) were matched by their key already.
  if (a === null || b === null || a.name !== b.name) return true;
  if (a !== b) return false;
  if (!a.ambiguous) return true;
  let block: Node | undefined;
  for (let i = track.ancestors.length - 1; i >= 0 && !block; i--) if (track.ancestors[i]!.type === "BlockStatement") block = track.ancestors[i];
  return block !== undefined && identify.ancestors.includes(block);
}

/** Names an authenticated request carries its signed-in person under (`locals.user`, `req.user`, `session.user`). */
const SIGNED_IN = /(^|\.)(locals|req|request|session|state|ctx|context|event)\??\.user\b/;
/** Calls that read or change a stored record: the person it points to already exists. */
const STORED_RECORD = /^(update|updateOne|updateMany|upsert|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findOne|findById|findByPk|get|getById|load|fetch)$/;

/**
 * Whether a step's person is one who already exists: the signed-in user of the
 * request, or the owner of a record the handler read or updated
 * (`order.userId` after `prisma.order.update`). identify() after track() for
 * them updates a profile; the pitfall is a person created in the same handler.
 */
function existingPerson(code: string, step: Step): boolean {
  const key = idKey(code, step.person) ?? "";
  if (SIGNED_IN.test(key)) return true;
  let n = unwrap(step.person);
  for (let i = 0; i < 8 && (n.type === "MemberExpression" || n.type === "OptionalMemberExpression"); i++) n = unwrap(n.object);
  if (n.type !== "Identifier" || n === unwrap(step.person)) return false;
  const kv = knownValue(n.name, step.scope);
  let v = kv ? unwrap(kv.value) : null;
  if (v?.type === "AwaitExpression") v = unwrap(v.argument);
  if (!v || (v.type !== "CallExpression" && v.type !== "OptionalCallExpression")) return false;
  const callee = unwrap(v.callee as Node);
  if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier" || callee.computed) return false;
  // A record's foreign key (order.userId), not the record itself (user.id of a looked-up user is the same person either way).
  return STORED_RECORD.test(callee.property.name);
}

/** Keys that introduce a person: when they joined. */
const INTRODUCING_KEY = /created|signed_?up|signup|joined|registered/i;
/** Keys that record the latest state of something a person already has: last_order_status, orderCount, updated_at. */
const STATE_KEY = /^last(_|[A-Z])|(_s|S)tatus$|(_c|C)ount$|(_t|T)otal$/;

/**
 * Whether identify attributes only record the latest state of a known
 * person (`{ last_order_status, last_order_at }`): an object literal, no
 * spread, every key a last_…, …_status, …_count or …_total, or a time of
 * change, none personal and none a sign-up time. A new person's first
 * identify says who they are; one that only keeps a status current follows
 * an earlier one, so a track before it is not about a missing profile.
 */
function updatesOnly(model: import("../model.js").FileModel, attrs: Node, scope: Scope): boolean {
  const o = model.objectOf(attrs, scope);
  if (!o || o.obj.properties.length === 0 || o.obj.properties.length > 64) return false;
  for (const p of o.obj.properties) {
    if (p.type !== "ObjectProperty" && p.type !== "ObjectMethod") return false;
    const k = p.key.type === "Identifier" && !p.computed ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : null;
    if (k === null || k.length > 64 || isPersonalFieldName(k) || INTRODUCING_KEY.test(k)) return false;
    if (!STATE_KEY.test(k) && !isTimestampKey(k)) return false;
  }
  return true;
}

/** The callbacks given to `.then`/`.finally` on a call's promise (`call.then(a).catch(b).then(c)` → a, c); at most 16 links. */
function thenCallbacks(call: Node, ancestors: readonly Node[]): Node[] {
  const out: Node[] = [];
  let child: Node = call;
  for (let i = ancestors.length - 1, links = 0; i >= 1 && links < 16; i -= 2, links++) {
    const member = ancestors[i]!;
    const outer = ancestors[i - 1]!;
    if (member.type !== "MemberExpression" || member.object !== child || member.property.type !== "Identifier") break;
    if (outer.type !== "CallExpression" || outer.callee !== member) break;
    const m = member.property.name;
    if (m !== "then" && m !== "catch" && m !== "finally") break;
    const cb = outer.arguments[0];
    if (m !== "catch" && cb && (cb.type === "ArrowFunctionExpression" || cb.type === "FunctionExpression")) out.push(cb);
    child = outer;
  }
  return out;
}

/** True when `first` sits in an earlier statement of the same statement list as `second`. */
function runsBefore(first: Step, second: Step): boolean {
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

/** track() for a person runs before identify() for the same person in the same function. */
export const trackBeforeIdentify: FileRule = {
  meta: {
    code: "track_before_identify",
    severity: "warning",
    pitfall: 3,
    title: "An event is tracked before the person is identified",
    fix: "Identify the person before the first track call for them.",
    docs: "https://docs.customer.io/integrations/api/track/",
  },
  check({ model, project, report }) {
    // Direct identify/track calls, and calls of helpers that make exactly one of the two, with the person they are about.
    const steps: Step[] = [];
    for (const c of sitesOf(model, project).reaching) {
      if (c.direct) {
        const d = c.direct;
        // Raw Track API requests: POST /customers/{id}/events before PUT /customers/{id}.
        if (d.kind === "http") {
          const p = model.httpPerson(d);
          const attrs = p?.method === "identify" ? model.payloadOf(d).attributes : undefined;
          if (p) steps.push({ node: c.node, ancestors: c.ancestors, method: p.method, person: p.node, scope: c.scope, label: model.text(c.node.callee, 50), updateOnly: attrs !== undefined && updatesOnly(model, attrs, c.scope), after: thenCallbacks(c.node, c.ancestors) });
          continue;
        }
        if (d.method !== "track" && d.method !== "identify") continue;
        const label = model.text(c.node.callee, 50);
        const first = c.node.arguments[0] as Node | undefined;
        if (d.kind === "track" && first) {
          const attrs = d.method === "identify" ? model.payloadOf(d).attributes : undefined;
          steps.push({ node: c.node, ancestors: c.ancestors, method: d.method, person: first, scope: c.scope, label, updateOnly: attrs !== undefined && updatesOnly(model, attrs, c.scope), after: thenCallbacks(c.node, c.ancestors) });
        }
        if ((d.kind === "pipelines" || d.kind === "analytics") && first) {
          // analytics.track({ userId, event }) before analytics.identify({ userId, traits })
          const o = model.objectOf(first, c.scope);
          const who = o ? (model.property(o.obj, "userId") ?? model.property(o.obj, "anonymousId"))?.value : undefined;
          if (who) steps.push({ node: c.node, ancestors: c.ancestors, method: d.method, person: who, scope: o!.scope, label });
        }
        // The browser snippet: _cio.track() before _cio.identify() sends the event for an anonymous visitor.
        if (d.kind === "snippet") {
          const callee = unwrap(c.node.callee);
          if (callee.type === "MemberExpression") steps.push({ node: c.node, ancestors: c.ancestors, method: d.method, person: callee.object, scope: c.scope, label });
        }
        continue;
      }
      const sink = project.sinkAt(model, { node: c.node, ancestors: c.ancestors, scope: c.scope });
      const persons = (sink?.flows ?? []).filter((f): f is Extract<typeof f, { kind: "person" }> => f.kind === "person");
      const methods = new Set(persons.map((f) => f.method));
      const first = persons[0];
      if (!first || methods.size !== 1 || persons.some((f) => f.param !== first.param || f.path.join(".") !== first.path.join("."))) continue;
      const arg = c.node.arguments[first.param] as Node | undefined;
      // identifyMember(member) sends member.id: the step is about the argument's field, or the value there in an object literal.
      const at = arg && first.path.length > 0 ? model.valueAtPath(arg, c.scope, first.path) : null;
      if (arg && first.path.length > 0 && first.path.length <= 3 && !at) {
        steps.push({ node: c.node, ancestors: c.ancestors, method: first.method, person: arg, scope: c.scope, label: c.label, field: first.path.join("."), via: c.via });
      } else if (at || arg) {
        steps.push({ node: c.node, ancestors: c.ancestors, method: first.method, person: at ? at.node : arg!, scope: at ? at.scope : c.scope, label: c.label, via: c.via });
      }
    }
    const byFunction = new Map<Node | null, Step[]>();
    for (const c of steps) {
      const fnIdx = nearestFunctionIndex(c.ancestors);
      const key = fnIdx >= 0 ? c.ancestors[fnIdx]! : null;
      const list = byFunction.get(key) ?? [];
      list.push(c);
      byFunction.set(key, list);
    }
    // Each step's key once; identifies grouped by it, for the file and per function, so a track looks up
    // the identifies about its person instead of scanning them all (N tracks and N identifies stay linear).
    const keys = new Map<Step, string | null>();
    for (const c of steps) keys.set(c, stepKey(model.code, c));
    const identifiesByKey = identifiesByPerson(steps, keys);
    // cio.track(id, …).then(() => cio.identify(id, …)): an identify in a callback chained on the track's promise runs after it.
    for (const track of steps) {
      if (track.method !== "track" || !track.after || track.after.length === 0) continue;
      const id = keys.get(track);
      if (!id || existingPerson(model.code, track)) continue;
      const candidates = identifiesByKey.get(id);
      if (!candidates) continue;
      const later = candidates.find((i) => track.after!.some((cb) => i.ancestors.includes(cb)) && sameBinding(track, i));
      if (!later) continue;
      track.reported = true;
      // A chain is written over several lines (cio\n  .track(…)\n  .then(…)): point at the line of .track itself.
      const callee = unwrap(track.node.type === "CallExpression" ? track.node.callee : track.node);
      report({
        at: callee.type === "MemberExpression" ? callee.property : track.node,
        message: `${track.label}() for ${model.text(track.person, 60)} resolves before identify() for them runs (line ${later.node.loc?.start.line ?? "?"}): the profile may not exist yet.`,
        evidence: model.text(track.node),
        via: track.via,
      });
    }
    for (const list of byFunction.values()) {
      const identifies = identifiesByPerson(list, keys);
      if (identifies.size === 0) continue;
      for (const track of list) {
        if (track.method !== "track" || track.reported) continue;
        const id = keys.get(track);
        if (!id) continue;
        const group = identifies.get(id);
        if (!group) continue;
        if (existingPerson(model.code, track)) continue;
        const same = group.filter((i) => sameBinding(track, i));
        if (same.length === 0 || same.some((i) => (i.node.start ?? 0) < (track.node.start ?? 0))) continue;
        const later = same.find((i) => runsBefore(track, i));
        if (!later) continue;
        report({
          at: track.node,
          message: `${track.label}() for ${model.text(track.person, 60)} runs before identify() for them (line ${later.node.loc?.start.line ?? "?"}): the profile may not exist yet.`,
          evidence: model.text(track.node),
          via: track.via,
        });
      }
    }
  },
};
