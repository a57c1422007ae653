// `npm run validate`: the clients' own validators on what this repository
// ships, with their output as they print it (the tests in
// test/packaging*.test.ts assert the same results):
//
//   mcpb validate manifest.json                      (@anthropic-ai/mcpb)
//   mcpb pack, then mcpb info on the file            (via scripts/pack-mcpb.mjs)
//   claude plugin validate --strict .                (the marketplace; @anthropic-ai/claude-code)
//   claude plugin validate --strict --profile directory plugin
//   inspector --cli --method tools/list --strict     (@modelcontextprotocol/inspector, on the built server)
//
// Claude Code and the Inspector run with a scratch HOME, without telemetry.
// Exits 1 when any of them fails. Needs `npm run build` first (npm run
// validate builds).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const mcpb = join(resolve(dirname(require.resolve("@anthropic-ai/mcpb")), ".."), "dist/cli/cli.js");
const claude = join(dirname(require.resolve("@anthropic-ai/claude-code/package.json")), "cli-wrapper.cjs");
const inspector = join(dirname(require.resolve("@modelcontextprotocol/inspector/package.json")), "clients/cli/build/index.js");

const scratch = mkdtempSync(join(tmpdir(), "cio-validate-"));
const env = {
  PATH: process.env.PATH ?? "",
  HOME: scratch,
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  DISABLE_TELEMETRY: "1",
  DISABLE_AUTOUPDATER: "1",
  DISABLE_ERROR_REPORTING: "1",
  CUSTOMERIO_DOCTOR_CODE_CACHE: "off",
};

let failed = 0;
function step(title, args, { okWhen, stderrOnly } = {}) {
  process.stdout.write(`\n$ ${title}\n`);
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  const out = `${stderrOnly ? "" : (r.stdout ?? "")}${r.stderr ?? ""}`.trimEnd() || "(no findings)";
  process.stdout.write(`${out}\n`);
  const ok = r.status === 0 && (!okWhen || okWhen(out));
  if (!ok) failed++;
  process.stdout.write(ok ? "→ ok\n" : `→ FAILED (exit ${r.status ?? r.signal})\n`);
}

const mcpbFile = join(scratch, "customerio-doctor.mcpb");
step("mcpb validate manifest.json", [mcpb, "validate", "manifest.json"]);
step("node scripts/pack-mcpb.mjs (mcpb pack)", ["scripts/pack-mcpb.mjs", mcpbFile]);
step("mcpb info <the .mcpb>", [mcpb, "info", mcpbFile]);
step("claude plugin validate --strict .", [claude, "plugin", "validate", "--strict", "."]);
step("claude plugin validate --strict --profile directory plugin", [claude, "plugin", "validate", "--strict", "--profile", "directory", "plugin"]);
step(
  "inspector --cli --method tools/list --strict node dist/customerio-doctor.js",
  [inspector, "--method", "tools/list", "--strict", process.execPath, "dist/customerio-doctor.js"],
  // stdout is the tools/list answer; the lint report is on stderr. Warnings do not
  // change the Inspector's exit code; here they fail the step.
  { stderrOnly: true, okWhen: (out) => !/\d+ errors?, \d+ warnings?/.test(out) },
);

rmSync(scratch, { recursive: true, force: true });
process.stdout.write(`\n${failed === 0 ? "all validators passed" : `${failed} validator step(s) failed`}\n`);
process.exit(failed === 0 ? 0 : 1);
