/**
 * Request-path shapes for blocking_request_path: results of a .map() awaited
 * together with Promise.all, superagent's builder chains, Worker fetch
 * handlers that dispatch to per-route functions.
 */
import { describe, expect, it } from "vitest";
import { codes, findingsOf, SDK } from "./helpers.js";

const C = "blocking_request_path";

describe("blocking_request_path: Promise.all over a map of Customer.io calls", () => {
  it("invalid: a route awaits Promise.all(list.map(x => cio.track(...))), the finding at the await", () => {
    const src = `${SDK}router.post("/notify", async (req, res) => {\n  const users = await db.users();\n  await Promise.all(\n    users.map((u) => cio.track(u.id, { name: "reminded" })),\n  );\n  res.json({});\n});\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:5`]);
  });

  it("invalid: allSettled, an array spread, a block-bodied callback that awaits, and a helper reached in the callback (with via)", () => {
    const spread = `${SDK}export async function POST(req: Request) {\n  const ids: string[] = await req.json();\n  await Promise.allSettled([...ids.map(async (id) => {\n    await cio.identify(id, { seen: true });\n  })]);\n  return Response.json({});\n}\n`;
    expect(codes({ "app/api/seen/route.ts": spread }, C)).toEqual([`${C}@app/api/seen/route.ts:5`]);
    const files = {
      "lib/notify.ts": `${SDK}export async function invite(team: string, to: string) {\n  await cio.identify(to, { team });\n}\n`,
      "graphql.ts": `import { invite } from "./lib/notify";\nexport const resolvers = {\n  Mutation: {\n    async invite(_: unknown, args: { team: string; to: string[] }) {\n      await Promise.all(args.to.map((to) => invite(args.team, to)));\n      return true;\n    },\n  },\n};\n`,
    };
    const [f] = findingsOf(files, C);
    expect(`${f!.file}:${f!.line}`).toBe("graphql.ts:5");
    expect(f!.via?.map((v) => v.file)).toEqual(["graphql.ts", "lib/notify.ts"]);
  });

  it("valid: not awaited, handed to waitUntil, forEach (which waits for nothing), a limiter's callback, a background job", () => {
    expect(codes(`${SDK}router.post("/n", async (req, res) => {\n  Promise.all(req.body.ids.map((id) => cio.track(id, { name: "x" }))).catch(log);\n  res.end();\n});\n`, C)).toEqual([]);
    expect(codes(`${SDK}export default {\n  async fetch(req, env, ctx) {\n    ctx.waitUntil(Promise.all([1, 2].map((n) => cio.track(String(n), { name: "x" }))));\n    return new Response("");\n  },\n};\n`, C)).toEqual([]);
    expect(codes(`${SDK}router.post("/n", async (req, res) => {\n  req.body.ids.forEach(async (id) => { await cio.track(id, { name: "x" }); });\n  res.end();\n});\n`, C)).toEqual([]);
    // Each call runs inside the limiter's own callback, not the map's: that shape belongs to the rate rules.
    expect(codes(`${SDK}router.post("/n", async (req, res) => {\n  await Promise.all(req.body.ids.map((id) => limit(() => cio.track(id, { name: "x" }))));\n  res.end();\n});\n`, C)).toEqual([]);
    expect(codes(`${SDK}export async function nightly() {\n  const users = await db.users();\n  await Promise.all(users.map((u) => cio.track(u.id, { name: "digest" })));\n}\n`, C)).toEqual([]);
    // Answered first, then the calls.
    expect(codes(`${SDK}router.post("/n", async (req, res) => {\n  res.sendStatus(202);\n  await Promise.all(req.body.ids.map((id) => cio.track(id, { name: "x" })));\n});\n`, C)).toEqual([]);
  });
});

