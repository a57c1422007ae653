/**
 * audit_code: precision and recall on the committed fixture tree, the
 * timestamp data flow, confinement to the allowed roots, the skip reasons
 * and caps, and that hard-coded keys never appear in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { loadConfig } from "../src/config.js";
import { UserInputError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { Redactor } from "../src/redact.js";
import type { ToolContext } from "../src/tools/define.js";
import { auditCode, FINDINGS_RETURNED } from "../src/tools/audit-code.js";
import {
  analyzeSource,
  eventNameConsistencyFindings,
  looksLikeSecret,
  nameConvention,
  parseSource,
  type AuditFinding,
} from "../src/audit/rules.js";
import { childrenByEnumeration, forEachChild, walk, type Node } from "../src/audit/walk.js";
import { scanPath } from "../src/audit/scan.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, "fixtures", "audit");

type AuditResult = Awaited<ReturnType<typeof auditCode.handler>>;

function context(roots: string[], signal: AbortSignal = new AbortController().signal): ToolContext {
  const redactor = new Redactor();
  return {
    config: loadConfig({}),
    redactor,
    log: createLogger(redactor, { CUSTOMERIO_DOCTOR_LOG_LEVEL: "error" }),
    http: async () => {
      throw new Error("audit_code must not use the network");
    },
    signal,
    progress: () => {},
    roots: async () => roots,
    now: () => new Date("2026-01-01T00:00:00Z"),
  };
}

function audit(args: { path: string; max_files?: number; offset?: number; limit?: number }, roots: string[], signal?: AbortSignal): Promise<AuditResult> {
  return auditCode.handler(args, context(roots, signal));
}

/** Findings of one snippet, as `code@line`. */
function codesOf(source: string, file = "snippet.ts"): string[] {
  return analyzeSource(source, file).findings.map((f) => `${f.code}@${f.line}`);
}

