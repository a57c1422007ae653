/**
 * track_before_identify through the project's helpers: identify helpers that
 * take the whole person and read its id, and raw Track API helpers (POST
 * /customers/{id}/events, PUT /customers/{id}). The finding lands on the
 * caller's track call, with its via chain.
 */
import { describe, expect, it } from "vitest";
import { findingsOf, codes, SDK } from "./helpers.js";

const C = "track_before_identify";

describe("track_before_identify: an identify helper that takes the person object", () => {
  const lib = `${SDK}export async function identifyMember(member, org) {\n  await cio.identify(member.id, { org: org?.id });\n}\nexport function sendEvent(id, name) {\n  return cio.track(id, { name });\n}\n`;
  it("invalid: sendEvent(m.id) runs before identifyMember(m): both are about m.id", () => {
    const files = { "lib.ts": lib, "r.ts": `import { identifyMember, sendEvent } from "./lib";\nexport async function join(m, org) {\n  sendEvent(m.id, "joined").catch(() => {});\n  identifyMember(m, org).catch(() => {});\n}\n` };
    const [f, ...rest] = findingsOf(files, C);
    expect(rest).toEqual([]);
    expect(`${f!.file}:${f!.line}`).toBe("r.ts:3");
    expect(f!.via?.map((v) => v.file)).toEqual(["r.ts", "lib.ts"]);
  });
  it("invalid: the person comes from a call (const m = requireMember(ctx))", () => {
    const files = { "lib.ts": lib, "r.ts": `import { identifyMember, sendEvent } from "./lib";
export async function join(ctx, org) {
  const m = requireMember(ctx);
  sendEvent(m.id, "joined").catch(() => {});
  identifyMember(m, org).catch(() => {});
}
` };
    expect(codes(files, C)).toEqual([`${C}@r.ts:4`]);
  });
  it("valid: identified first; another person's id; the id of a different field", () => {
    const run = (body: string) => codes({ "lib.ts": lib, "r.ts": `import { identifyMember, sendEvent } from "./lib";\nexport async function join(m, other, org) {\n${body}}\n` }, C);
    expect(run(`  await identifyMember(m, org);\n  await sendEvent(m.id, "joined");\n`)).toEqual([]);
    expect(run(`  await sendEvent(other.id, "joined");\n  await identifyMember(m, org);\n`)).toEqual([]);
    expect(run(`  await sendEvent(m.orgId, "joined");\n  await identifyMember(m, org);\n`)).toEqual([]);
  });
});

describe("track_before_identify: raw Track API helpers", () => {
  const lib = `const BASE = "https://track.customer.io/api/v1";\nexport async function putPerson(id: string, attrs: object) {\n  await fetch(\`\${BASE}/customers/\${encodeURIComponent(id)}\`, { method: "PUT", body: JSON.stringify(attrs) });\n}\nexport async function postEvent(id: string, name: string) {\n  await fetch(\`\${BASE}/customers/\${encodeURIComponent(id)}/events\`, { method: "POST", body: JSON.stringify({ name }) });\n}\n`;
  it("invalid: the event helper runs before the attributes helper for the same id, at the caller with via", () => {
    const files = { "lib/http.ts": lib, "functions/join.ts": `import { postEvent, putPerson } from "../lib/http";\nexport const handler = async (event) => {\n  const body = JSON.parse(event.body);\n  await postEvent(body.id, "joined");\n  await putPerson(body.id, { email: body.email });\n  return { statusCode: 201 };\n};\n` };
    const [f] = findingsOf(files, C);
    expect(`${f!.file}:${f!.line}`).toBe("functions/join.ts:4");
    expect(f!.via).toHaveLength(2);
  });
  it("invalid: the same two raw requests directly in one function", () => {
    expect(codes(`const BASE = "https://track.customer.io/api/v1";\nexport async function join(u) {\n  await fetch(\`\${BASE}/customers/\${u.id}/events\`, { method: "POST", body: JSON.stringify({ name: "joined" }) });\n  await fetch(\`\${BASE}/customers/\${u.id}\`, { method: "PUT", body: "{}" });\n}\n`, C)).toEqual([`${C}@a.ts:3`]);
  });
  it("valid: PUT first; a GET of the person is no identify; a different id", () => {
    const run = (body: string) => codes({ "lib/http.ts": lib, "b.ts": `import { postEvent, putPerson } from "./lib/http";\nexport async function f(a, b) {\n${body}}\n` }, C);
    expect(run(`  await putPerson(a.id, {});\n  await postEvent(a.id, "x");\n`)).toEqual([]);
    expect(run(`  await postEvent(b.id, "x");\n  await putPerson(a.id, {});\n`)).toEqual([]);
    expect(codes(`const BASE = "https://track.customer.io/api/v1";\nexport async function f(u) {\n  await fetch(\`\${BASE}/customers/\${u.id}/events\`, { method: "POST", body: "{}" });\n  await fetch(\`\${BASE}/customers/\${u.id}\`);\n}\n`, C)).toEqual([]);
  });
});
