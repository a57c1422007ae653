/**
 * audit_code reads only regular files inside the roots: FIFOs, devices and
 * sockets are skipped and counted without ever being opened for a blocking
 * read (a FIFO would otherwise hold a libuv thread for good), a link to
 * /dev/zero is never read, and a file swapped for a symlink (or a parent
 * directory swapped for one) while the scan runs is refused on the opened
 * descriptor. Timings are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { promises as dns } from "node:dns";
import { link, lstat, mkdir, mkdtemp, readFile, rename, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readConfined, scanPath } from "../../src/audit/scan.js";

const BAD = "const cio = getCio();\nexport async function f(id) { await cio.identify(id, { created_at: Date.now() }); }\n";
const OUTSIDE = "const cio = getCio();\nexport async function g(id, x) { await cio.track(id, { name: `outside_secret_${x}` }); }\n";

let base: string;
let tree: string;
let outside: string;

beforeAll(async () => {
  base = realpathSync(await mkdtemp(path.join(tmpdir(), "cio-audit-safety-")));
  tree = path.join(base, "tree");
  outside = path.join(base, "outside");
  await mkdir(path.join(tree, "src"), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(tree, "src", "ok.ts"), BAD);
  await writeFile(path.join(outside, "secret.ts"), OUTSIDE);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("audit_code safety", () => {
  it("skips a FIFO and a symlink to a FIFO without blocking, and the thread pool stays free", async () => {
    const dir = path.join(base, "fifo");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "ok.ts"), BAD);
    execFileSync("mkfifo", [path.join(dir, "pipe.ts")]);
    await symlink(path.join(dir, "pipe.ts"), path.join(dir, "to-pipe.ts"));
    const t0 = performance.now();
    const r = await scanPath(dir, [dir]);
    const scanMs = performance.now() - t0;
    expect(r.skipped.by_reason.special_file).toBe(2);
    expect(r.skipped.examples).toContainEqual({ path: "pipe.ts", reason: "special_file", detail: "FIFO" });
    expect(r.skipped.examples).toContainEqual({ path: "to-pipe.ts", reason: "special_file", detail: "FIFO" });
    expect(r.findings.map((f) => `${f.file}:${f.code}`)).toEqual(["ok.ts:millisecond_timestamp"]);
    // A scanned FIFO opened as a single file is refused on the descriptor too (O_NONBLOCK: no writer needed).
    const direct = await readConfined({ real: path.join(dir, "pipe.ts"), shown: "pipe.ts" }, 1024, [dir]);
    expect(direct).toEqual({ ok: false, reason: "special_file", detail: "FIFO" });
    // More thread-pool work than libuv has threads (4) still completes: none is stuck on the FIFO.
    const t1 = performance.now();
    await Promise.all([...Array.from({ length: 8 }, () => readFile(path.join(dir, "ok.ts"))), dns.lookup("localhost")]);
    console.info(`FIFO: scan ${scanMs.toFixed(1)} ms; 8 reads + a DNS lookup afterwards ${(performance.now() - t1).toFixed(1)} ms`);
  });

  it("never reads a link to /dev/zero: outside the roots it is a symlink skip, inside them a device skip", async () => {
    const dir = path.join(base, "zero");
    await mkdir(dir, { recursive: true });
    await symlink("/dev/zero", path.join(dir, "zero.ts"));
    const t0 = performance.now();
    const r = await scanPath(dir, [dir]);
    expect(r.skipped.examples).toContainEqual({ path: "zero.ts", reason: "symlink", detail: "points outside the allowed roots" });
    const r2 = await scanPath(dir, [dir, "/dev"]);
    expect(r2.skipped.examples).toContainEqual({ path: "zero.ts", reason: "special_file", detail: "device" });
    expect(r2.files_scanned).toBe(0);
    console.info(`/dev/zero link: two scans in ${(performance.now() - t0).toFixed(1)} ms, 0 bytes read`);
  });

  it("refuses a file swapped for a symlink, a hard link or a symlinked parent after the walk saw it", async () => {
    const dir = path.join(base, "swap");
    await mkdir(path.join(dir, "sub"), { recursive: true });
    const file = path.join(dir, "sub", "a.ts");
    await writeFile(file, BAD);
    const st = await lstat(file);
    const seen = { real: file, shown: "sub/a.ts", dev: st.dev, ino: st.ino };
    expect((await readConfined(seen, 1 << 20, [dir])).ok).toBe(true);
    // 1. The file becomes a symlink to a file outside the roots.
    await unlink(file);
    await symlink(path.join(outside, "secret.ts"), file);
    expect(await readConfined(seen, 1 << 20, [dir])).toEqual({ ok: false, reason: "symlink", detail: "became a symlink during the scan" });
    // 2. The file becomes a hard link to the outside file (no symlink to see, but another inode).
    await unlink(file);
    await link(path.join(outside, "secret.ts"), file);
    expect(await readConfined(seen, 1 << 20, [dir])).toEqual({ ok: false, reason: "symlink", detail: "replaced during the scan" });
    // 3. The parent directory becomes a symlink to a directory outside that holds a.ts.
    await rm(path.join(dir, "sub"), { recursive: true });
    await writeFile(path.join(outside, "a.ts"), OUTSIDE);
    await symlink(outside, path.join(dir, "sub"));
    expect(await readConfined(seen, 1 << 20, [dir])).toEqual({ ok: false, reason: "symlink", detail: "replaced during the scan" });
  });

  it("while another task keeps swapping a file and a symlink to outside, no scan ever reads the outside file", async () => {
    const dir = path.join(base, "race");
    await mkdir(path.join(dir, "src"), { recursive: true });
    for (let i = 0; i < 20; i++) await writeFile(path.join(dir, "src", `f${i}.ts`), BAD);
    const target = path.join(dir, "src", "f7.ts");
    const spare = path.join(dir, "spare.txt");
    await writeFile(spare, BAD);
    let running = true;
    let swaps = 0;
    const swapper = (async () => {
      while (running) {
        // real file → symlink to outside → real file, as fast as the event loop allows
        await rm(target, { force: true });
        await symlink(path.join(outside, "secret.ts"), target);
        await new Promise((r) => setImmediate(r));
        await rm(target, { force: true });
        await writeFile(target, BAD);
        await new Promise((r) => setImmediate(r));
        swaps++;
      }
    })();
    const t0 = performance.now();
    let scans = 0;
    let refused = 0;
    try {
      for (; scans < 40; scans++) {
        const r = await scanPath(dir, [dir]);
        for (const f of r.findings) expect(f.evidence ?? "").not.toContain("outside_secret");
        refused += r.skipped.by_reason.symlink;
      }
    } finally {
      running = false;
      await swapper;
    }
    await rename(spare, path.join(dir, "spare2.txt"));
    console.info(`swap race: ${scans} scans, ${swaps} swaps, ${refused} reads refused, ${(performance.now() - t0).toFixed(0)} ms`);
    expect(scans).toBe(40);
  });
});

describe("audit_code on hostile file contents", () => {
  it("scans near-1 MiB files built to make pattern matching backtrack, in linear time (printed, not asserted)", async () => {
    const dir = path.join(base, "hostile");
    await mkdir(dir, { recursive: true });
    const big = 900 * 1024;
    const files: Record<string, string> = {
      // An event name of almost a megabyte, full of address-like pieces.
      "name.ts": `const cio = getCio();\ncio.track(id, { name: "invited_ada@example.com ${"a.b@c.".repeat(big / 6)}" });\n`,
      // Whitespace runs after the words the pre-filters look for.
      "spaces.ts": `.identify${" ".repeat(big)}(x)\nimport${" ".repeat(1000)}x from${" ".repeat(1000)}"./y";\n`,
      // A long identifier and a long template expression in a payload.
      "ident.ts": `const cio = getCio();\nconst ${"x".repeat(big)} = 1;\ncio.track(id, { name: \`n_\${${"a.".repeat(1000)}b}\` });\n`,
      // A suppression comment with a huge code list.
      "suppress.ts": `const cio = getCio();\n// customerio-doctor-disable-next-line ${"a, ".repeat(big / 3)}\ncio.identify(id, { created_at: Date.now() });\n`,
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const t0 = performance.now();
    const r = await scanPath(dir, [dir]);
    const ms = performance.now() - t0;
    console.info(`hostile contents: ${r.files_scanned} files of ~0.9 MiB scanned in ${ms.toFixed(0)} ms`);
    // spaces.ts is not valid JavaScript: it is read, scanned by the pre-filters and counted as a parse error.
    expect(r.files_scanned + r.skipped.by_reason.parse_error).toBe(4);
    expect(r.skipped.examples.find((e) => e.reason === "parse_error")?.path).toBe("spaces.ts");
    expect(r.findings.some((f) => f.file === "name.ts" && f.code === "pii_in_event_name")).toBe(true);
    expect(r.findings.some((f) => f.file === "ident.ts" && f.code === "dynamic_event_name")).toBe(true);
    // The address-like name never comes back whole.
    expect(JSON.stringify(r.findings).length).toBeLessThan(20_000);
  });
});