describe("audit_code on the fixture tree", () => {
  let result: AuditResult;
  let expected: Array<{ file: string; line: number; code: string }>;

  beforeAll(async () => {
    expected = JSON.parse(await readFile(path.join(FIXTURES, "expected.json"), "utf8"));
    result = await audit({ path: FIXTURES, limit: 1000 }, [FIXTURES]);
  });

  it("finds the labelled problems with precision >= 0.95 and recall >= 0.9", () => {
    const key = (f: { file: string; line: number; code: string }) => `${f.file}:${f.line}:${f.code}`;
    const found = new Set(result.findings.map(key));
    const wanted = new Set(expected.map(key));
    const truePositives = [...found].filter((k) => wanted.has(k)).length;
    const precision = truePositives / found.size;
    const recall = truePositives / wanted.size;
    console.info(
      `audit_code fixtures: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${truePositives} of ${wanted.size} expected, ${found.size} reported)`,
    );
    expect({ falsePositives: [...found].filter((k) => !wanted.has(k)), missed: [...wanted].filter((k) => !found.has(k)) }).toEqual({
      falsePositives: [],
      missed: [],
    });
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it("beats the line-by-line grep audit from the pitfall catalog on the same tree", async () => {
    // The catalog's four grep checks, applied the way its script applies them (per line, .ts/.js only).
    const hits: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await visit(full);
        else if (/\.(ts|js)$/.test(entry.name)) {
          const rel = path.relative(FIXTURES, full).split(path.sep).join("/");
          (await readFile(full, "utf8")).split("\n").forEach((l, i) => {
            const at = (code: string) => hits.push(`${rel}:${i + 1}:${code}`);
            if (/created_at.*Date\.now\(\)/.test(l) && !l.includes("/ 1000")) at("millisecond_timestamp");
            if (/new TrackClient/.test(l) && !/const|let|export/.test(l)) at("client_per_request");
            if (/name:.*`/.test(l) && /track|Track/.test(l)) at("dynamic_event_name");
            if (entry.name.endsWith(".ts") && /await.*cio\.|await.*track\.|await.*identify/.test(l) && /router\.|app\./.test(l)) at("blocking_request_path");
          });
        }
      }
    };
    await visit(FIXTURES);
    const wanted = new Set(expected.map((e) => `${e.file}:${e.line}:${e.code}`));
    const grepPrecision = hits.filter((h) => wanted.has(h)).length / hits.length;
    const grepRecall = hits.filter((h) => wanted.has(h)).length / wanted.size;
    console.info(`grep audit on the same fixtures: precision ${grepPrecision.toFixed(3)}, recall ${grepRecall.toFixed(3)} (${hits.length} hits)`);
    expect(grepPrecision).toBeLessThan(0.5);
    // Every line the grep audit reports wrongly, the parser-based audit leaves alone.
    const ours = new Set(result.findings.map((f) => `${f.file}:${f.line}:${f.code}`));
    expect(hits.filter((h) => !wanted.has(h) && ours.has(h))).toEqual([]);
  });

  it("keeps the manifest in step with the `// expect:` markers in the fixture files", async () => {
    const fromMarkers: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await visit(full);
        else if (/\.[mc]?[jt]sx?$/.test(entry.name)) {
          const lines = (await readFile(full, "utf8")).split("\n");
          lines.forEach((line, i) => {
            const m = /\/\/ expect: (.*)$/.exec(line);
            for (const code of m ? m[1]!.split(",") : []) {
              fromMarkers.push(`${path.relative(FIXTURES, full).split(path.sep).join("/")}:${i + 1}:${code.trim()}`);
            }
          });
        }
      }
    };
    await visit(FIXTURES);
    expect(fromMarkers.sort()).toEqual(expected.map((e) => `${e.file}:${e.line}:${e.code}`).sort());
    // Every code of the contract is exercised by at least one labelled case.
    expect(new Set(expected.map((e) => e.code))).toEqual(
      new Set([
        "wrong_key_type",
        "millisecond_timestamp",
        "track_before_identify",
        "dynamic_event_name",
        "blocking_request_path",
        "client_per_request",
        "event_name_inconsistent",
        "no_rate_limiting",
        "pii_in_event_name",
        "hardcoded_credentials",
      ]),
    );
  });

  it("gives every finding its place, pitfall, fix and severity", () => {
    const f = result.findings.find((x) => x.file === "express-app/src/server.ts" && x.code === "millisecond_timestamp");
    expect(f).toMatchObject({
      code: "millisecond_timestamp",
      severity: "error",
      pitfall: 2,
      file: "express-app/src/server.ts",
      line: 19,
      column: 17,
      evidence: "created_at: signedUpAt (signedUpAt = Date.now())",
    });
    expect(f?.fix).toMatch(/Math\.floor\(Date\.now\(\) \/ 1000\)/);
    const pitfalls = Object.fromEntries(result.findings.map((x) => [x.code, x.pitfall ?? null]));
    expect(pitfalls).toEqual({
      wrong_key_type: 1,
      millisecond_timestamp: 2,
      track_before_identify: 3,
      dynamic_event_name: 6,
      blocking_request_path: 7,
      client_per_request: 9,
      event_name_inconsistent: 10,
      no_rate_limiting: 11,
      pii_in_event_name: 12,
      hardcoded_credentials: null,
    });
    // Errors come before warnings.
    const ranks = result.findings.map((x) => (x.severity === "error" ? 0 : 1));
    expect(ranks).toEqual([...ranks].sort());
  });

  it("returns output that satisfies its own schema and a summary that leads with the verdict", () => {
    expect(() => z.object(auditCode.outputSchema).parse(result)).not.toThrow();
    expect(result.files_scanned).toBe(14);
    expect(result.skipped.total).toBe(0);
    expect(result.findings_omitted).toBe(0);
    expect(result.by_code.blocking_request_path).toBe(11);
    expect(result.summary).toMatch(/^Found 46 problems \(\d+ errors, \d+ warnings\) in 13 of 14 JavaScript\/TypeScript files/);
    const text = auditCode.render(result);
    expect(text).toContain("`express-app/src/server.ts:19:17`");
  });

  it("never shows a hard-coded key, only its last four characters", () => {
    const json = JSON.stringify(result) + auditCode.render(result);
    for (const secret of ["3f9c1a7e2b5d8c04e6a1", "d41c8e7f02b9a63e5c17f8a4b2d09e61", "b7e4d2a9c1f03e8a6d5b", "9e1b7c4d2a8f06e3b5c1"]) {
      expect(json).not.toContain(secret);
      expect(json).not.toContain(secret.slice(0, 12));
      expect(json).toContain(`…${secret.slice(-4)}`);
    }
    const secrets = result.findings.filter((f) => f.code === "hardcoded_credentials").sort((a, b) => a.line - b.line);
    expect(secrets.map((f) => `${f.line}:${f.severity}:${f.evidence}`)).toEqual([
      '4:warning:CUSTOMERIO_SITE_ID = "…e6a1"',
      '5:error:CUSTOMERIO_APP_API_KEY = "…9e61"',
      '10:error:apiKey = "…6d5b"',
      '27:error:TrackClient argument 2 = "…b5c1"',
    ]);
  });
});

describe("millisecond timestamps: data flow", () => {
  const identifyWith = (expr: string, prelude = "") =>
    `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(a, b);\nasync function f(user) {\n${prelude}\nawait cio.identify(user.id, { created_at: ${expr} });\n}\n`;

  it.each([
    "Math.floor(Date.now()/1000)",
    "Math.round(Date.now() / 1e3)",
    "Date.now() / 1000 | 0",
    "~~(Date.now()/1000)",
    "dayjs().unix()",
    "moment().unix()",
    "Math.floor(new Date().getTime() / 1000)",
    "getUnixTime(new Date())",
    "Math.trunc(Date.parse(user.signup) / 1000)",
    "Math.floor(Date.now() / 1000) - 3600",
    "user.created_at",
    "new Date().toISOString()",
    "1704067200",
  ])("no finding for seconds or unknown values: %s", (expr) => {
    expect(codesOf(identifyWith(expr))).toEqual([]);
  });

  it.each(["Date.now()", "new Date().getTime()", "+new Date()", "Date.parse(user.signup)", "someDate.valueOf()", "Math.floor(Date.now())", "Number(new Date())", "1704067200000", "Date.now() - 86400000", "flag ? Date.now() : Math.floor(Date.now() / 1000)"])(
    "finds milliseconds: %s",
    (expr) => {
      expect(codesOf(identifyWith(expr))).toEqual(["millisecond_timestamp@5"]);
    },
  );

  it("follows simple local bindings, and stops where the value is no longer certain", () => {
    expect(codesOf(identifyWith("t", "const t = Date.now();"))).toEqual(["millisecond_timestamp@5"]);
    expect(codesOf(identifyWith("t", "const d = new Date(); const t = +d;"))).toEqual(["millisecond_timestamp@5"]);
    expect(codesOf(identifyWith("t", "const ms = Date.now(); const t = Math.floor(ms / 1000);"))).toEqual([]);
    expect(codesOf(identifyWith("t", "let t = Date.now(); t = Math.floor(t / 1000);"))).toEqual([]);
    // A module-level constant reaches the function; a parameter of the same name shadows it.
    const moduleLevel = `import { TrackClient } from "customerio-node";\nconst cio = new TrackClient(a, b);\nconst STARTED = Date.now();\nexport async function f(id) {\n  await cio.identify(id, { started_at: STARTED });\n}\nexport async function g(id, STARTED) {\n  await cio.identify(id, { started_at: STARTED });\n}\n`;
    expect(codesOf(moduleLevel)).toEqual(["millisecond_timestamp@5"]);
    // The payload itself through a const, and track's timestamp and data.
    const viaPayload = `const cio = getCio();\nasync function f(id) {\n  const attrs = { email: "a@b.co", updated_at: Date.now() };\n  await cio.identify(id, attrs);\n  await cio.track(id, { name: "x_done", timestamp: Date.now(), data: { done_at: new Date().getTime(), count: Date.now() } });\n}\n`;
    expect(codesOf(viaPayload)).toEqual(["millisecond_timestamp@3", "millisecond_timestamp@5", "millisecond_timestamp@5"]);
  });

  it("looks only at Customer.io calls", () => {
    const other = `analytics.identify({ userId, traits: { created_at: Date.now() } });\nsegment.track(id, { name: "a", timestamp: Date.now() });\nconst cio = new Analytics();\ncio.identify(id, { created_at: Date.now() });\n`;
    expect(codesOf(other)).toEqual([]);
  });
});

describe("rules on snippets", () => {
  it("keeps track_before_identify to one sequence in one function", () => {
    const src = [
      "const cio = getCio();",
      "async function a(id) {",
      "  await cio.track(id, { name: 'signed_up' });",
      "  await cio.identify(id, { email: 'x@y.co' });",
      "}",
      "async function b(id) {",
      "  if (known) { await cio.track(id, { name: 'signed_up' }); } else { await cio.identify(id, {}); }",
      "}",
      "async function c(id, other) {",
      "  await cio.identify(id, {});",
      "  await cio.track(id, { name: 'signed_up' });",
      "  await cio.track(other, { name: 'invited' });",
      "}",
    ].join("\n");
    expect(codesOf(src, "snippet.js")).toEqual(["track_before_identify@3"]);
  });

  it("treats constants and ternaries of literals as fixed event names", () => {
    const src = [
      "const cio = getCio();",
      "const PREFIX = 'billing';",
      "export async function f(id, paid, kind) {",
      "  await cio.track(id, { name: `${PREFIX}_invoice_paid` });",
      "  await cio.track(id, { name: paid ? 'invoice_paid' : 'invoice_due' });",
      "  await cio.track(id, { name: `${kind}_invoice_paid` });",
      "  await cio.track(id, { name: 'invite_' + user.name });",
      "  await cio.track(id, { name: 'invite_' + product.name });",
      "}",
    ].join("\n");
    expect(codesOf(src, "snippet.js")).toEqual(["dynamic_event_name@6", "dynamic_event_name@7", "pii_in_event_name@7", "dynamic_event_name@8"]);
    expect(analyzeSource(src, "snippet.js").eventNames.map((e) => e.name)).toEqual(["billing_invoice_paid", "invoice_paid", "invoice_due"]);
  });

  it("recognises clients through imports, namespaces, requires and typed parameters", () => {
    const src = [
      "import * as sdk from 'customerio-node';",
      "const { APIClient: Api } = require('customerio-node');",
      "import { TrackClient as Cio } from 'customerio-node';",
      "export function handler(req, res) {",
      "  const a = new sdk.TrackClient(s, k);",
      "  const b = new Api(process.env.CUSTOMERIO_TRACK_API_KEY);",
      "  const c = new Cio(s, k);",
      "}",
      "export async function job(client: Cio, ids: string[]) {",
      "  for (const id of ids) await client.identify(id, {});",
      "}",
    ].join("\n");
    expect(codesOf(src).sort()).toEqual(
      ["client_per_request@5", "client_per_request@6", "wrong_key_type@6", "client_per_request@7", "no_rate_limiting@10"].sort(),
    );
  });

  it("flags a new client in any function but not at module level, in constructors or lazy singletons", () => {
    const src = [
      "import { TrackClient } from 'customerio-node';",
      "export const top = new TrackClient(s, k);",
      "let cached;",
      "export const lazy = () => (cached ??= new TrackClient(s, k));",
      "class Svc { constructor() { this.cio = new TrackClient(s, k); } make() { return new TrackClient(s, k); } }",
      "const handler = function () { const c = new TrackClient(s, k); };",
    ].join("\n");
    expect(codesOf(src, "snippet.js")).toEqual(["client_per_request@5", "client_per_request@6"]);
  });

  it("reports inconsistent event names against the dominant convention and near-duplicates", () => {
    const uses = ["user_signed_up", "order_placed", "invoice_paid", "UserSignedUp", "order-shipped", "Cart Viewed", "purchase"].map((name, i) => ({
      name,
      file: "a.ts",
      line: i + 1,
      column: 1,
    }));
    const found = eventNameConsistencyFindings(uses);
    expect(found.map((f) => `${f.line}:${f.evidence}`)).toEqual(['4:name: "UserSignedUp"', '5:name: "order-shipped"', '6:name: "Cart Viewed"']);
    expect(found[0]!.message).toContain('also spelled "user_signed_up"');
    expect(found[1]!.message).toContain("kebab-case while most event names here are snake_case");
    // A tree that sticks to one convention is consistent, whatever it is.
    expect(eventNameConsistencyFindings(["SignedUp", "OrderPlaced"].map((name) => ({ name, file: "a.ts", line: 1, column: 1 })))).toEqual([]);
    expect(["user_signed_up", "UserSignedUp", "userSignedUp", "user-signed-up", "user signed up", "purchase", "USER_SIGNED_UP"].map(nameConvention)).toEqual([
      "snake_case",
      "PascalCase",
      "camelCase",
      "kebab-case",
      "spaces",
      null,
      "SCREAMING_CASE",
    ]);
  });

  it("tells real-looking keys from placeholders", () => {
    expect(["3f9c1a7e2b5d8c04e6a1", "d41c8e7f02b9a63e5c17f8a4b2d09e61", "Zk3mP9qLx2Wv8RtY4nB7"].map(looksLikeSecret)).toEqual([true, true, true]);
    expect(
      ["your-api-key-goes-here", "xxxxxxxxxxxxxxxxxxxx", "CUSTOMERIO_TRACK_API_KEY", "short1a", "track-eu.customer.io", "test-site-id-1234567", "aaaaaaaaaaaaaaaa1111", "1234567890abcdef1234", "<your key 1234567890>"].map(
        looksLikeSecret,
      ),
    ).toEqual([false, false, false, false, false, false, false, false, false]);
  });
});

describe("confinement, skips and caps", () => {
  let base: string;
  let tree: string;
  let outside: string;

  beforeAll(async () => {
    base = realpathSync(await mkdtemp(path.join(tmpdir(), "cio-audit-")));
    tree = path.join(base, "tree");
    outside = path.join(base, "outside");
    await mkdir(path.join(tree, "src"), { recursive: true });
    await mkdir(outside, { recursive: true });
    const bad = "const cio = getCio();\nexport async function f(id) { await cio.identify(id, { created_at: Date.now() }); }\n";
    await writeFile(path.join(tree, "src", "ok.ts"), bad);
    await writeFile(path.join(tree, "src", "types.d.ts"), "export declare const x: number;\n");
    await writeFile(path.join(tree, "README.md"), "cio.identify(id, { created_at: Date.now() })\n");
    await writeFile(path.join(outside, "secret.ts"), bad);
    for (const dir of ["node_modules/customerio-node", "dist", ".git", "coverage"]) {
      await mkdir(path.join(tree, dir), { recursive: true });
      await writeFile(path.join(tree, dir, "index.js"), bad);
    }
    await writeFile(path.join(tree, "src", "vendor.min.js"), bad);
    await writeFile(path.join(tree, "src", "huge.ts"), `${bad}// ${"x".repeat(1024 * 1024)}\n`);
    await writeFile(path.join(tree, "src", "broken.ts"), "const cio = getCio();\nexport function f( {\n");
    await symlink(outside, path.join(tree, "linked-dir"));
    await symlink(path.join(outside, "secret.ts"), path.join(tree, "src", "linked.ts"));
    await symlink(path.join(tree, "src", "ok.ts"), path.join(tree, "src", "alias.ts"));
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("refuses paths outside the allowed roots, naming the roots", async () => {
    for (const p of ["../outside", "/etc", path.join(outside, "secret.ts"), "src/../../outside/secret.ts"]) {
      const err = await audit({ path: p }, [tree]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserInputError);
      expect((err as Error).message).toContain(`outside the directories this server may read: ${tree}`);
    }
    // A symlink inside the tree that leads out is judged by where it leads.
    const viaLink = await audit({ path: "linked-dir" }, [tree]).catch((e: unknown) => e);
    expect(viaLink).toBeInstanceOf(UserInputError);
    await expect(audit({ path: "nope" }, [tree])).rejects.toThrow(/does not exist/);
    await expect(audit({ path: "README.md" }, [tree])).rejects.toThrow(/not a JavaScript or TypeScript file/);
    // The second root (a client root) is allowed too.
    const fromSecondRoot = await audit({ path: path.join(outside, "secret.ts") }, [tree, outside]);
    expect(fromSecondRoot.findings.map((f) => `${f.file}:${f.line}:${f.code}`)).toEqual(["secret.ts:2:millisecond_timestamp"]);
  });

  it("skips and counts node_modules, VCS, build output, symlinks, big files and parse errors", async () => {
    const r = await audit({ path: "." }, [tree]);
    expect(r.skipped.by_reason).toEqual({
      node_modules: 1,
      vcs: 1,
      build_output: 3,
      gitignored: 0,
      symlink: 2,
      special_file: 0,
      too_large: 1,
      parse_error: 1,
      unreadable: 0,
      max_files: 0,
      time_budget: 0,
    });
    expect(r.skipped.total).toBe(9);
    expect(r.skipped.examples).toContainEqual({ path: "linked-dir", reason: "symlink", detail: "symlinked directory" });
    expect(r.skipped.examples).toContainEqual({ path: "src/linked.ts", reason: "symlink", detail: "points outside the allowed roots" });
    expect(r.skipped.examples.find((e) => e.reason === "parse_error")?.path).toBe("src/broken.ts");
    // ok.ts is scanned once although alias.ts links to it; .d.ts and .md are ignored.
    expect(r.files_scanned).toBe(1);
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.code}`)).toEqual(["src/ok.ts:2:millisecond_timestamp"]);
    expect(r.summary).toContain("Skipped 9 (node_modules 1, vcs 1, build_output 3, symlink 2, too_large 1, parse_error 1)");
  });

  it("stops at max_files and says so", async () => {
    const dir = path.join(base, "many");
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < 12; i++) await writeFile(path.join(dir, `f${String(i).padStart(2, "0")}.js`), `cio.track(id, { name: "event_${i}" });\n`);
    const r = await audit({ path: dir, max_files: 5 }, [base]);
    expect(r.files_scanned).toBe(5);
    expect(r.truncated).toBe(true);
    expect(r.skipped.by_reason.max_files).toBe(7);
    expect(r.summary).toContain("Stopped at max_files (5): 7 more files were not scanned");
  });

  it("caps the findings list and counts what it left out", async () => {
    const dir = path.join(base, "noisy");
    await mkdir(dir, { recursive: true });
    const lines = ["const cio = getCio();"];
    for (let i = 0; i < 260; i++) lines.push(`cio.track(id, { name: \`viewed_\${sku${i}}\` });`);
    await writeFile(path.join(dir, "noisy.js"), lines.join("\n"));
    const r = await audit({ path: dir, limit: 200 }, [base]);
    expect(r.findings).toHaveLength(200);
    expect(r.findings_omitted).toBe(60);
    expect(r.next_offset).toBe(200);
    expect(r.by_code).toEqual({ dynamic_event_name: 260 });
    expect(r.summary).toContain("60 more not listed: call again with offset=200");
    const next = await audit({ path: dir, offset: 200, limit: 200 }, [base]);
    expect(next.findings).toHaveLength(60);
    expect(next.next_offset).toBeUndefined();
    expect(next.findings[0]!.line).toBe(r.findings[199]!.line + 1);
    // The default page stays small (the context budget); the rest is counted and reachable.
    const first = await audit({ path: dir }, [base]);
    expect(first.findings.length).toBeLessThanOrEqual(10);
    expect(first.findings_omitted).toBe(260 - first.findings.length);
    expect(auditCode.render(first).length).toBeLessThanOrEqual(3072);
    expect(FINDINGS_RETURNED).toBeGreaterThanOrEqual(200);
  });

  it("stops when the time budget runs out, reporting the files it did not reach", async () => {
    const aborted = new AbortController();
    aborted.abort();
    const r = await scanPath(path.join(tree, "src", "ok.ts"), [tree], { signal: aborted.signal });
    expect(r.files_scanned).toBe(0);
    expect(r.skipped.by_reason.time_budget).toBe(1);
    expect(r.truncated).toBe(true);
  });
});

describe("the walker", () => {
  it("visits exactly the children that enumerating every property finds", async () => {
    const files: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await visit(full);
        else if (/\.[mc]?[jt]sx?$/.test(entry.name)) files.push(full);
      }
    };
    await visit(FIXTURES);
    let nodes = 0;
    for (const file of files) {
      const ast = parseSource(await readFile(file, "utf8"), file);
      walk(ast.program, (node) => {
        nodes++;
        const fast: Node[] = [];
        forEachChild(node, (c) => fast.push(c));
        // Same children; the table may list them in a different (source) order.
        const byStart = (a: Node, b: Node) => (a.start ?? 0) - (b.start ?? 0);
        expect(fast.sort(byStart), `${node.type} in ${path.basename(file)}`).toEqual(childrenByEnumeration(node).sort(byStart));
      });
    }
    expect(nodes).toBeGreaterThan(2500);
  });
});

describe("loading", () => {
  it("does not load the parser until the tool runs", async () => {
    const source = await readFile(path.join(here, "..", "src", "tools", "audit-code.ts"), "utf8");
    const staticImports = source.split("\n").filter((l) => /^import\s/.test(l) && !/^import type\s/.test(l));
    expect(staticImports.filter((l) => /audit\/|@babel/.test(l))).toEqual([]);
    expect(source).toContain('await import("../audit/scan.js")');
  });

  it("names findings with the AuditFinding fields the CLI prints", () => {
    const f: AuditFinding = analyzeSource("const cio = getCio();\ncio.track(id, { name: `x_${y}` });\n", "a.js").findings[0]!;
    expect(f).toEqual({
      code: "dynamic_event_name",
      severity: "warning",
      message: expect.stringContaining("built from a variable"),
      fix: expect.stringContaining("fixed event name"),
      pitfall: 6,
      evidence: "name: `x_${y}`",
      file: "a.js",
      line: 2,
      column: 23,
    });
  });
});
