import { describe, expect, it } from "vitest";
import { codes, findingsOf, SDK } from "./helpers.js";

const C = "no_rate_limiting";

describe("no_rate_limiting", () => {
  it("invalid: awaited per iteration, Promise.all(map), forEach, collected promises", () => {
    expect(codes(`${SDK}export async function f(users) {\n  for (const u of users) await cio.identify(u.id, {});\n}\n`, C)).toEqual([`${C}@a.ts:4`]);
    expect(codes(`${SDK}export async function f(users) {\n  await Promise.all(users.map((u) => cio.identify(u.id, {})));\n}\n`, C)).toEqual([`${C}@a.ts:4`]);
    expect(codes(`${SDK}export function f(ids) {\n  ids.forEach((id) => cio.destroy(id));\n}\n`, C)).toEqual([`${C}@a.ts:4`]);
    expect(codes(`${SDK}export async function f(rows) {\n  const p = [];\n  for (const r of rows) p.push(cio.track(r.id, { name: "x" }));\n  await Promise.all(p);\n}\n`, C)).toEqual([`${C}@a.ts:5`]);
  });

  it("invalid: a helper called per item, with via", () => {
    const files = {
      "sync.js": `${SDK}export const syncUser = (u) => cio.identify(u.id, {});\n`,
      "job.js": `import { syncUser } from "./sync.js";\nexport async function all(users) {\n  await Promise.all(users.map((u) => syncUser(u)));\n}\n`,
    };
    const [f] = findingsOf(files, C);
    expect(`${f!.file}:${f!.line}`).toBe("job.js:3");
    expect(f!.via?.map((s) => s.file)).toEqual(["job.js", "sync.js"]);
  });

  it("valid: p-limit, Bottleneck, pauses, batches, literal lists, batching clients", () => {
    expect(codes(`${SDK}import pLimit from "p-limit";\nconst limit = pLimit(5);\nexport async function f(users) { await Promise.all(users.map((u) => limit(() => cio.identify(u.id, {})))); }\n`, C)).toEqual([]);
    expect(codes(`${SDK}export async function f(users) { for (const u of users) await limiter.schedule(() => cio.identify(u.id, {})); }\n`, C)).toEqual([]);
    expect(codes(`${SDK}export async function f(users) { for (const u of users) { await cio.identify(u.id, {}); await sleep(20); } }\n`, C)).toEqual([]);
    expect(codes(`${SDK}export async function f(users) {\n  for (let i = 0; i < users.length; i += 50) {\n    await Promise.all(users.slice(i, i + 50).map((u) => cio.identify(u.id, {})));\n    await new Promise((r) => setTimeout(r, 1000));\n  }\n}\n`, C)).toEqual([]);
    expect(codes(`${SDK}const ADMINS = ["a", "b"];\nexport async function f() { for (const id of ADMINS) await cio.identify(id, {}); }\n`, C)).toEqual([]);
    expect(codes(`import { Analytics } from "@customerio/cdp-analytics-node";\nconst a = new Analytics({ writeKey: "k" });\nexport function f(users) { users.forEach((u) => a.identify({ userId: u.id })); }\n`, C)).toEqual([]);
    expect(codes(`export async function f(urls) { await Promise.all(urls.map((u) => fetch(u))); }\n`, C)).toEqual([]);
  });
});