describe("blocking_request_path: a Worker's fetch handler that dispatches to per-route functions", () => {
  const base = `const TRACK = "https://track.customer.io/api/v1";\n`;
  it("invalid: a route function returned from inside an if (module Worker) awaits Customer.io before it answers", () => {
    const src = `${base}async function optOut(request: Request, env: unknown) {\n  const { id } = (await request.json()) as { id: string };\n  await fetch(\`\${TRACK}/customers/\${id}\`, { method: "PUT", body: "{}" });\n  return new Response(null, { status: 204 });\n}\nexport default {\n  async fetch(request: Request, env: unknown) {\n    const { pathname } = new URL(request.url);\n    if (pathname === "/opt-out") return optOut(request, env);\n    return new Response("", { status: 404 });\n  },\n} satisfies ExportedHandler;\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:4`]);
  });

  it("invalid: the same dispatch in a switch of a service-worker listener", () => {
    const src = `${base}addEventListener("fetch", (event) => event.respondWith(route(event.request)));\nasync function route(request) {\n  switch (new URL(request.url).pathname) {\n    case "/ping":\n      return ping(request);\n    default:\n      return new Response("", { status: 404 });\n  }\n}\nasync function ping(request) {\n  await fetch(\`\${TRACK}/customers/1/events\`, { method: "POST", body: "{}" });\n  return new Response("ok");\n}\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:12`]);
  });

  it("valid: the route function hands the call to ctx.waitUntil; a function called with a value taken from the request; a nested callback's return", () => {
    const waitUntil = `${base}function view(request: Request, env: unknown, ctx: ExecutionContext) {\n  ctx.waitUntil(fetch(\`\${TRACK}/customers/1/events\`, { method: "POST", body: "{}" }));\n  return new Response(null, { status: 204 });\n}\nexport default {\n  async fetch(request: Request, env: unknown, ctx: ExecutionContext) {\n    if (request.method === "POST") return view(request, env, ctx);\n    return new Response("");\n  },\n};\n`;
    expect(codes(waitUntil, C)).toEqual([]);
    const fromBody = `${base}async function remember(id: string) {\n  await fetch(\`\${TRACK}/customers/\${id}\`, { method: "PUT", body: "{}" });\n}\nexport default {\n  async fetch(request: Request) {\n    const url = new URL(request.url);\n    if (url.pathname === "/x") { remember(url.searchParams.get("id") ?? "").catch(() => {}); }\n    return new Response("");\n  },\n};\n`;
    expect(codes(fromBody, C)).toEqual([]);
    const nested = `${base}async function later(request: Request) {\n  await fetch(\`\${TRACK}/customers/1\`, { method: "PUT", body: "{}" });\n}\nexport default {\n  async fetch(request: Request) {\n    const jobs = [1].map(() => { return later(request); });\n    void jobs;\n    return new Response("");\n  },\n};\n`;
    expect(codes(nested, C)).toEqual([]);
  });
});

describe("superagent builder chains as Customer.io requests", () => {
  const host = `const TRACK = "https://track-eu.customer.io/api/v1";\n`;
  it("invalid: awaited superagent.post(url).auth(...).send(body) in a route blocks; the body's millisecond timestamp is seen", () => {
    const src = `import superagent from "superagent";\n${host}app.post("/trial", async (req, res) => {\n  await superagent\n    .post(\`\${TRACK}/customers/\${req.body.id}/events\`)\n    .auth(site, key)\n    .send({ name: "trial_started", timestamp: Date.now() });\n  res.json({});\n});\n`;
    expect(codes(src)).toEqual(["blocking_request_path@a.ts:4", "millisecond_timestamp@a.ts:7"]);
  });

  it("invalid: a required client under another name, .set() after .send(), and a PUT of attributes", () => {
    const src = `const http = require("superagent");\n${host}router.put("/me", async (req, res) => {\n  await http.put(\`\${TRACK}/customers/\${req.user.id}\`).send({ last_seen_at: new Date().getTime() }).set("Content-Type", "application/json");\n  res.end();\n});\n`;
    expect(codes(src, undefined, "a.js")).toEqual(["blocking_request_path@a.js:4", "millisecond_timestamp@a.js:4"]);
  });

  it("valid: a chain that is not awaited, .end(callback), another host, and one request counted once", () => {
    expect(codes(`import request from "superagent";\n${host}app.post("/x", async (req, res) => {\n  request.post(\`\${TRACK}/customers/1/events\`).send({ name: "a" }).catch(log);\n  res.end();\n});\n`)).toEqual([]);
    expect(codes(`import request from "superagent";\n${host}app.post("/x", (req, res) => {\n  request.post(\`\${TRACK}/customers/1/events\`).send({ name: "a" }).end(() => {});\n  res.end();\n});\n`)).toEqual([]);
    expect(codes(`import superagent from "superagent";\napp.post("/x", async (req, res) => {\n  await superagent.post("https://hooks.example.com/in").send({ at: Date.now() });\n  res.end();\n});\n`)).toEqual([]);
    // One chain in a loop is one request per iteration, reported once (no_rate_limiting), not once per builder call.
    const loop = `import superagent from "superagent";\n${host}export async function syncAll(ids: string[]) {\n  for (const id of ids) {\n    await superagent.put(\`\${TRACK}/customers/\${id}\`).set("x", "y").send({ plan: "pro" });\n  }\n}\n`;
    expect(codes(loop)).toEqual(["no_rate_limiting@a.ts:5"]);
  });
});
