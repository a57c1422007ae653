/**
 * Generic request helpers: send(method, path, body) → fetch(`${BASE}${path}`,
 * { method, body: JSON.stringify(body) }). Their callers say which Track API
 * request it is, so event names and timestamps are checked where the caller
 * (or the caller's caller) writes them.
 */
import { describe, expect, it } from "vitest";
import { codes, findingsOf } from "./helpers.js";

const HTTP = `const BASE = "https://track.customer.io/api/v1";\nasync function send(method: string, path: string, body: unknown) {\n  await fetch(\`\${BASE}\${path}\`, { method, headers: { Authorization: auth() }, body: JSON.stringify(body) });\n}\nexport function identify(id: string, attrs: Record<string, unknown>) {\n  return send("PUT", \`/customers/\${encodeURIComponent(id)}\`, attrs);\n}\nexport function event(id: string, name: string, data: Record<string, unknown> = {}) {\n  return send("POST", \`/customers/\${encodeURIComponent(id)}/events\`, { name, data });\n}\n`;

describe("request helpers", () => {
  it("invalid: milliseconds in event data and attributes given to the wrappers in another file (with via)", () => {
    const files = {
      "lib/track.ts": HTTP,
      "jobs/digest.ts": `import { event, identify } from "../lib/track";\nexport async function digest(ids: string[]) {\n  for (const id of ids) {\n    await event(id, "digest_ready", { sent_at: Date.now() });\n    await identify(id, { seen_at: new Date().getTime() });\n  }\n}\n`,
    };
    const found = findingsOf(files, "millisecond_timestamp");
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(["jobs/digest.ts:4", "jobs/digest.ts:5"]);
    expect(found[0]!.via?.map((v) => v.file)).toEqual(["jobs/digest.ts", "lib/track.ts", "lib/track.ts"]);
  });

  it("invalid: an event name spelled two ways through the wrapper; a dynamic name given to send() itself", () => {
    const files = {
      "lib/track.ts": HTTP,
      "a.ts": `import { event } from "./lib/track";\nexport const a = (id: string) => event(id, "Order Placed");\nexport const b = (id: string) => event(id, "order_placed");\n`,
    };
    expect(codes(files, "event_name_inconsistent")).toEqual(["event_name_inconsistent@a.ts:2"]);
    const direct = `${HTTP}export const c = (id: string, kind: string) => send("POST", \`/customers/\${id}/events\`, { name: \`did_\${kind}\` });\n`;
    expect(codes({ "lib/track.ts": direct }, "dynamic_event_name")).toEqual(["dynamic_event_name@lib/track.ts:11"]);
  });

  it("valid: seconds; a GET or another path through the same helper; a path the caller does not fix", () => {
    const files = {
      "lib/track.ts": HTTP,
      "ok.ts": `import { event } from "./lib/track";\nexport const ok = (id: string) => event(id, "digest_ready", { sent_at: Math.floor(Date.now() / 1000) });\n`,
    };
    expect(codes(files, "millisecond_timestamp")).toEqual([]);
    const other = `${HTTP}export const d = (id: string) => send("DELETE", \`/customers/\${id}\`, { at: Date.now() });\nexport const e = (p: string) => send("POST", p, { name: \`x_\${p}\`, data: { at: Date.now() } });\n`;
    expect(codes({ "lib/track.ts": other }, "millisecond_timestamp")).toEqual([]);
    expect(codes({ "lib/track.ts": other }, "dynamic_event_name")).toEqual([]);
  });
});
