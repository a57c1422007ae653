import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MockAgent } from "undici";
import { loadConfig, type Config } from "../src/config.js";
import type { Logger } from "../src/log.js";
import { Redactor } from "../src/redact.js";
import { VERSION } from "../src/version.js";
import { createHttpClient, DAILY_QUOTA_ENDPOINTS, MAX_BODY_BYTES, parseBody, parseRetryAfter } from "../src/cio/http.js";
import { CioRequestError, type CioHttp } from "../src/cio/types.js";
import { createRateLimiter, LimiterQueueTooLong } from "../src/cio/limiter.js";

const KEY = "sbx_track_us_5f3a9c1e7b2d4a60";
const APP_KEY = "sbx_app_us_9d8c7b6a5f4e3d2c1b0a";
// Generous, so retries fit even on a busy machine; the hang test sets its own short budget.
const TIMEOUT_MS = 2000;
const SHORT_TIMEOUT_MS = 400;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local server whose behaviour each test sets; it records what it received. */
interface TestServer {
  url: string;
  handler: Handler;
  received: Array<{ method: string; path: string; headers: IncomingMessage["headers"] }>;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const state: TestServer = {
    url: "",
    handler: (_req, res) => res.end(),
    received: [],
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    state.received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    state.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, debug: write("debug"), info: write("info"), warning: write("warning"), error: write("error"), attach: () => {} };
}

let api: TestServer; // configured as Track US and App US
let eu: TestServer; // configured as Track EU and App EU
let offList: TestServer; // not configured anywhere
let closedPort: string;
let log: ReturnType<typeof captureLogger>;
let client: CioHttp;
let config: Config;

function makeClient(extraEnv: Record<string, string> = {}): CioHttp {
  config = loadConfig({
    CUSTOMERIO_TRACK_URL_US: api.url,
    CUSTOMERIO_APP_URL_US: api.url,
    CUSTOMERIO_TRACK_URL_EU: eu.url,
    CUSTOMERIO_APP_URL_EU: eu.url,
    CUSTOMERIO_STATUS_URL: eu.url.replace("127.0.0.1", "localhost"),
    CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS),
    CUSTOMERIO_TRACK_API_KEY: KEY,
    CUSTOMERIO_APP_API_KEY: APP_KEY,
    ...extraEnv,
  });
  const redactor = new Redactor([KEY, APP_KEY]);
  log = captureLogger();
  return createHttpClient(config, { redactor, log });
}

beforeAll(async () => {
  [api, eu, offList] = await Promise.all([startServer(), startServer(), startServer()]);
  const spare = await startServer();
  closedPort = spare.url;
  await spare.close();
});

afterAll(async () => {
  await Promise.all([api.close(), eu.close(), offList.close()]);
});

afterEach(async () => {
  await client?.close();
  for (const s of [api, eu, offList]) {
    s.received.length = 0;
    s.handler = (_req, res) => res.end();
  }
});

const basic = { kind: "basic" as const, user: "site1", password: KEY };

