// trace_delivery benchmark (not a test: figures are printed, never asserted).
// The shipped bundle over stdio with a real MCP client, against the local
// sandbox (dist/sandbox.mjs) on 127.0.0.1.
//
// 1. Latency: every sandbox answer is delayed by 150 ms. For each scenario,
//    the wall time of one trace as a ratio to its longest chain of dependent
//    requests (the trace reports that chain as `request_rounds`), and the
//    requests it made. Target: ratio <= 1.3. Scenarios run 1.1 s apart so
//    the App API limiter's window starts empty for each.
// 2. Rate: 20 traces in a loop, then 20 at once, without injected latency:
//    the highest number of App API requests the sandbox saw in any 1 s
//    window, and the mean rate. Target: <= 10 per second.
//
// Usage: npm run build && node bench/trace.mjs   (BENCH_TRACE_REPS, default 5)
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLE = resolve(root, "dist/customerio-doctor.js");
const REPS = Math.max(1, Number(process.env.BENCH_TRACE_REPS ?? 5));
const LATENCY_MS = 150;
if (!existsSync(BUNDLE)) {
  process.stderr.write("dist/ is missing: run `npm run build` first\n");
  process.exit(1);
}
const { startSandbox, SANDBOX, TRACE_CASES, traceArgs } = await import(resolve(root, "dist/sandbox.mjs"));

const sandbox = await startSandbox();
const client = new Client({ name: "trace-bench", version: "1.0.0" });
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: { PATH: process.env.PATH ?? "", ...sandbox.env(), CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey, CUSTOMERIO_REGION: "us", CUSTOMERIO_TIMEOUT_MS: "5000" },
    stderr: "ignore",
  }),
);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function trace(args) {
  const started = performance.now();
  const res = await client.callTool({ name: "trace_delivery", arguments: args });
  const ms = performance.now() - started;
  if (res.isError) throw new Error(`trace_delivery ${JSON.stringify(args)}: ${res.content?.[0]?.text}`);
  return { ms, out: res.structuredContent };
}

const SCENARIOS = [
  ["campaign never triggered (event only)", traceArgs("trigger_event_mismatch")],
  ["email suppressed (by email: search first)", { email: "tr-suppressed@example.com", campaign_id: 11 }],
  ["push, no device", traceArgs("no_push_device")],
  ["segment still building", traceArgs("segment_building")],
  ["from a delivery id", traceArgs("bounced")],
  ["transactional by trigger name", traceArgs("transactional_queues_drafts")],
  ["broadcast trigger errors", traceArgs("broadcast_trigger_failed")],
  ["deleted person", traceArgs("person_deleted")],
];

try {
  // Warm the server (module load, first connections) outside the measurement.
  await trace(traceArgs("delivered"));
  await sleep(1100);

  sandbox.setFault("*", { kind: "delay", ms: LATENCY_MS });
  const rows = [];
  for (const [name, args] of SCENARIOS) {
    const walls = [];
    let out;
    for (let i = 0; i < REPS; i++) {
      await sleep(1100);
      const r = await trace(args);
      walls.push(r.ms);
      out = r.out;
    }
    const chain = out.request_rounds * LATENCY_MS;
    rows.push({ name, requests: out.requests, rounds: out.request_rounds, wall: median(walls), ratio: median(walls) / chain });
  }
  sandbox.setFault("*", undefined);

  process.stdout.write(`\ntrace_delivery with ${LATENCY_MS} ms per request (median of ${REPS}; chain = longest run of dependent requests × ${LATENCY_MS} ms)\n\n`);
  process.stdout.write("| scenario | requests | dependent rounds | wall ms | chain ms | wall / chain |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
  for (const r of rows) {
    process.stdout.write(`| ${r.name} | ${r.requests} | ${r.rounds} | ${Math.round(r.wall)} | ${r.rounds * LATENCY_MS} | ${r.ratio.toFixed(2)}× |\n`);
  }
  const worst = Math.max(...rows.map((r) => r.ratio));
  process.stdout.write(`\nworst ratio ${worst.toFixed(2)}× (target <= 1.3×); most requests ${Math.max(...rows.map((r) => r.requests))} (bound 12)\n`);

  // Rate: the process-wide limiter against 20 traces, sequential then concurrent.
  const cases = Object.keys(TRACE_CASES);
  for (const mode of ["in a loop", "at once"]) {
    await sleep(1100);
    sandbox.reset();
    const started = performance.now();
    if (mode === "in a loop") for (let i = 0; i < 20; i++) await trace(traceArgs(cases[i % cases.length]));
    else await Promise.all(Array.from({ length: 20 }, (_, i) => trace(traceArgs(cases[i % cases.length]))));
    const seconds = (performance.now() - started) / 1000;
    const at = sandbox.state.arrivals.filter((_, i) => sandbox.requests()[i].host.startsWith("app-"));
    let peak = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i] - at[j] >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    process.stdout.write(
      `20 traces ${mode}: ${at.length} App API requests in ${seconds.toFixed(1)} s = ${(at.length / seconds).toFixed(1)} req/s on average; at most ${peak} in any 1 s window (target <= 10)\n`,
    );
  }
} finally {
  await client.close().catch(() => {});
  await sandbox.close();
}
