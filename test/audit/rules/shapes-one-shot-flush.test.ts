/**
 * pipelines_not_flushed in one-shot scripts: the process ends when the
 * script is done (often through process.exit), so a batch still queued is
 * dropped unless the script flushes or closes the client.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const C = "pipelines_not_flushed";
const ANALYTICS = 'import { Analytics } from "@customerio/cdp-analytics-node";\nconst analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY! });\n';

describe("pipelines_not_flushed in scripts", () => {
  it("invalid: a script under scripts/ or with a shebang queues events and exits (reported once, at the first call)", () => {
    const script = `${ANALYTICS}async function main() {\n  analytics.track({ userId: "system", event: "started" });\n  for (const id of ["a", "b"]) analytics.identify({ userId: id, traits: {} });\n  process.exit(0);\n}\nmain();\n`;
    expect(codes({ "scripts/backfill.ts": script }, C)).toEqual([`${C}@scripts/backfill.ts:4`]);
    expect(codes({ "tools/run.ts": `#!/usr/bin/env node\n${ANALYTICS}analytics.track({ userId: "1", event: "x" });\n` }, C)).toEqual([`${C}@tools/run.ts:4`]);
  });

  it("valid: the script flushes in a finally, in main().finally(), or through an imported shutdown helper", () => {
    const fin = `${ANALYTICS}async function main() {\n  try {\n    analytics.track({ userId: "1", event: "x" });\n  } finally {\n    await analytics.closeAndFlush();\n  }\n}\nmain();\n`;
    expect(codes({ "scripts/a.ts": fin }, C)).toEqual([]);
    const chained = `${ANALYTICS}async function main() {\n  analytics.track({ userId: "1", event: "x" });\n}\nmain().finally(() => analytics.flush());\n`;
    expect(codes({ "scripts/b.ts": chained }, C)).toEqual([]);
    const files = {
      "lib/cdp.ts": `${ANALYTICS}export { analytics };\nexport async function shutdown() {\n  await analytics.closeAndFlush();\n}\n`,
      "scripts/c.ts": `import { analytics, shutdown } from "../lib/cdp";\nasync function main() {\n  analytics.track({ userId: "1", event: "x" });\n  await shutdown();\n}\nmain();\n`,
    };
    expect(codes(files, C)).toEqual([]);
  });

  it("valid: the same code outside a one-shot directory is a long-running process's business", () => {
    const code = `${ANALYTICS}export function record() {\n  analytics.track({ userId: "1", event: "x" });\n}\n`;
    expect(codes({ "src/record.ts": code }, C)).toEqual([]);
  });
});
