/**
 * SvelteKit: the $lib alias (and kit.alias in svelte.config.js), server
 * route modules (+server HTTP exports, load, form actions) and the server
 * hook as request paths of a long-running server.
 */
import { describe, expect, it } from "vitest";
import { resolveSpecifier } from "../../../src/audit/project.js";
import { svelteKitAliases } from "../../../src/audit/scan.js";
import { auditFiles, codes } from "./helpers.js";

const C = "blocking_request_path";
const LIB = {
  "src/lib/server/cio.ts": `import { TrackClient } from "customerio-node";\nimport { CIO_SITE_ID, CIO_TRACK_API_KEY } from "$env/static/private";\nconst client = new TrackClient(CIO_SITE_ID, CIO_TRACK_API_KEY);\nexport function send(id: string, name: string) {\n  return client.track(id, { name });\n}\n`,
};

describe("SvelteKit module aliases", () => {
  const none = { baseUrl: null, paths: [] };
  const has = (files: string[]) => (f: string) => files.includes(f);

  it("resolves $lib and $lib/… under src/lib, with or without an index file", () => {
    expect(resolveSpecifier("src/routes/+page.server.ts", "$lib/server/cio", has(["src/lib/server/cio.ts"]), none)).toBe("src/lib/server/cio.ts");
    expect(resolveSpecifier("src/routes/+page.server.ts", "$lib", has(["src/lib/index.ts"]), none)).toBe("src/lib/index.ts");
  });

  it("leaves $env, $app and names that only start with $lib alone", () => {
    expect(resolveSpecifier("src/a.ts", "$env/static/private", has(["src/env/static/private.ts"]), none)).toBeNull();
    expect(resolveSpecifier("src/a.ts", "$library/x", has(["src/lib/rary/x.ts", "src/library/x.ts"]), none)).toBeNull();
  });

  it("reads kit.alias entries from svelte.config.js as path prefixes", () => {
    const paths = svelteKitAliases(`export default {\n  kit: {\n    alias: {\n      $server: "src/server",\n      "@ui/*": "src/ui/*",\n    },\n  },\n};\n`);
    const aliases = { baseUrl: null, paths };
    expect(resolveSpecifier("src/routes/x.ts", "$server/cio", has(["src/server/cio.ts"]), aliases)).toBe("src/server/cio.ts");
    expect(resolveSpecifier("src/routes/x.ts", "@ui/button", has(["src/ui/button.ts"]), aliases)).toBe("src/ui/button.ts");
    expect(resolveSpecifier("src/routes/x.ts", "$serverless/x", has(["src/server/less/x.ts"]), aliases)).toBeNull();
    expect(svelteKitAliases("export default { kit: {} };")).toEqual([]);
    expect(svelteKitAliases(undefined)).toEqual([]);
  });

  it("reads a long or unterminated config in bounded time", () => {
    const hostile = `alias: {${'"a": '.repeat(50_000)}`;
    const started = performance.now();
    expect(svelteKitAliases(hostile)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("SvelteKit request paths", () => {
  it("invalid: a form action awaits a $lib helper (the finding carries the via chain)", () => {
    const files = {
      ...LIB,
      "src/routes/join/+page.server.ts": `import { send } from "$lib/server/cio";\nexport const actions = {\n  default: async ({ request }) => {\n    const data = await request.formData();\n    await send(String(data.get("id")), "joined");\n    return { ok: true };\n  },\n  leave: async () => {\n    await send("x", "left");\n  },\n};\n`,
    };
    const found = auditFiles(files).findings.filter((f) => f.code === C);
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(["src/routes/join/+page.server.ts:5", "src/routes/join/+page.server.ts:9"]);
    expect(found[0]!.via?.map((v) => v.file)).toEqual(["src/routes/join/+page.server.ts", "src/lib/server/cio.ts"]);
  });

  it("invalid: a +server POST, a load in +layout.server and the handle hook await Customer.io", () => {
    const files = {
      ...LIB,
      "src/routes/api/like/+server.ts": `import { send } from "$lib/server/cio";\nexport const POST = async ({ locals }) => {\n  await send(locals.user.id, "liked");\n  return new Response(null);\n};\n`,
      "src/routes/+layout.server.ts": `import { send } from "$lib/server/cio";\nexport async function load({ locals }) {\n  await send(locals.user.id, "viewed");\n  return {};\n}\n`,
      "src/hooks.server.ts": `import { send } from "$lib/server/cio";\nexport const handle = async ({ event, resolve }) => {\n  await send("anon", "hit");\n  return resolve(event);\n};\n`,
    };
    expect(codes(files, C).sort()).toEqual([`${C}@src/hooks.server.ts:3`, `${C}@src/routes/+layout.server.ts:3`, `${C}@src/routes/api/like/+server.ts:3`]);
  });

  it("valid: fire-and-forget from an action, an actions object outside +page.server, a load in a universal +page.ts, a handle outside hooks", () => {
    const later = `import { send } from "$lib/server/cio";\nexport const actions = {\n  default: async () => {\n    send("x", "y").catch(() => {});\n    return { ok: true };\n  },\n};\n`;
    expect(codes({ ...LIB, "src/routes/a/+page.server.ts": later }, C)).toEqual([]);
    const awaited = `import { send } from "$lib/server/cio";\nexport const actions = {\n  default: async () => {\n    await send("x", "y");\n  },\n};\nexport async function load() {\n  await send("x", "z");\n}\nexport const handle = async () => {\n  await send("x", "w");\n};\n`;
    expect(codes({ ...LIB, "src/lib/jobs/nightly.ts": awaited }, C)).toEqual([]);
    expect(codes({ ...LIB, "src/routes/a/+page.ts": awaited }, C)).toEqual([]);
  });

  it("valid: credentials from $env/static/private are not literals", () => {
    expect(codes(LIB, "hardcoded_credentials")).toEqual([]);
  });
});
