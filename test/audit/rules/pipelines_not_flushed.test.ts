import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const C = "pipelines_not_flushed";
const IMP = 'import { Analytics } from "@customerio/cdp-analytics-node";\nconst analytics = new Analytics({ writeKey: process.env.K });\n';

describe("pipelines_not_flushed", () => {
  it("invalid: a Lambda handler, a Firebase function and a Worker that queue events and return", () => {
    expect(codes({ "functions/a.ts": `${IMP}export const handler = async (event) => {\n  analytics.track({ userId: "1", event: "Signed Up" });\n  return { statusCode: 200 };\n};\n` }, C)).toEqual([`${C}@functions/a.ts:4`]);
    expect(codes(`import { onRequest } from "firebase-functions/v2/https";\n${IMP}export const f = onRequest((req, res) => { analytics.identify({ userId: "1" }); res.end(); });\n`, C)).toEqual([`${C}@a.ts:4`]);
    expect(codes(`${IMP}export default { async fetch(req) { analytics.track({ userId: "1", event: "X" }); return new Response(""); } };\n`, C)).toEqual([`${C}@a.ts:3`]);
  });
  it("valid: flushed or closed before returning, or a long-running server", () => {
    expect(codes({ "functions/a.ts": `${IMP}export const handler = async () => {\n  analytics.track({ userId: "1", event: "X" });\n  await analytics.closeAndFlush();\n  return {};\n};\n` }, C)).toEqual([]);
    expect(codes(`${IMP}app.post("/e", (req, res) => { analytics.track({ userId: "1", event: "X" }); res.end(); });\n`, C)).toEqual([]);
  });
});

describe("pipelines_not_flushed through helpers", () => {
  const lib = `${IMP}export function trackSignup(id) { analytics.track({ userId: id, event: "Signed Up" }); }\nexport async function flushAll() { await analytics.closeAndFlush(); }\n`;
  it("invalid: the handler reaches the batching client through a helper and never flushes", () => {
    const f = { "lib/analytics.ts": lib, "functions/signup.ts": `import { trackSignup } from "../lib/analytics";\nexport const handler = async (event) => {\n  trackSignup(event.id);\n  return { statusCode: 201 };\n};\n` };
    expect(codes(f, C)).toEqual([`${C}@functions/signup.ts:3`]);
  });
  it("valid: the handler flushes through a helper", () => {
    const f = { "lib/analytics.ts": lib, "functions/signup.ts": `import { trackSignup, flushAll } from "../lib/analytics";\nexport const handler = async (event) => {\n  trackSignup(event.id);\n  await flushAll();\n  return { statusCode: 201 };\n};\n` };
    expect(codes(f, C)).toEqual([]);
  });
});

describe("pipelines_not_flushed in platform-serverless request paths", () => {
  it("invalid: a Next.js route handler or Pages API route that queues and returns", () => {
    expect(codes({ "app/api/e/route.ts": `${IMP}export async function POST(req) {\n  analytics.track({ userId: "1", event: "X" });\n  return Response.json({});\n}\n` }, C)).toEqual([`${C}@app/api/e/route.ts:4`]);
    expect(codes({ "pages/api/e.ts": `${IMP}export default async function handler(req, res) {\n  analytics.track({ userId: "1", event: "X" });\n  res.end();\n}\n` }, C)).toEqual([`${C}@pages/api/e.ts:4`]);
  });
  it("valid: flushed in after(), or an Express server", () => {
    expect(codes({ "app/api/e/route.ts": `${IMP}export async function POST(req) {\n  analytics.track({ userId: "1", event: "X" });\n  after(() => analytics.flush());\n  return Response.json({});\n}\n` }, C)).toEqual([]);
  });
});

describe("pipelines_not_flushed in Google Cloud Functions", () => {
  const gcf = 'import * as ff from "@google-cloud/functions-framework";\n';
  it("invalid: functions-framework http() and cloudEvent() handlers (namespace or named import) that queue and return", () => {
    expect(codes(`${gcf}${IMP}ff.http("hook", (req, res) => {\n  analytics.track({ userId: req.body.id, event: "hook_received" });\n  res.sendStatus(204);\n});\n`, C)).toEqual([`${C}@a.ts:5`]);
    expect(codes(`import { cloudEvent } from "@google-cloud/functions-framework";\n${IMP}cloudEvent("onUpload", async (ev) => {\n  analytics.identify({ userId: String(ev.subject) });\n});\n`, C)).toEqual([`${C}@a.ts:5`]);
  });
  it("valid: flushed before answering; an http() of some other module", () => {
    expect(codes(`${gcf}${IMP}ff.http("hook", async (req, res) => {\n  analytics.track({ userId: req.body.id, event: "hook_received" });\n  await analytics.closeAndFlush();\n  res.sendStatus(204);\n});\n`, C)).toEqual([]);
    expect(codes(`import * as ff from "./framework";\n${IMP}ff.http("hook", (req, res) => {\n  analytics.track({ userId: "1", event: "x" });\n  res.end();\n});\n`, C)).toEqual([]);
  });
});
