/**
 * A hostile upstream on 127.0.0.1: one proxy per sandbox host that forwards
 * each request to the sandbox and can rewrite the answer. In record mode it
 * notes, per route, every string field and every object of the JSON answers
 * (so the tests learn what each tool reads without a hand-kept list); with a
 * mutation set it puts a huge hostile string into one of those fields (or as
 * a new key of one object), or answers with an error status and a hostile
 * body, so every upstream-controlled string reaches the tools' parsers.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Sandbox } from "../sandbox/server.js";
import type { SandboxHost } from "../sandbox/types.js";

const HOSTS: ReadonlyArray<[SandboxHost, string]> = [
  ["track-us", "CUSTOMERIO_TRACK_URL_US"],
  ["track-eu", "CUSTOMERIO_TRACK_URL_EU"],
  ["app-us", "CUSTOMERIO_APP_URL_US"],
  ["app-eu", "CUSTOMERIO_APP_URL_EU"],
  ["status", "CUSTOMERIO_STATUS_URL"],
];

export type Mutation =
  /** The first string at `leaf` (a path like `customer.attributes.email` or `activities[].name`) becomes `text`. */
  | { kind: "value"; route: string; leaf: string; text: string }
  /** The first object at `leaf` gets one more key, `text`. */
  | { kind: "key"; route: string; leaf: string; text: string }
  /** Every request to `host` is answered with `status` and `body`. */
  | { kind: "status"; host: SandboxHost; status: number; body: string; contentType: string; headers?: Record<string, string> };

export interface HostileUpstream {
  env(extra?: Record<string, string | undefined>): Record<string, string>;
  /** Routes seen while recording → their string leaves and object paths. */
  routes: Map<string, { leaves: Set<string>; objects: Set<string> }>;
  recording: boolean;
  mutation: Mutation | undefined;
  /** How many answers the current mutation changed. */
  applied: number;
  close(): Promise<void>;
}

/** `GET app-us /v1/customers/:x/attributes`: path segments holding digits or dashes are ids. */
export function routeKey(host: SandboxHost, method: string, path: string): string {
  const segments = path.split("/").map((s) => (/^[a-z_]+$/i.test(s) || s === "" ? s : ":x"));
  return `${method} ${host.replace(/-(us|eu)$/, "")} ${segments.join("/")}`;
}

function walk(value: unknown, path: string, leaves: Set<string>, objects: Set<string>, depth = 0): void {
  if (depth > 12) return;
  if (typeof value === "string") leaves.add(path);
  else if (Array.isArray(value)) {
    for (const item of value.slice(0, 3)) walk(item, `${path}[]`, leaves, objects, depth + 1);
  } else if (value && typeof value === "object") {
    objects.add(path);
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, leaves, objects, depth + 1);
  }
}

/** Applies the mutation to the first match of `leaf`; true when it did. */
function mutate(value: unknown, path: string, leaf: string, kind: "value" | "key", text: string, depth = 0): boolean {
  if (depth > 12) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const here = `${path}[]`;
      if (kind === "value" && here === leaf && typeof value[i] === "string") {
        value[i] = text;
        return true;
      }
      if (mutate(value[i], here, leaf, kind, text, depth + 1)) return true;
    }
    return false;
  }
  if (!value || typeof value !== "object") return false;
  const obj = value as Record<string, unknown>;
  if (kind === "key" && path === leaf) {
    obj[text] = "x";
    return true;
  }
  for (const k of Object.keys(obj)) {
    const here = path ? `${path}.${k}` : k;
    if (kind === "value" && here === leaf && typeof obj[k] === "string") {
      obj[k] = text;
      return true;
    }
    if (mutate(obj[k], here, leaf, kind, text, depth + 1)) return true;
  }
  return false;
}

export async function startHostileUpstream(sandbox: Sandbox): Promise<HostileUpstream> {
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  const state: HostileUpstream = {
    env: (extra = {}) => {
      const merged: Record<string, string | undefined> = { ...sandbox.env(), ...urls, ...extra };
      return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
    },
    routes: new Map(),
    recording: false,
    mutation: undefined,
    applied: 0,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => r());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
  const targets: Record<SandboxHost, string> = {
    "track-us": sandbox.urls.trackUs,
    "track-eu": sandbox.urls.trackEu,
    "app-us": sandbox.urls.appUs,
    "app-eu": sandbox.urls.appEu,
    status: sandbox.urls.status,
  };

  for (const [host, variable] of HOSTS) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const m = state.mutation;
        if (m?.kind === "status" && m.host === host) {
          state.applied++;
          res.writeHead(m.status, { "content-type": m.contentType, "content-length": String(Buffer.byteLength(m.body)), ...(m.headers ?? {}) });
          res.end(m.body);
          return;
        }
        const target = new URL(req.url ?? "/", targets[host]);
        const headers = { ...req.headers, host: target.host };
        const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
          const body: Buffer[] = [];
          answer.on("data", (c: Buffer) => body.push(c));
          answer.on("end", () => {
            let text = Buffer.concat(body).toString("utf8");
            const route = routeKey(host, req.method ?? "GET", target.pathname);
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            if (parsed !== undefined && state.recording && (answer.statusCode ?? 500) < 300) {
              let entry = state.routes.get(route);
              if (!entry) state.routes.set(route, (entry = { leaves: new Set(), objects: new Set() }));
              walk(parsed, "", entry.leaves, entry.objects);
            }
            if (parsed !== undefined && m && m.kind !== "status" && m.route === route && mutate(parsed, "", m.leaf, m.kind, m.text)) {
              state.applied++;
              text = JSON.stringify(parsed);
            }
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(answer.headers)) if (typeof v === "string" && k !== "content-length" && k !== "transfer-encoding") out[k] = v;
            out["content-length"] = String(Buffer.byteLength(text));
            res.writeHead(answer.statusCode ?? 502, out);
            res.end(text);
          });
        });
        upstream.on("error", () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    servers.push(server);
    urls[variable] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return state;
}
