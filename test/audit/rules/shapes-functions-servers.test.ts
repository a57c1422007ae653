/**
 * Serverless handlers (Azure Functions v4, Vercel functions) must finish
 * their Customer.io work before they return, so awaiting is right there and
 * a batch left queued is lost; long-running fetch servers (Bun.serve,
 * Deno.serve) keep the process, so awaiting before answering blocks.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const ANALYTICS = 'import { Analytics } from "@customerio/cdp-analytics-node";\nconst analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY! });\n';
const TRACK = 'import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\n';
const FLUSH = "pipelines_not_flushed";
const BLOCK = "blocking_request_path";

describe("Azure Functions v4", () => {
  it("invalid: a handler given by name or inline to app.http / app.timer queues a batch and returns", () => {
    const byName = `import { app } from "@azure/functions";\n${ANALYTICS}async function join(request) {\n  analytics.track({ userId: "1", event: "joined" });\n  return { status: 201 };\n}\napp.http("join", { methods: ["POST"], handler: join });\n`;
    expect(codes(byName, FLUSH)).toEqual([`${FLUSH}@a.ts:5`]);
    const inline = `import { app } from "@azure/functions";\n${ANALYTICS}app.timer("nightly", {\n  schedule: "0 0 * * *",\n  handler: async () => {\n    analytics.identify({ userId: "1", traits: {} });\n  },\n});\n`;
    expect(codes(inline, FLUSH)).toEqual([`${FLUSH}@a.ts:7`]);
  });

  it("valid: flushed before returning; awaiting the Track API there is not blocking; app.http of another module", () => {
    const flushed = `import { app } from "@azure/functions";\n${ANALYTICS}app.http("join", {\n  handler: async () => {\n    analytics.track({ userId: "1", event: "joined" });\n    await analytics.flush();\n    return { status: 201 };\n  },\n});\n`;
    expect(codes(flushed, FLUSH)).toEqual([]);
    const awaited = `import { app } from "@azure/functions";\n${TRACK}app.http("join", {\n  handler: async () => {\n    await cio.track("1", { name: "joined" });\n    return { status: 201 };\n  },\n});\n`;
    expect(codes(awaited, BLOCK)).toEqual([]);
    const other = `import { app } from "./router";\n${ANALYTICS}app.http("join", {\n  handler: async () => {\n    analytics.track({ userId: "1", event: "joined" });\n    return { status: 201 };\n  },\n});\n`;
    expect(codes(other, FLUSH)).toEqual([]);
  });
});

describe("Vercel functions", () => {
  it("invalid: the default export of a module importing @vercel/node, or one with an edge runtime config, anywhere in the tree", () => {
    const node = `import type { VercelRequest, VercelResponse } from "@vercel/node";\n${ANALYTICS}export default async function handler(req: VercelRequest, res: VercelResponse) {\n  analytics.track({ userId: "1", event: "x" });\n  res.status(200).end();\n}\n`;
    expect(codes({ "web/api/x.ts": node }, FLUSH)).toEqual([`${FLUSH}@web/api/x.ts:5`]);
    const edge = `export const config = { runtime: "edge" };\n${ANALYTICS}async function handler(req: Request) {\n  analytics.track({ userId: "1", event: "x" });\n  return new Response("");\n}\nexport default handler;\n`;
    expect(codes({ "site/api/y.ts": edge }, FLUSH)).toEqual([`${FLUSH}@site/api/y.ts:5`]);
  });

  it("valid: awaiting the Track API in a Vercel function; a default export in a module with a config that is not a runtime", () => {
    const awaited = `import type { VercelRequest, VercelResponse } from "@vercel/node";\n${TRACK}export default async function handler(req: VercelRequest, res: VercelResponse) {\n  await cio.track("1", { name: "x" });\n  res.status(200).end();\n}\n`;
    expect(codes({ "web/api/x.ts": awaited }, BLOCK)).toEqual([]);
    const config = `export const config = { retries: 3 };\n${ANALYTICS}export default async function run(job: { id: string }) {\n  analytics.track({ userId: job.id, event: "x" });\n}\n`;
    expect(codes({ "jobs/run.ts": config }, FLUSH)).toEqual([]);
  });
});

describe("Bun.serve and Deno.serve", () => {
  it("invalid: awaiting the Track API in Bun.serve's fetch and in Deno.serve handlers before answering", () => {
    const bun = `${TRACK}Bun.serve({\n  port: 3000,\n  async fetch(req) {\n    await cio.track("1", { name: "hit" });\n    return new Response("ok");\n  },\n});\n`;
    expect(codes(bun, BLOCK)).toEqual([`${BLOCK}@a.ts:6`]);
    const deno = `${TRACK}Deno.serve(async (req) => {\n  await cio.identify("1", {});\n  return new Response("ok");\n});\nDeno.serve({ port: 1 }, async (req) => {\n  await cio.identify("2", {});\n  return new Response("ok");\n});\nasync function handle(req: Request) {\n  await cio.identify("3", {});\n  return new Response("ok");\n}\nDeno.serve({ handler: handle });\n`;
    expect(codes(deno, BLOCK)).toEqual([`${BLOCK}@a.ts:4`, `${BLOCK}@a.ts:8`, `${BLOCK}@a.ts:12`]);
  });

  it("valid: fire-and-forget in Bun.serve; a local object named Bun; a batch in a long-running server is flushed by its own interval", () => {
    const later = `${TRACK}Bun.serve({\n  fetch(req) {\n    cio.track("1", { name: "hit" }).catch(() => {});\n    return new Response("ok");\n  },\n});\n`;
    expect(codes(later, BLOCK)).toEqual([]);
    const local = `${TRACK}const Bun = { serve(o: { fetch: () => Promise<void> }) { return o; } };\nBun.serve({\n  async fetch() {\n    await cio.track("1", { name: "hit" });\n  },\n});\n`;
    expect(codes(local, BLOCK)).toEqual([]);
    const batch = `${ANALYTICS}Bun.serve({\n  fetch(req) {\n    analytics.track({ userId: "1", event: "hit" });\n    return new Response("ok");\n  },\n});\n`;
    expect(codes(batch, FLUSH)).toEqual([]);
  });
});
