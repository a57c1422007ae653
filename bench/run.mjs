// `npm run bench`: customerio-doctor's shipped bundle against a bare MCP
// server on the same SDK with one echo tool (bench/reference-server.mjs),
// measured in ONE interleaved run so that machine noise hits every side
// alike. Each repetition starts, in a rotating order, three fresh processes:
//
//   doctor (cached)  the bundle with a warm V8 code cache (a private cache
//                    directory filled by one launch before the run), as on
//                    every start after the first;
//   doctor (first)   the bundle with an empty cache directory of its own,
//                    as on the very first launch after an install;
//   reference        the echo server;
//   floor            bench/floor-server.ts: the same SDK with the doctor's
//                    tools, schemas and answers, each answer computed once
//                    at start-up, so a call does no tool work at all.
//
// The floor splits each ratio in two: floor vs echo is what sending these
// answers through the SDK costs (their size, the schema checks), doctor vs
// floor is the doctor's own work per call.
//
// and measures cold start (spawn → initialize answered), the first
// tools/list, sequential offline calls (p50, p99) and peak RSS (VmHWM, read
// from /proc after the first call, after 100 calls and after all of them).
// Prints one table of medians and ratios against the reference, with the
// targets. Performance claims come from
// this run only; no test asserts a timing.
//
// Then the sections of the other benchmarks, when they exist:
// bench/audit.mjs (audit_code) and bench/trace.mjs (trace_delivery), each
// run as its own process, its output printed under its heading.
//
// Options: BENCH_REPS (default 7), BENCH_CALLS (sequential calls per tool,
// default 500), BENCH_SECTIONS=off (only the table),
// `node bench/run.mjs --readme` (also writes the table into README.md,
// between the bench markers of the Performance section).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7));
const CALLS = Math.max(100, Number(process.env.BENCH_CALLS ?? 500));
const WRITE_README = process.argv.includes("--readme");
const BUNDLE = resolve(root, "dist/customerio-doctor.js");

if (!existsSync(BUNDLE)) {
  process.stderr.write("dist/customerio-doctor.js is missing: run `npm run bench` (it builds first)\n");
  process.exit(1);
}

// The floor server, built next to node_modules so that it imports the SDK and zod from there, as the echo does.
const FLOOR = resolve(root, "node_modules/.cache/customerio-doctor-bench/floor-server.mjs");
{
  const { build } = await import("esbuild");
  await build({
    entryPoints: [resolve(root, "bench/floor-server.ts")],
    outfile: FLOOR,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    packages: "external",
    logLevel: "warning",
  });
}

const scratch = mkdtempSync(join(tmpdir(), "cio-bench-"));
const warmCache = join(scratch, "warm-cache");
mkdirSync(warmCache, { mode: 0o700 });

/** The offline calls measured; the echo carries a message of similar size. */
const CALL_ARGS = {
  diagnose_status_code: { status: 429, retry_after: "30", body: '{"meta":{"error":"Rate limit exceeded"}}' },
  explain_pitfall: { query: "created_at shows a date thousands of years in the future", limit: 3 },
  check_payload: { call: "identify", customer_id: "42", payload: { email: "a@example.com", created_at: 1735689600 } },
  echo: { message: "created_at shows a date thousands of years in the future" },
};
const DOCTOR_TOOLS = ["diagnose_status_code", "explain_pitfall", "check_payload"];

const SIDES = {
  cached: { label: "doctor (cached)", args: [BUNDLE], env: () => ({ CUSTOMERIO_DOCTOR_CODE_CACHE: warmCache }), tools: DOCTOR_TOOLS },
  first: {
    label: "doctor (first launch)",
    args: [BUNDLE],
    // A new, empty cache directory each time: nothing to reuse, as after an install.
    env: () => {
      const dir = mkdtempSync(join(scratch, "first-"));
      return { CUSTOMERIO_DOCTOR_CODE_CACHE: dir };
    },
    tools: [],
  },
  // As many calls as the doctor answers, so that peak RSS compares like with like.
  reference: { label: "reference (echo)", args: [resolve(root, "bench/reference-server.mjs")], env: () => ({}), tools: DOCTOR_TOOLS.map(() => "echo") },
  floor: {
    label: "floor (same answers, no work)",
    args: [FLOOR, JSON.stringify(Object.fromEntries(DOCTOR_TOOLS.map((t) => [t, CALL_ARGS[t]])))],
    env: () => ({}),
    tools: DOCTOR_TOOLS,
  },
};

