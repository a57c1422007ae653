// `npm run bench`: customerio-doctor's shipped bundle against a minimal
// reference server on the same SDK (bench/reference-server.mjs), measured in
// one interleaved run (A B A B …, fresh processes each repetition) so that
// machine noise hits both alike. Prints medians and ratios this/reference.
//
// Options (env): BENCH_REPS (default 5), BENCH_CALLS (default 500),
// BENCH_CODE_CACHE=off (start customerio-doctor without its V8 code cache,
// as on the very first run after an install or upgrade).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPS = Number(process.env.BENCH_REPS ?? 5);
const CALLS = Math.max(500, Number(process.env.BENCH_CALLS ?? 500));
const IN_FLIGHT = 16;

const SERVERS = {
  doctor: [resolve(root, "dist/customerio-doctor.js")],
  reference: [resolve(root, "bench/reference-server.mjs")],
};

// Offline calls only: no network, no credentials.
const CALL_ARGS = {
  diagnose_status_code: { status: 429, retry_after: "30", body: '{"meta":{"error":"Rate limit exceeded"}}' },
  explain_pitfall: { query: "created_at shows a date thousands of years in the future", limit: 3 },
  echo: { message: "created_at shows a date thousands of years in the future" },
};

/** A minimal JSON-RPC client over a spawned server's stdio. */
function start(kind) {
  const t0 = performance.now();
  const env = { PATH: process.env.PATH ?? "" };
  if (kind === "doctor" && process.env.BENCH_CODE_CACHE) env.CUSTOMERIO_DOCTOR_CODE_CACHE = process.env.BENCH_CODE_CACHE;
  const child = spawn(process.execPath, SERVERS[kind], {
    cwd: root,
    env,
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
        if (msg.error || msg.result?.isError) p.reject(new Error(JSON.stringify(msg.error ?? msg.result)));
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
  const peakRssKb = () => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return m ? Number(m[1]) : NaN;
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
  return { t0, request, notify, peakRssKb, stop };
}

const INIT = { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } };

async function coldStart(kind) {
  const s = start(kind);
  await s.request("initialize", INIT);
  const coldMs = performance.now() - s.t0;
  s.notify("notifications/initialized");
  const t1 = performance.now();
  await s.request("tools/list");
  const listMs = performance.now() - t1;
  return { s, coldMs, listMs };
}

async function sequential(s, tool, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await s.request("tools/call", { name: tool, arguments: CALL_ARGS[tool] });
    times.push(performance.now() - t);
  }
  return times;
}

async function throughput(s, tool, n) {
  let sent = 0;
  const t = performance.now();
  const worker = async () => {
    while (sent < n) {
      sent++;
      await s.request("tools/call", { name: tool, arguments: CALL_ARGS[tool] });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (n / (performance.now() - t)) * 1000;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);

const results = { doctor: {}, reference: {} };
const push = (kind, key, v) => (results[kind][key] ??= []).push(v);

process.stderr.write(`bench: ${REPS} interleaved repetitions, ${CALLS} sequential calls per tool, ${IN_FLIGHT} in flight\n`);
for (let rep = 0; rep < REPS; rep++) {
  for (const kind of rep % 2 === 0 ? ["doctor", "reference"] : ["reference", "doctor"]) {
    const { s, coldMs, listMs } = await coldStart(kind);
    push(kind, "cold", coldMs);
    push(kind, "list", listMs);
    const tools = kind === "doctor" ? ["diagnose_status_code", "explain_pitfall"] : ["echo"];
    for (const tool of tools) {
      await sequential(s, tool, 20); // warm-up
      const times = await sequential(s, tool, CALLS);
      push(kind, `${tool}.p50`, median(times));
      push(kind, `${tool}.p99`, quantile(times, 0.99));
      push(kind, `${tool}.tput`, await throughput(s, tool, CALLS));
    }
    push(kind, "rss", s.peakRssKb() / 1024);
    await s.stop();
  }
  process.stderr.write(`  repetition ${rep + 1}/${REPS} done\n`);
}

const m = (kind, key) => median(results[kind][key]);
const fmt = (v, unit) => (unit === "ms" ? `${v.toFixed(unit === "ms" && v < 1 ? 3 : 1)} ms` : unit === "MB" ? `${v.toFixed(1)} MB` : `${v.toFixed(0)} calls/s`);
const rows = [
  ["cold start (spawn → initialize answered)", m("doctor", "cold"), m("reference", "cold"), "ms", "≤ 0.55"],
  ["first tools/list", m("doctor", "list"), m("reference", "list"), "ms", ""],
  ["diagnose_status_code p50 vs echo p50", m("doctor", "diagnose_status_code.p50"), m("reference", "echo.p50"), "ms", "≤ 1.05"],
  ["diagnose_status_code p99 vs echo p99", m("doctor", "diagnose_status_code.p99"), m("reference", "echo.p99"), "ms", ""],
  ["explain_pitfall p50 vs echo p50", m("doctor", "explain_pitfall.p50"), m("reference", "echo.p50"), "ms", "≤ 1.05"],
  ["explain_pitfall p99 vs echo p99", m("doctor", "explain_pitfall.p99"), m("reference", "echo.p99"), "ms", ""],
  [`diagnose_status_code throughput, ${IN_FLIGHT} in flight`, m("doctor", "diagnose_status_code.tput"), m("reference", "echo.tput"), "calls/s", ""],
  [`explain_pitfall throughput, ${IN_FLIGHT} in flight`, m("doctor", "explain_pitfall.tput"), m("reference", "echo.tput"), "calls/s", ""],
  ["peak RSS", m("doctor", "rss"), m("reference", "rss"), "MB", "≤ 1.0"],
];

const out = [
  `| measure (median of ${REPS}) | customerio-doctor | reference (echo) | ratio | target |`,
  "|---|---|---|---|---|",
  ...rows.map(([name, a, b, unit, target]) => `| ${name} | ${fmt(a, unit)} | ${fmt(b, unit)} | ${(a / b).toFixed(2)}× | ${target} |`),
];
process.stdout.write(`${out.join("\n")}\n`);
if (process.env.BENCH_JSON) process.stdout.write(`${JSON.stringify(results)}\n`);