describe("createHttpClient: requests and responses", () => {
  it("sends the user agent, Accept and Basic credentials, and parses JSON", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 200, { region: "us" });
    const res = await client.get({ api: "track", region: "us", path: "/api/v1/accounts/region", auth: basic });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: "json", value: { region: "us" }, text: '{"region":"us"}' });
    expect(res.attempts).toBe(1);
    expect(res.truncated).toBe(false);
    expect(res.url).toBe(`${api.url}/api/v1/accounts/region`);
    const h = api.received[0]!.headers;
    expect(h["user-agent"]).toBe(`customerio-doctor/${VERSION}`);
    expect(h.accept).toBe("application/json");
    expect(h.authorization).toBe(`Basic ${Buffer.from(`site1:${KEY}`).toString("base64")}`);
    expect(api.received[0]!.method).toBe("GET");
  });

  it("adds the query string and sends a Bearer token", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 200, { results: [] });
    const res = await client.get({ api: "app", region: "us", path: "/v1/customers", query: { email: "a+b@example.com", skip: undefined }, auth: { kind: "bearer", token: APP_KEY } });
    expect(res.status).toBe(200);
    expect(api.received[0]!.path).toBe("/v1/customers?email=a%2Bb%40example.com");
    expect(api.received[0]!.headers.authorization).toBe(`Bearer ${APP_KEY}`);
  });

  it("reuses pooled keep-alive connections instead of one per request", async () => {
    client = makeClient();
    const ports: number[] = [];
    api.handler = (req, res) => {
      ports.push(req.socket.remotePort!);
      json(res, 200, {});
    };
    for (let i = 0; i < 8; i++) await client.get({ api: "track", region: "us", path: "/x", auth: { kind: "none" } });
    expect(ports).toHaveLength(8);
    expect(new Set(ports).size).toBeLessThanOrEqual(3);
  });

  it("cuts a body larger than 1 MiB and marks it truncated", async () => {
    client = makeClient();
    api.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"a":"${"x".repeat(2 * MAX_BODY_BYTES)}"}`);
    };
    const res = await client.get({ api: "track", region: "us", path: "/big", auth: { kind: "none" } });
    expect(res.truncated).toBe(true);
    expect(res.body.kind).toBe("text");
    expect(res.body.kind === "text" && Buffer.byteLength(res.body.text)).toBe(MAX_BODY_BYTES);
  });
});

describe("createHttpClient: retries within the budget", () => {
  it("retries a 503 and returns the later success with the attempt count", async () => {
    client = makeClient();
    let n = 0;
    api.handler = (_req, res) => (n++ === 0 ? json(res, 503, {}) : json(res, 200, { ok: 1 }));
    const res = await client.get({ api: "track", region: "us", path: "/r", auth: { kind: "none" } });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
  });

  it("honours a Retry-After of 0 seconds on 429", async () => {
    client = makeClient();
    let n = 0;
    api.handler = (_req, res) => (n++ === 0 ? json(res, 429, {}, { "retry-after": "0" }) : json(res, 200, {}));
    const res = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: { kind: "none" } });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
  });

  it("returns the 429 at once when Retry-After does not fit in the budget", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 429, {}, { "retry-after": "30" });
    const res = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: { kind: "none" } });
    expect(res.status).toBe(429);
    expect(res.attempts).toBe(1);
    expect(res.headers["retry-after"]).toBe("30");
    expect(api.received).toHaveLength(1);
  });

  it("stops retrying a persistent 500 inside the budget", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 500, {});
    const res = await client.get({ api: "track", region: "us", path: "/r", auth: { kind: "none" } });
    expect(res.status).toBe(500);
    expect(res.attempts).toBeGreaterThanOrEqual(2);
    expect(res.attempts).toBeLessThanOrEqual(3);
    expect(api.received).toHaveLength(res.attempts);
    expect(res.latencyMs).toBeLessThan(TIMEOUT_MS);
  });

  it("does not retry when retry is false, nor a 404", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 503, {});
    const res = await client.get({ api: "track", region: "us", path: "/r", auth: { kind: "none" }, retry: false });
    expect(res.attempts).toBe(1);
    api.handler = (_req, res) => json(res, 404, {});
    const res2 = await client.get({ api: "track", region: "us", path: "/r", auth: { kind: "none" } });
    expect(res2.attempts).toBe(1);
  });
});

describe("createHttpClient: redirects", () => {
  it("follows a redirect to another configured host and keeps the credentials", async () => {
    client = makeClient();
    api.handler = (_req, res) => {
      res.writeHead(301, { location: `${eu.url}/v1/workspaces` });
      res.end();
    };
    eu.handler = (_req, res) => json(res, 200, { workspaces: [] });
    const res = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: { kind: "bearer", token: APP_KEY } });
    expect(res.status).toBe(200);
    expect(res.finalUrl).toBe(`${eu.url}/v1/workspaces`);
    expect(res.blockedRedirect).toBeUndefined();
    expect(eu.received[0]!.headers.authorization).toBe(`Bearer ${APP_KEY}`);
  });

  it("never follows a redirect to a host that is not configured, and never sends it credentials", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 301, { errors: [{ detail: "wrong datacenter", status: "301" }] }, { location: `${offList.url}/v1/workspaces` });
    const res = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: { kind: "bearer", token: APP_KEY } });
    expect(res.status).toBe(301);
    expect(res.blockedRedirect).toBe(`${offList.url}/v1/workspaces`);
    expect(res.body.kind).toBe("json");
    expect(offList.received).toHaveLength(0);
  });

  it("does not send credentials to the status host even when a redirect leads there", async () => {
    client = makeClient();
    const statusOrigin = new URL(config.endpoints.status).origin;
    api.handler = (_req, res) => {
      res.writeHead(302, { location: `${statusOrigin}/elsewhere` });
      res.end();
    };
    eu.handler = (_req, res) => json(res, 200, {});
    const res = await client.get({ api: "track", region: "us", path: "/x", auth: basic });
    expect(res.status).toBe(200);
    expect(eu.received[0]!.headers.authorization).toBeUndefined();
  });

  it("stops after 3 redirects", async () => {
    client = makeClient();
    api.handler = (req, res) => {
      res.writeHead(307, { location: `${api.url}${req.url}x` });
      res.end();
    };
    const res = await client.get({ api: "track", region: "us", path: "/loop", auth: { kind: "none" } });
    expect(res.status).toBe(307);
    expect(api.received).toHaveLength(4);
    expect(res.blockedRedirect).toBe(`${api.url}/loopxxxx`);
  });
});

describe("createHttpClient: failures without a response", () => {
  it("turns a hanging server into a timeout within the budget", async () => {
    client = makeClient({ CUSTOMERIO_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    api.handler = () => {};
    const started = Date.now();
    const err = await client.get({ api: "track", region: "us", path: "/hang", auth: basic }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CioRequestError);
    expect((err as CioRequestError).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + 500);
  });

  it("reports a refused connection as network_error ECONNREFUSED", async () => {
    client = makeClient({ CUSTOMERIO_TRACK_URL_US: closedPort });
    const err = (await client.get({ api: "track", region: "us", path: "/", auth: basic }).catch((e: unknown) => e)) as CioRequestError;
    expect(err.kind).toBe("network_error");
    expect(err.causeCode).toBe("ECONNREFUSED");
    expect(err.url).toBe(`${closedPort}/`);
  });

  it("reports a reset connection as network_error", async () => {
    client = makeClient();
    api.handler = (req) => req.socket.destroy();
    const err = (await client.get({ api: "track", region: "us", path: "/", auth: basic }).catch((e: unknown) => e)) as CioRequestError;
    expect(err.kind).toBe("network_error");
    expect(["ECONNRESET", "UND_ERR_SOCKET"]).toContain(err.causeCode);
  });

  it("reports the caller's cancel as cancelled, and a deadline abort as timeout", async () => {
    client = makeClient();
    api.handler = () => {};
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cancelled = (await client.get({ api: "track", region: "us", path: "/", auth: basic, signal: controller.signal }).catch((e: unknown) => e)) as CioRequestError;
    expect(cancelled.kind).toBe("cancelled");
    const deadline = (await client.get({ api: "track", region: "us", path: "/", auth: basic, signal: AbortSignal.timeout(50) }).catch((e: unknown) => e)) as CioRequestError;
    expect(deadline.kind).toBe("timeout");
  });

  it("keeps keys out of error messages and log lines", async () => {
    client = makeClient({ CUSTOMERIO_TRACK_URL_US: closedPort });
    const err = (await client.get({ api: "track", region: "us", path: "/", auth: basic }).catch((e: unknown) => e)) as CioRequestError;
    api.handler = (_req, res) => json(res, 503, {});
    const text = [err.message, String(err.stack), ...log.lines].join("\n");
    for (const secret of [KEY, APP_KEY, Buffer.from(`site1:${KEY}`).toString("base64")]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("createHttpClient with an injected dispatcher", () => {
  it("maps a DNS failure to network_error ENOTFOUND", async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const dnsError = Object.assign(new Error("getaddrinfo ENOTFOUND track.customer.io"), { code: "ENOTFOUND" });
    mock.get("https://track.customer.io").intercept({ path: "/api/v1/accounts/region", method: "GET" }).replyWithError(dnsError);
    const cfg = loadConfig({ CUSTOMERIO_TIMEOUT_MS: "400" });
    client = createHttpClient(cfg, { redactor: new Redactor(), log: captureLogger(), dispatcher: mock });
    const err = (await client.get({ api: "track", region: "us", path: "/api/v1/accounts/region", auth: basic }).catch((e: unknown) => e)) as CioRequestError;
    expect(err.kind).toBe("network_error");
    expect(err.causeCode).toBe("ENOTFOUND");
    expect(err.message).not.toContain(KEY);
    await mock.close();
  });

  it("builds base URLs from the configured endpoints", () => {
    const cfg = loadConfig({});
    client = createHttpClient(cfg, { redactor: new Redactor(), log: captureLogger(), dispatcher: new MockAgent() });
    expect(client.baseUrl("track", "eu")).toBe("https://track-eu.customer.io");
    expect(client.baseUrl("app", "us")).toBe("https://api.customer.io");
    expect(client.baseUrl("status")).toBe("https://status.customerio.com");
  });
});

describe("parseRetryAfter and parseBody", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-03-02T10:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Mon, 02 Mar 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Mon, 02 Mar 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it("classifies bodies tolerantly", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(parseBody(enc(""), "application/json")).toEqual({ kind: "empty" });
    expect(parseBody(enc('{"a":1}'), undefined)).toEqual({ kind: "json", value: { a: 1 }, text: '{"a":1}' });
    expect(parseBody(enc('{"a":'), "application/json").kind).toBe("text");
    expect(parseBody(enc("<!DOCTYPE html><html></html>"), "application/json").kind).toBe("html");
    expect(parseBody(enc("<h1>x</h1>"), "text/html").kind).toBe("html");
    expect(parseBody(enc("Bad Gateway"), "text/plain")).toEqual({ kind: "text", text: "Bad Gateway" });
  });
});

describe("the App API rate limiter", () => {
  it("grants at most perWindow requests in any window, in order, and reports the wait", async () => {
    const limiter = createRateLimiter(10, 200);
    const started = performance.now();
    const grants = await Promise.all(Array.from({ length: 25 }, () => limiter.acquire().then((g) => ({ ...g, at: performance.now() - started }))));
    expect(grants.filter((g) => g.waitedMs === 0)).toHaveLength(10);
    // The 11th waits a whole window, the 21st two.
    expect(grants[10]!.waitedMs).toBeGreaterThanOrEqual(190);
    expect(grants[20]!.waitedMs).toBeGreaterThanOrEqual(390);
    const at = grants.map((g) => g.at);
    for (let i = 0; i + 10 < at.length; i++) expect(at[i + 10]! - at[i]!).toBeGreaterThanOrEqual(190);
  });

  it("refuses at once when the queue is longer than the time left, and gives back an aborted slot", async () => {
    const limiter = createRateLimiter(2, 10_000);
    await limiter.acquire();
    await limiter.acquire();
    await expect(limiter.acquire({ maxWaitMs: 500 })).rejects.toBeInstanceOf(LimiterQueueTooLong);
    const controller = new AbortController();
    const pending = limiter.acquire({ signal: controller.signal });
    controller.abort(new Error("gone"));
    await expect(pending).rejects.toThrow("gone");
    expect(limiter.recent()).toBe(2);
  });

  it("is one limiter for every App API request of the client; Track requests do not queue", async () => {
    const limiter = createRateLimiter(3, 400);
    api.handler = (_req, res) => json(res, 200, {});
    config = loadConfig({ CUSTOMERIO_APP_URL_US: api.url, CUSTOMERIO_TRACK_URL_US: api.url, CUSTOMERIO_TIMEOUT_MS: String(TIMEOUT_MS) });
    client = createHttpClient(config, { redactor: new Redactor([APP_KEY]), log: captureLogger(), limiter });
    const bearer = { kind: "bearer" as const, token: APP_KEY };
    const app = await Promise.all(Array.from({ length: 4 }, () => client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: bearer })));
    expect(app.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(app.filter((r) => (r.queuedMs ?? 0) > 0)).toHaveLength(1);
    expect(app[3]!.queuedMs).toBeGreaterThanOrEqual(300);
    const track = await client.get({ api: "track", region: "us", path: "/api/v1/accounts/region", auth: basic });
    expect(track.queuedMs).toBe(0);
  });

  it("turns a queue longer than the budget into a timeout without sending the request", async () => {
    const limiter = createRateLimiter(1, 60_000);
    await limiter.acquire();
    api.handler = (_req, res) => json(res, 200, {});
    config = loadConfig({ CUSTOMERIO_APP_URL_US: api.url, CUSTOMERIO_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    client = createHttpClient(config, { redactor: new Redactor([APP_KEY]), log: captureLogger(), limiter });
    const err = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: { kind: "bearer", token: APP_KEY } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CioRequestError);
    expect(err).toMatchObject({ kind: "timeout", causeCode: "RATE_LIMIT_QUEUE" });
    expect(api.received).toHaveLength(0);
  });
});

describe("the per-request deadline survives garbage collection", () => {
  it("a hanging server still times out when GC runs during the request", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    client = makeClient({ CUSTOMERIO_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    api.handler = () => {}; // never answers
    const started = performance.now();
    const pending = client.get({ api: "track", region: "us", path: "/api/v1/accounts/region", auth: basic }).catch((e: unknown) => e);
    // Forced collections while the request waits (a real GC under --expose-gc; else allocation pressure).
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 40));
      if (gc) gc();
      else Array.from({ length: 200_000 }, (_, j) => ({ j }));
    }
    const err = await pending;
    expect(err).toMatchObject({ kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + 1000);
  });
});

describe("endpoints with small daily quotas", () => {
  it("are refused before any request is sent", async () => {
    client = makeClient();
    api.handler = (_req, res) => json(res, 200, {});
    await expect(client.get({ api: "app", region: "us", path: "/v1/messages/abc/archived_message", auth: { kind: "bearer", token: APP_KEY } })).rejects.toThrow("daily quota");
    expect(api.received).toHaveLength(0);
    const ok = await client.get({ api: "app", region: "us", path: "/v1/messages/abc", auth: { kind: "bearer", token: APP_KEY } });
    expect(ok.status).toBe(200);
  });
});

describe("App API 429s: per-second limit vs daily quota", () => {
  it("retries a 429 with Retry-After, but not one without (the daily quota)", async () => {
    client = makeClient();
    let n = 0;
    api.handler = (_req, res) => {
      n++;
      if (n === 1) json(res, 429, { errors: [{ detail: "rate limited to 10 requests per 1s (reference x)", status: "429" }] }, { "retry-after": "0" });
      else json(res, 200, { workspaces: [] });
    };
    const bearer = { kind: "bearer" as const, token: APP_KEY };
    const perSecond = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: bearer });
    expect([perSecond.status, perSecond.attempts]).toEqual([200, 2]);
    api.handler = (_req, res) => json(res, 429, { errors: [{ detail: "rate limited to 100 request(s) per day (reference x)", status: "429" }] });
    api.received.length = 0;
    const daily = await client.get({ api: "app", region: "us", path: "/v1/workspaces", auth: bearer });
    expect([daily.status, daily.attempts]).toEqual([429, 1]);
    expect(api.received).toHaveLength(1);
  });
});
