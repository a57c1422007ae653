import { describe, expect, it } from "vitest";
import { codes, findingsOf, SDK } from "./helpers.js";

const C = "blocking_request_path";

describe("blocking_request_path", () => {
  it("invalid: awaited in Express, Next route handlers, server actions, Nest controllers, GraphQL mutations and Workers", () => {
    expect(codes(`${SDK}import express from "express";\nconst r = express.Router();\nr.post("/x", async (req, res) => { await cio.identify("1", {}); res.end(); });\n`, C)).toEqual([`${C}@a.ts:5`]);
    expect(codes({ "app/api/x/route.ts": `${SDK}export async function POST() {\n  await cio.track("1", { name: "a" });\n  return Response.json({});\n}\n` }, C)).toEqual([`${C}@app/api/x/route.ts:4`]);
    expect(codes({ "actions.ts": `"use server";\n${SDK}export async function save() {\n  await cio.track("1", { name: "a" });\n}\n` }, C)).toEqual([`${C}@actions.ts:5`]);
    expect(codes(`${SDK}class C {\n  @Post()\n  async create() { await cio.identify("1", {}); }\n}\n`, C)).toEqual([`${C}@a.ts:5`]);
    expect(codes(`${SDK}export const Mutation = {\n  async signUp() { await cio.identify("1", {}); return true; },\n};\n`, C)).toEqual([`${C}@a.ts:4`]);
    expect(codes(`const B = "https://track.customer.io/api/v1";\nexport default {\n  async fetch(req, env) {\n    await fetch(\`\${B}/customers/1\`, { method: "PUT", body: "{}" });\n    return new Response("ok");\n  },\n};\n`, C)).toEqual([`${C}@a.ts:4`]);
  });

  it("invalid: through the project's helpers, with the via chain", () => {
    const files = {
      "services/cio.ts": `${SDK}export async function identifyUser(id: string) {\n  await cio.identify(id, { plan: "x" });\n}\n`,
      "routes/auth.ts": `import { Router } from "express";\nimport { identifyUser } from "../services/cio";\nconst router = Router();\nrouter.post("/signup", async (req, res) => {\n  await identifyUser(req.body.id);\n  res.json({});\n});\n`,
    };
    const [f] = findingsOf(files, C);
    expect(`${f!.file}:${f!.line}`).toBe("routes/auth.ts:5");
    expect(f!.via).toEqual([
      { file: "routes/auth.ts", line: 5, name: "identifyUser" },
      { file: "services/cio.ts", line: 4, name: "cio.identify" },
    ]);
  });

  it("valid: fire-and-forget, after the response, waitUntil/after, reads, Lambda and Firebase handlers", () => {
    expect(codes(`${SDK}app.post("/x", async (req, res) => { cio.track("1", { name: "a" }).catch(() => {}); res.end(); });\n`, C)).toEqual([]);
    expect(codes(`${SDK}app.post("/x", async (req, res) => {\n  res.sendStatus(202);\n  await cio.track("1", { name: "a" });\n});\n`, C)).toEqual([]);
    expect(codes(`${SDK}export default { async fetch(req, env, ctx) { ctx.waitUntil(cio.track("1", { name: "a" })); return new Response(""); } };\n`, C)).toEqual([]);
    expect(codes(`${SDK}const api = new APIClient(process.env.CIO_APP_API_KEY);\napp.get("/x", async (req, res) => { res.json(await api.getCustomersByEmail("a@b.c")); });\n`, C)).toEqual([]);
    expect(codes({ "handler.ts": `import type { Handler } from "aws-lambda";\n${SDK}export const handler: Handler = async () => { await cio.identify("1", {}); return {}; };\n` }, C)).toEqual([]);
    expect(codes(`import { onRequest } from "firebase-functions/v2/https";\n${SDK}export const f = onRequest(async (req, res) => { await cio.identify("1", {}); res.end(); });\n`, C)).toEqual([]);
    // A helper that fires and forgets does not make its caller wait.
    const files = {
      "lib.ts": `${SDK}export function later(id) { cio.track(id, { name: "a" }).catch(() => {}); }\n`,
      "route.ts": `import { later } from "./lib";\napp.post("/x", async (req, res) => { await later("1"); res.end(); });\n`,
    };
    expect(codes(files, C)).toEqual([]);
  });
});

describe("blocking_request_path: handlers given by reference and other request shapes", () => {
  const helper = `${SDK}export async function track(id) { await cio.track(id, { name: "x" }); }\n`;
  it("invalid: a controller method or an imported handler passed to the router; tRPC mutations; Remix actions", () => {
    const files = {
      "lib.ts": helper,
      "controllers/auth.ts": `import { track } from "../lib";\nexport const authController = {\n  async signup(req, res) {\n    await track(req.body.id);\n    res.json({});\n  },\n};\nexport async function login(req, res) {\n  await track(req.body.id);\n  res.end();\n}\n`,
      "routes.ts": `import { Router } from "express";\nimport { authController, login } from "./controllers/auth";\nconst router = Router();\nrouter.post("/signup", authController.signup);\nrouter.post("/login", login);\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@controllers/auth.ts:4`, `${C}@controllers/auth.ts:9`]);
    expect(codes({ "lib.ts": helper, "trpc.ts": `import { track } from "./lib";\nexport const r = { signUp: publicProcedure.input(schema).mutation(async ({ input }) => {\n  await track(input.id);\n  return true;\n}) };\n` }, C)).toEqual([`${C}@trpc.ts:3`]);
    expect(codes({ "lib.ts": helper, "app/routes/signup.tsx": `import { track } from "../../lib";\nexport async function action({ request }) {\n  await track("1");\n  return null;\n}\n` }, C)).toEqual([`${C}@app/routes/signup.tsx:3`]);
  });
});