/** A minimal JSON-RPC client over a spawned server's stdio. */
function start(side) {
  const t0 = performance.now();
  const child = spawn(process.execPath, SIDES[side].args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...SIDES[side].env() },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const pending = new Map();
  let buf = "";
  let nextId = 1;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const msg = JSON.parse(line);
      const p = pending.get(msg.id);
      if (p) {
        pending.delete(msg.id);
        if (msg.error || msg.result?.isError) p.reject(new Error(JSON.stringify(msg.error ?? msg.result).slice(0, 500)));
        else p.resolve(msg.result);
      }
    }
  });
  const request = (method, params = {}) =>
    new Promise((res, rej) => {
      const id = nextId++;
      pending.set(id, { resolve: res, reject: rej });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  const notify = (method) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method })}\n`);
  const peakRssMb = () => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  };
  const stop = () =>
    new Promise((res) => {
      child.once("exit", res);
      child.stdin.end();
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  return { t0, request, notify, peakRssMb, stop };
}

const INIT = { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } };

/** Calls after which every side's peak RSS is also read (the process's own count of tool calls). */
const RSS_AT = [1, 100];

async function sequential(s, tool, n, side) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await s.request("tools/call", { name: tool, arguments: CALL_ARGS[tool] });
    times.push(performance.now() - t);
    s.calls = (s.calls ?? 0) + 1;
    if (side && RSS_AT.includes(s.calls)) push(side, `rss@${s.calls}`, s.peakRssMb());
  }
  return times;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);

const results = { cached: {}, first: {}, reference: {}, floor: {} };
const push = (side, key, v) => (results[side][key] ??= []).push(v);

/** One process of one side: cold start, tools/list, the calls, peak RSS. */
async function measure(side) {
  const s = start(side);
  try {
    await s.request("initialize", INIT);
    push(side, "cold", performance.now() - s.t0);
    s.notify("notifications/initialized");
    const t1 = performance.now();
    await s.request("tools/list");
    push(side, "list", performance.now() - t1);
    for (const [i, tool] of SIDES[side].tools.entries()) {
      await sequential(s, tool, 20, side); // warm-up
      const times = await sequential(s, tool, CALLS, side);
      // Block i of every side is measured at the same point of its process's life (the same
      // calls before it), so each doctor tool is compared with the echo block in its place:
      // later blocks run on code the earlier ones already warmed up.
      push(side, `${tool}.${i}.p50`, median(times));
      push(side, `${tool}.${i}.p99`, quantile(times, 0.99));
    }
    // The first launch answers one offline call: its RSS is compared with the others' after their first call.
    if (side === "first") await sequential(s, "diagnose_status_code", 1, side);
    push(side, "rss", s.peakRssMb());
  } finally {
    await s.stop();
  }
}

// Fill the warm cache: one launch that lives past the cache write (about a second after start).
{
  const s = start("cached");
  await s.request("initialize", INIT);
  s.notify("notifications/initialized");
  await s.request("tools/list");
  for (const tool of DOCTOR_TOOLS) await sequential(s, tool, 5);
  await new Promise((r) => setTimeout(r, 1500));
  await s.stop();
}

const ORDER = ["cached", "first", "reference", "floor"];
process.stderr.write(`bench: ${REPS} interleaved repetitions of ${ORDER.map((k) => SIDES[k].label).join(", ")}; ${CALLS} sequential calls per tool\n`);
for (let rep = 0; rep < REPS; rep++) {
  const order = ORDER.map((_, i) => ORDER[(i + rep) % ORDER.length]);
  for (const side of order) await measure(side);
  process.stderr.write(`  repetition ${rep + 1}/${REPS} done\n`);
}
rmSync(scratch, { recursive: true, force: true });

const m = (side, key) => median(results[side][key]);
const ms = (v) => `${v.toFixed(v < 1 ? 3 : 1)} ms`;
const mb = (v) => `${v.toFixed(1)} MB`;
const rows = [
  ["cold start, cached (spawn → initialize answered)", m("cached", "cold"), m("reference", "cold"), ms, "≤ 0.5"],
  ["cold start, first launch (no cache yet)", m("first", "cold"), m("reference", "cold"), ms, "≤ 0.7"],
  ["first tools/list (cached)", m("cached", "list"), m("reference", "list"), ms, ""],
  ...DOCTOR_TOOLS.flatMap((tool, i) => [
    [`${tool} p50 vs echo p50`, m("cached", `${tool}.${i}.p50`), m("reference", `echo.${i}.p50`), ms, "≤ 1.1"],
    [`${tool} p99 vs echo p99`, m("cached", `${tool}.${i}.p99`), m("reference", `echo.${i}.p99`), ms, ""],
  ]),
  ["peak RSS after one call (first launch vs the echo's first call)", m("first", "rss@1"), m("reference", "rss@1"), mb, ""],
  ["peak RSS after 100 calls (cached)", m("cached", "rss@100"), m("reference", "rss@100"), mb, ""],
  [`peak RSS after all ${DOCTOR_TOOLS.length * (CALLS + 20)} calls (cached)`, m("cached", "rss"), m("reference", "rss"), mb, "≤ 1.0"],
];

const met = (ratio, target) => {
  if (!target) return "";
  const limit = Number(target.replace("≤", "").trim());
  return ratio <= limit ? "met" : "not met";
};
const table = [
  `| measure (median of ${REPS}) | customerio-doctor | reference (echo) | ratio | target | |`,
  "|---|---|---|---|---|---|",
  ...rows.map(([name, a, b, f, target]) => `| ${name} | ${f(a)} | ${f(b)} | ${(a / b).toFixed(2)}× | ${target} | ${met(a / b, target)} |`),
].join("\n");
// Where each call's time goes: sending the answer (floor vs echo) and the doctor's own work (doctor vs floor).
const split = [
  `| offline call p50 (median of ${REPS}) | echo | floor: same answer, no work | customerio-doctor | floor / echo | doctor / floor |`,
  "|---|---|---|---|---|---|",
  ...DOCTOR_TOOLS.map((tool, i) => {
    const echo = m("reference", `echo.${i}.p50`);
    const floor = m("floor", `${tool}.${i}.p50`);
    const doctor = m("cached", `${tool}.${i}.p50`);
    return `| ${tool} | ${ms(echo)} | ${ms(floor)} | ${ms(doctor)} | ${(floor / echo).toFixed(2)}× | ${(doctor / floor).toFixed(2)}× |`;
  }),
].join("\n");
const machine = `Node ${process.version}, ${process.platform}-${process.arch}, ${REPS} interleaved repetitions, ${CALLS} sequential calls per tool`;
process.stdout.write(`\n## Start-up, offline calls and memory against the echo reference\n\n${table}\n\n${split}\n\n${machine}\n`);

if (WRITE_README) {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const begin = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const a = readme.indexOf(begin);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) {
    process.stderr.write("README.md has no bench markers; table not written\n");
  } else {
    const block = `${begin}\n${table}\n\n${split}\n\n(${machine}; \`node bench/run.mjs --readme\`.)\n${end}`;
    writeFileSync(join(root, "README.md"), readme.slice(0, a) + block + readme.slice(b + end.length));
    process.stderr.write("README.md: performance table written\n");
  }
}

// The other benchmarks, each a section of its own.
if (process.env.BENCH_SECTIONS !== "off") {
  const SECTIONS = [
    ["audit_code", "bench/audit.mjs"],
    ["trace_delivery", "bench/trace.mjs"],
  ];
  for (const [name, file] of SECTIONS) {
    if (!existsSync(join(root, file))) continue;
    process.stdout.write(`\n## ${name} (${file})\n\n`);
    const r = spawnSync(process.execPath, [file], { cwd: root, stdio: ["ignore", "inherit", "inherit"], timeout: 600_000 });
    if (r.status !== 0) process.stdout.write(`(${file} exited with ${r.status ?? r.signal})\n`);
  }
}
