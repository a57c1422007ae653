/**
 * The places in one file where the rules look, computed once per file and
 * shared: calls that reach Customer.io (directly or through a sink, with
 * their via chain), event names and timestamp values that reach a
 * Customer.io payload (in the call itself or as an argument of a sink).
 */
import type * as t from "@babel/types";
import { isTimestampKey } from "../../domain/index.js";
import type { CallSite, CioCall, ClientKind, FileModel } from "../model.js";
import { calleeText, lineOf, type Project, type ViaStep } from "../project.js";
import { keyName, type CallNode } from "../syntax.js";
import type { Node, Scope } from "../walk.js";

export interface ReachingCall {
  node: CallNode;
  ancestors: Node[];
  scope: Scope;
  kind: ClientKind;
  /** Awaiting this call waits for Customer.io. */
  waits: boolean;
  label: string;
  via?: ViaStep[];
  direct?: CioCall;
}

export interface ValueSite {
  node: Node;
  scope: Scope;
  via?: ViaStep[];
}

export interface TimestampSite extends ValueSite {
  key: string;
  where: string;
  /** The property (for evidence), when the value sits in an object literal. */
  prop?: t.ObjectProperty;
}

interface Sites {
  reaching: ReachingCall[];
  eventNames: ValueSite[];
  timestamps: TimestampSite[];
}

const cache = new WeakMap<FileModel, Sites>();

function viaFor(model: FileModel, site: CallSite, chain: ViaStep[]): ViaStep[] {
  return [{ file: model.file, line: lineOf(site.node), name: calleeText(model, site.node) }, ...chain];
}

export function sitesOf(model: FileModel, project: Project): Sites {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: Sites = { reaching: [], eventNames: [], timestamps: [] };

  for (const c of model.cioCalls) {
    if (!c.write) continue;
    out.reaching.push({ node: c.node, ancestors: c.ancestors, scope: c.scope, kind: c.kind, waits: c.kind !== "analytics", label: c.label, direct: c });
    const { owner } = model.ownerOf(c.node, c.ancestors);
    const isParam = (n: Node) => owner !== null && model.paramRef(n, c.scope, owner) !== null;
    const payload = model.payloadOf(c);
    if (payload.eventName && !isParam(payload.eventName)) out.eventNames.push({ node: payload.eventName, scope: c.scope });
    const where = c.method === "identify" || c.http?.method === "PUT" ? "identify" : c.kind === "snippet" ? "snippet" : "event data";
    if (c.kind === "pipelines" || c.kind === "analytics") continue;
    for (const part of [payload.attributes, payload.data]) {
      if (!part || isParam(part)) continue;
      for (const { prop, scope } of model.timestampProperties(part, c.scope)) {
        if (owner && model.paramRef(prop.value, scope, owner)) continue;
        out.timestamps.push({ node: prop.value, scope, key: keyName(prop.key, prop.computed) ?? "timestamp", where, prop });
      }
    }
    if (payload.timestamp && !isParam(payload.timestamp.value)) {
      out.timestamps.push({ node: payload.timestamp.value, scope: c.scope, key: "timestamp", where: "track", prop: payload.timestamp });
    }
  }

  for (const site of model.callSites) {
    const sink = project.sinkAt(model, site);
    if (!sink) continue;
    const via = viaFor(model, site, sink.chain);
    out.reaching.push({ node: site.node, ancestors: site.ancestors, scope: site.scope, kind: sink.kind, waits: sink.waits, label: calleeText(model, site.node), via });
    const { owner } = model.ownerOf(site.node, site.ancestors);
    const args = site.node.arguments as Node[];
    for (const f of sink.flows) {
      if (f.kind === "request") {
        // send("POST", `/customers/${id}/events`, { name: "x", data }) through a generic request helper.
        const r = project.resolveRequest(model, site, f);
        if (!r) continue;
        if (r.eventName && !(owner && model.paramRef(r.eventName.node, r.eventName.scope, owner))) out.eventNames.push({ ...r.eventName, via });
        for (const part of [r.data, r.attributes]) {
          if (!part || (owner && model.paramRef(part.node, part.scope, owner))) continue;
          for (const { prop, scope } of model.timestampProperties(part.node, part.scope)) {
            if (owner && model.paramRef(prop.value, scope, owner)) continue;
            out.timestamps.push({ node: prop.value, scope, key: keyName(prop.key, prop.computed) ?? "timestamp", where: r.where, via, prop });
          }
        }
        continue;
      }
      const arg = args[f.param];
      if (!arg) continue;
      const at = f.path.length ? model.valueAtPath(arg, site.scope, f.path) : { node: arg, scope: site.scope };
      if (!at) continue;
      if (owner && model.paramRef(at.node, at.scope, owner)) continue;
      if (f.kind === "event_name") out.eventNames.push({ node: at.node, scope: at.scope, via });
      else if (f.kind === "timestamp") out.timestamps.push({ node: at.node, scope: at.scope, key: f.key, where: f.where, via });
      else if (f.kind === "attributes") {
        for (const { prop, scope } of model.timestampProperties(at.node, at.scope)) {
          if (owner && model.paramRef(prop.value, scope, owner)) continue;
          const key = keyName(prop.key, prop.computed) ?? "timestamp";
          if (isTimestampKey(key)) out.timestamps.push({ node: prop.value, scope, key, where: f.where, via, prop });
        }
      }
    }
  }
  cache.set(model, out);
  return out;
}