describe("blocking_request_path: delegated and wrapped handlers", () => {
  const helper = `${SDK}export async function track(id) { await cio.track(id, { name: "x" }); }\n`;
  it("invalid: a handler that hands req/res to a controller method; bound methods; export default wrapper(handler)", () => {
    const ctl = `import { track } from "./lib";\nexport class UserController {\n  async create(req, res) {\n    await track(req.body.id);\n    res.json({});\n  }\n}\nexport const users = new UserController();\n`;
    expect(codes({ "lib.ts": helper, "ctl.ts": ctl, "r.ts": `import { users } from "./ctl";\nrouter.post("/u", (req, res) => users.create(req, res));\n` }, C)).toEqual([`${C}@ctl.ts:4`]);
    expect(codes({ "lib.ts": helper, "ctl.ts": ctl, "r.ts": `import { users } from "./ctl";\nrouter.post("/u", users.create.bind(users));\n` }, C)).toEqual([`${C}@ctl.ts:4`]);
    expect(codes({ "lib.ts": helper, "pages/api/x.ts": `import { track } from "../../lib";\nasync function handler(req, res) {\n  await track("1");\n  res.end();\n}\nexport default withAuth(handler);\n` }, C)).toEqual([`${C}@pages/api/x.ts:3`]);
  });
  it("valid: a handler passing other values to a helper does not make it a handler", () => {
    const lib2 = `${SDK}export async function later(id) { await cio.track(id, { name: "x" }); }\nexport async function job(id) { await later(id); }\n`;
    expect(codes({ "lib.ts": lib2, "r.ts": `import { job } from "./lib";\nrouter.post("/u", (req, res) => { job(req.body.id).catch(() => {}); res.end(); });\n` }, C)).toEqual([]);
  });
});

describe("blocking_request_path: responses sent in a then() callback", () => {
  it("invalid: the response is sent only when the Customer.io call resolves", () => {
    expect(codes(`${SDK}router.post("/x", (req, res) => {\n  cio.identify("1", {}).then(() => res.json({ ok: true }));\n});\n`, C)).toEqual([`${C}@a.ts:4`]);
  });
  it("valid: then() that only logs, response sent right away", () => {
    expect(codes(`${SDK}router.post("/x", (req, res) => {\n  cio.identify("1", {}).then(() => log("ok"));\n  res.json({});\n});\n`, C)).toEqual([]);
  });
});

describe("blocking_request_path: handler modules", () => {
  it("invalid: exported functions of a handlers/ directory registered on an Express router are request paths", () => {
    const files = {
      "lib.ts": `${SDK}export async function track(id) { await cio.track(id, { name: "x" }); }\n`,
      "handlers/users.ts": `import { track } from "../lib";\nexport async function createUser(req, res) {\n  await track(req.body.id);\n  res.json({});\n}\n`,
      "app.ts": `import express from "express";\nimport { createUser } from "./handlers/users";\nconst app = express();\napp.post("/users", createUser);\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@handlers/users.ts:3`]);
  });
});

describe("blocking_request_path: service-worker style Workers", () => {
  it("invalid: the fetch listener hands the request to a function that awaits Customer.io before responding", () => {
    const src = `const B = "https://track.customer.io/api/v1";\naddEventListener("fetch", (event) => event.respondWith(handle(event.request)));\nasync function handle(request) {\n  await fetch(\`\${B}/customers/1\`, { method: "PUT", body: "{}" });\n  return new Response("ok");\n}\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:4`]);
  });
});

describe("blocking_request_path: delegation needs the response", () => {
  it("a helper given only the request is not a handler: the finding stays at the handler's await", () => {
    const files = {
      "lib.ts": `${SDK}export async function remember(req) {\n  await cio.identify(req.body.id, {});\n}\n`,
      "r.ts": `import { remember } from "./lib";\nrouter.post("/x", async (req, res) => {\n  await remember(req);\n  res.end();\n});\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@r.ts:3`]);
  });
});

describe("blocking_request_path: a route handler that returns a helper's answer", () => {
  it("invalid: export async function POST(req) { return handleSignup(req) } — the helper produces the response", () => {
    const files = {
      "lib.ts": `${SDK}export async function handleSignup(req) {\n  const body = await req.json();\n  await cio.identify(body.id, {});\n  return Response.json({ ok: true });\n}\n`,
      "app/api/signup/route.ts": `import { handleSignup } from "../../../lib";\nexport async function POST(req) {\n  return handleSignup(req);\n}\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@lib.ts:5`]);
  });
});
