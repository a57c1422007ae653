/** The walk honours .gitignore files (nested ones too, with negations) and counts what they leave out. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { scanPath } from "../../src/audit/scan.js";

const BAD = "const cio = getCio();\nexport async function f(id) { await cio.identify(id, { created_at: Date.now() }); }\n";
let dir: string;

beforeAll(async () => {
  dir = realpathSync(await mkdtemp(path.join(tmpdir(), "cio-audit-gitignore-")));
  await mkdir(path.join(dir, "generated"), { recursive: true });
  await mkdir(path.join(dir, "src", "vendor"), { recursive: true });
  await writeFile(path.join(dir, ".gitignore"), "generated/\n*.gen.ts\n");
  await writeFile(path.join(dir, "src", ".gitignore"), "vendor/*\n!vendor/keep.ts\n");
  await writeFile(path.join(dir, "generated", "client.ts"), BAD);
  await writeFile(path.join(dir, "src", "api.gen.ts"), BAD);
  await writeFile(path.join(dir, "src", "vendor", "lib.ts"), BAD);
  await writeFile(path.join(dir, "src", "vendor", "keep.ts"), BAD);
  await writeFile(path.join(dir, "src", "app.ts"), BAD);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(".gitignore", () => {
  it("leaves out ignored directories and files, keeps negated ones, and counts them", async () => {
    const r = await scanPath(dir, [dir]);
    expect(r.findings.map((f) => f.file).sort()).toEqual(["src/app.ts", "src/vendor/keep.ts"]);
    expect(r.skipped.by_reason.gitignored).toBe(3);
    expect(r.skipped.examples.filter((e) => e.reason === "gitignored").map((e) => e.path).sort()).toEqual(["generated", "src/api.gen.ts", "src/vendor/lib.ts"]);
  });
});
