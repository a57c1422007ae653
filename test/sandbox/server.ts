/**
 * The local Customer.io sandbox: five real HTTP listeners on 127.0.0.1
 * (Track US/EU, App US/EU, status page). Every request is recorded, the
 * active fault (if any) is applied, then the route modules answer in turn:
 * Track, App, customers (App hosts only), status. Anything else is a 404.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { appRoutes } from "./app.js";
import { customerRoutes } from "./customers.js";
import { journeyRoutes } from "./journeys.js";
import { statusRoutes } from "./status.js";
import { trackRoutes } from "./track.js";
import {
  SANDBOX,
  type RouteHandler,
  type SandboxFault,
  type SandboxHost,
  type SandboxReply,
  type SandboxRequest,
  type SandboxState,
} from "./types.js";

export interface SandboxUrls {
  trackUs: string;
  trackEu: string;
  appUs: string;
  appEu: string;
  status: string;
}

export interface Sandbox {
  /** Base URLs, `http://127.0.0.1:<port>` each. */
  urls: SandboxUrls;
  /**
   * The CUSTOMERIO_*_URL variables pointing at the sandbox, merged with
   * `extra` (an `undefined` value in `extra` removes that variable).
   */
  env(extra?: Record<string, string | undefined>): Record<string, string>;
  /** CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY and CUSTOMERIO_APP_API_KEY of a sandbox workspace. */
  credentials(region: "us" | "eu"): Record<string, string>;
  state: SandboxState;
  /** Sets (or with `undefined` clears) the fault for one host or `*` (every host). */
  setFault(host: SandboxHost | "*", fault: SandboxFault | undefined): void;
  /** Clears faults, the request log, extra workspaces, and sets the status page operational. */
  reset(): void;
  /** Every request received so far, in order. */
  requests(): SandboxState["requests"];
  /** Every request with headers and decoded credentials (for header assertions). */
  fullRequests(): readonly SandboxRequest[];
  close(): Promise<void>;
}

const HOSTS: readonly SandboxHost[] = ["track-us", "track-eu", "app-us", "app-eu", "status"];
const MAX_REQUEST_BODY = 1024 * 1024;

/** Credential variables of a sandbox workspace. */
export function sandboxCredentials(region: "us" | "eu"): Record<string, string> {
  const w = SANDBOX[region];
  return {
    CUSTOMERIO_SITE_ID: w.siteId,
    CUSTOMERIO_TRACK_API_KEY: w.trackApiKey,
    CUSTOMERIO_APP_API_KEY: w.appApiKey,
  };
}

function decodeAuth(header: string | undefined): SandboxRequest["auth"] {
  if (!header) return {};
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(" ");
  if (scheme?.toLowerCase() === "bearer") return { bearer: value };
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) return { basic: { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
  }
  return {};
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_REQUEST_BODY) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: SandboxReply): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload = "";
  if (typeof reply.body === "string") payload = reply.body;
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json; charset=utf-8";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * The documented 429: App hosts answer with the spec's example body (App spec, every
 * operation's `responses/429`); the Track spec documents no 429 body, so Track sends none.
 */
