/**
 * Route modules and procedures (Remix / React Router loader and action,
 * Astro endpoint exports, tRPC procedures) are request handlers of the
 * server; platform functions (Netlify's default export, Firebase onCall,
 * a Lambda handler) stay serverless: awaiting is required there, and a
 * batch left queued is lost.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const CIO = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!);\n`;
const ANALYTICS = `import { Analytics } from "@customerio/cdp-analytics-node";\nconst analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY! });\n`;
const B = "blocking_request_path";
const F = "pipelines_not_flushed";

describe("route modules and procedures", () => {
  it("invalid: a Remix action and loader in app/routes await the client", () => {
    const src = `${CIO}export async function action({ request }: any) {\n  await cio.track("u", { name: "saved" });\n  return null;\n}\nexport const loader = async () => {\n  await cio.track("u", { name: "viewed" });\n  return null;\n};\n`;
    expect(codes(src, B, "app/routes/settings.tsx")).toEqual([`${B}@app/routes/settings.tsx:4`, `${B}@app/routes/settings.tsx:8`]);
  });

  it("valid: a function called action outside a route module (a job step)", () => {
    const src = `${CIO}export async function action(id: string) {\n  await cio.track(id, { name: "step" });\n}\n`;
    expect(codes(src, B, "src/jobs/steps.ts")).toEqual([]);
  });

  it("invalid: an Astro endpoint export and a tRPC query procedure", () => {
    const astro = `${CIO}import type { APIRoute } from "astro";\nexport const POST: APIRoute = async ({ request }) => {\n  await cio.track("u", { name: "subscribed" });\n  return new Response(null, { status: 204 });\n};\n`;
    expect(codes(astro, B, "src/pages/subscribe.ts")).toEqual([`${B}@src/pages/subscribe.ts:5`]);
    const trpc = `${CIO}import { initTRPC } from "@trpc/server";\nconst t = initTRPC.create();\nexport const r = t.router({ me: t.procedure.query(async () => {\n  await cio.track("u", { name: "me" });\n  return 1;\n}) });\n`;
    expect(codes(trpc, B, "src/trpc.ts")).toEqual([`${B}@src/trpc.ts:6`]);
  });
});

describe("platform functions stay serverless", () => {
  it("valid for blocking, invalid for an unflushed batch: Netlify's default export (v2) in netlify/functions", () => {
    const awaits = `${CIO}export default async (req: Request) => {\n  await cio.track("u", { name: "x" });\n  return new Response("ok");\n};\n`;
    expect(codes(awaits, B, "netlify/functions/signup.ts")).toEqual([]);
    const queues = `${ANALYTICS}import type { Context } from "@netlify/functions";\nexport default async (req: Request, context: Context) => {\n  analytics.track({ userId: "u", event: "x" });\n  return new Response("ok");\n};\n`;
    expect(codes(queues, F, "netlify/functions/signup.ts")).toEqual([`${F}@netlify/functions/signup.ts:5`]);
  });

  it("valid for blocking: Firebase onCall and a Lambda handler await the client", () => {
    const fb = `${CIO}import { onCall } from "firebase-functions/v2/https";\nexport const join = onCall(async (request) => {\n  await cio.track(request.auth!.uid, { name: "joined" });\n  return { ok: true };\n});\n`;
    expect(codes(fb, B, "functions/src/index.ts")).toEqual([]);
    const lambda = `${CIO}export const handler = async (event: any) => {\n  await cio.track(event.id, { name: "x" });\n  return { statusCode: 200 };\n};\n`;
    expect(codes(lambda, B, "src/handlers/x.ts")).toEqual([]);
  });

  it("valid: a default export of a module outside netlify/ with a (req, context) signature is no Netlify function", () => {
    const src = `${ANALYTICS}export default async (req: Request, context: unknown) => {\n  analytics.track({ userId: "u", event: "x" });\n};\n`;
    expect(codes(src, F, "src/lib/track.ts")).toEqual([]);
  });
});
