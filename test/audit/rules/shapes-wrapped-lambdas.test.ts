/**
 * Lambda handlers exported through a wrapper (middy(fn).use(…),
 * exports.handler = withSentry(fn)): the wrapped function is the handler,
 * frozen once it returns, so a batching client it fills must be flushed.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const ANALYTICS = `import { Analytics } from "@customerio/cdp-analytics-node";\nexport const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY! });\n`;
const C = "pipelines_not_flushed";

describe("wrapped Lambda handlers", () => {
  it("invalid: middy(named).use(...) exported as handler, the named function queues and returns", () => {
    const files = {
      "src/lib/analytics.ts": ANALYTICS,
      "src/handlers/pay.ts": `import middy from "@middy/core";\nimport { analytics } from "../lib/analytics";\nconst pay = async (event: { body: { id: string } }) => {\n  analytics.track({ userId: event.body.id, event: "paid" });\n  return { statusCode: 200 };\n};\nexport const handler = middy(pay).use(a()).use(b());\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@src/handlers/pay.ts:4`]);
  });

  it("invalid: CommonJS exports.handler = wrap(fn) with no Lambda import", () => {
    const files = {
      "lib/analytics.js": `const { Analytics } = require("@customerio/cdp-analytics-node");\nexports.analytics = new Analytics({ writeKey: process.env.K });\n`,
      "fn/pay.js": `const { analytics } = require("../lib/analytics");\nasync function pay(event) {\n  analytics.track({ userId: event.id, event: "paid" });\n  return { statusCode: 200 };\n}\nexports.handler = withSentry(pay);\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@fn/pay.js:3`]);
  });

  it("valid: the wrapped handler flushes; an export not named handler in a module with no Lambda import", () => {
    const files = {
      "src/lib/analytics.ts": ANALYTICS,
      "src/handlers/pay.ts": `import middy from "@middy/core";\nimport { analytics } from "../lib/analytics";\nconst pay = async (event: { body: { id: string } }) => {\n  analytics.track({ userId: event.body.id, event: "paid" });\n  await analytics.flush();\n  return { statusCode: 200 };\n};\nexport const handler = middy(pay).use(a());\n`,
      "src/workers/consume.ts": `import { analytics } from "../lib/analytics";\nconst consume = async (job: { id: string }) => {\n  analytics.track({ userId: job.id, event: "consumed" });\n};\nexport const worker = createWorker(consume);\n`,
    };
    expect(codes(files, C)).toEqual([]);
  });

  it("stays bounded: a 600-link middleware chain (followed 32 links, so the wrapper is not reached)", () => {
    const chain = ".use(m())".repeat(600);
    const files = {
      "src/lib/analytics.ts": ANALYTICS,
      "src/h.ts": `import middy from "@middy/core";\nimport { analytics } from "./lib/analytics";\nconst h = async (e: { id: string }) => { analytics.track({ userId: e.id, event: "x" }); };\nexport const handler = middy(h)${chain};\n`,
    };
    const t0 = Date.now();
    expect(codes(files, C)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