export function rateLimitReply(host: SandboxHost, fault: { retryAfter?: string; daily?: boolean }): SandboxReply {
  const headers: Record<string, string> = {};
  // "If you hit a daily quota, this header is not set." (App spec, responses/429/headers/Retry-After)
  if (!fault.daily && fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
  if (host !== "app-us" && host !== "app-eu") return { status: 429, headers };
  const detail = fault.daily ? "rate limited to 100 request(s) per day (reference sbx429d)" : "rate limited to 10 requests per 1s (reference sbx429s)";
  return { status: 429, headers, body: { errors: [{ detail, status: "429" }] } };
}

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The proxy could not complete the request.</p></body></html>\n`;
}

/** Streams `bytes` of JSON-looking filler, stopping as soon as the client hangs up. */
async function sendOversized(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": String(bytes) });
  const chunk = Buffer.alloc(64 * 1024, "x");
  let sent = 0;
  const head = Buffer.from('{"filler":"');
  res.write(head);
  sent += head.length;
  while (sent < bytes && !res.destroyed) {
    const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
    sent += piece.length;
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

export async function startSandbox(): Promise<Sandbox> {
  const state: SandboxState = { faults: {}, statusScenario: "operational", requests: [] };
  const full: SandboxRequest[] = [];
  const rateLimited = new Map<SandboxHost, number>();
  const servers = new Map<SandboxHost, Server>();
  const urls = {} as Record<SandboxHost, string>;

  const routesFor = (host: SandboxHost): RouteHandler[] => {
    if (host === "track-us" || host === "track-eu") return [trackRoutes];
    if (host === "app-us" || host === "app-eu") return [appRoutes, journeyRoutes, customerRoutes];
    return [statusRoutes];
  };

  const handle = async (host: SandboxHost, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    const request: SandboxRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      host,
      path: url.pathname,
      query: url.searchParams,
      headers,
      auth: decodeAuth(headers.authorization),
      body,
    };
    full.push(request);
    state.requests.push({
      method: request.method,
      host,
      path: request.path,
      auth: request.auth.basic ? "basic" : request.auth.bearer !== undefined ? "bearer" : "none",
    });
    (state.arrivals ??= []).push(performance.now());

    const fault = state.faults[host] ?? state.faults["*"];
    if (fault) {
      switch (fault.kind) {
        case "hang":
          return; // never answered; close() drops the connection
        case "reset":
          req.socket.destroy();
          return;
        case "delay":
          await sleep(fault.ms);
          break;
        case "status":
          send(res, { status: fault.status, headers: fault.headers, body: fault.body });
          return;
        case "html":
          send(res, { status: fault.status, headers: { "content-type": "text/html; charset=utf-8" }, body: htmlPage(fault.status) });
          return;
        case "malformed_json":
          send(res, { status: fault.status, headers: { "content-type": "application/json" }, body: '{"region": "us", "environment_id": ' });
          return;
        case "oversized":
          await sendOversized(res, fault.bytes);
          return;
        case "rate_limit": {
          const served = rateLimited.get(host) ?? 0;
          if (served < fault.times) {
            rateLimited.set(host, served + 1);
            send(res, rateLimitReply(host, fault));
            return;
          }
          break;
        }
      }
    }

    for (const route of routesFor(host)) {
      let reply: SandboxReply | undefined;
      try {
        reply = route(request, state);
      } catch (err) {
        send(res, { status: 500, body: { errors: [{ detail: `sandbox route failed: ${String(err)}`, status: "500" }] } });
        return;
      }
      if (reply) {
        send(res, reply);
        return;
      }
    }
    send(res, { status: 404, body: { errors: [{ detail: `no sandbox route for ${request.method} ${request.path}`, status: "404" }] } });
  };

  for (const host of HOSTS) {
    const server = createServer((req, res) => {
      handle(host, req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) send(res, { status: 500 });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    servers.set(host, server);
    urls[host] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const sandboxUrls: SandboxUrls = {
    trackUs: urls["track-us"],
    trackEu: urls["track-eu"],
    appUs: urls["app-us"],
    appEu: urls["app-eu"],
    status: urls.status,
  };

  return {
    urls: sandboxUrls,
    env(extra = {}) {
      const merged: Record<string, string | undefined> = {
        CUSTOMERIO_TRACK_URL_US: sandboxUrls.trackUs,
        CUSTOMERIO_TRACK_URL_EU: sandboxUrls.trackEu,
        CUSTOMERIO_APP_URL_US: sandboxUrls.appUs,
        CUSTOMERIO_APP_URL_EU: sandboxUrls.appEu,
        CUSTOMERIO_STATUS_URL: sandboxUrls.status,
        ...extra,
      };
      return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
    },
    credentials: sandboxCredentials,
    state,
    setFault(host, fault) {
      if (fault) state.faults[host] = fault;
      else delete state.faults[host];
      rateLimited.clear();
    },
    reset() {
      state.faults = {};
      state.statusScenario = "operational";
      state.requests.length = 0;
      if (state.arrivals) state.arrivals.length = 0;
      delete state.extraWorkspaces;
      full.length = 0;
      rateLimited.clear();
    },
    requests: () => state.requests,
    fullRequests: () => full,
    async close() {
      await Promise.all(
        [...servers.values()].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
