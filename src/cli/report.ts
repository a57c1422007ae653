/**
 * `customerio-doctor report`: the redacted support report a person can attach
 * to a ticket — versions (Node, this tool, the Customer.io SDKs declared in
 * the working directory's package.json and locked in its lockfile), which
 * variables are set (never their values), the doctor's checks and, with a
 * person and a target, the delivery trace. Markdown, on stdout or --out FILE.
 * Every line passes the redactor.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync, constants as fsc } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_ENDPOINTS, DEFAULT_TIMEOUT_MS, type Config } from "../config.js";
import type { Finding } from "../findings.js";
import { declaredDependencies, lockedVersion, LOCKFILES } from "../audit/sdk-versions.js";
import { runDiagnostics, type DiagnosticsResult } from "../tools/run-diagnostics.js";
import { traceDelivery } from "../tools/trace-delivery.js";
import { VERSION } from "../version.js";
import { EXIT_OK, ToolArgumentsError, UsageError, type CliCommand } from "./context.js";
import { printable } from "./format.js";
import { TRACE_OPTIONS, traceArgsFromFlags, type TraceOut } from "./trace.js";

/** Lockfiles of big monorepos run to tens of megabytes; more than this is not read. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** A regular file's text (no FIFOs, devices or links followed), or undefined. */
function readSmallFile(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, fsc.O_RDONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return undefined;
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface SdkVersion {
  name: string;
  declared: string;
  locked: string | null;
  lockfile: string | null;
}

/** The Customer.io SDKs of the project in `dir`: package.json ranges and lockfile versions. */
export function customerioSdks(dir: string): SdkVersion[] {
  const manifest = readSmallFile(join(dir, "package.json"));
  if (manifest === undefined) return [];
  const deps = declaredDependencies(manifest);
  if (deps.length === 0) return [];
  const locks = LOCKFILES.map((name) => ({ name, text: readSmallFile(join(dir, name)) })).filter((l): l is { name: string; text: string } => l.text !== undefined);
  return deps.map((d) => {
    for (const l of locks) {
      const v = lockedVersion(l.name, l.text, d.name);
      if (v) return { name: d.name, declared: d.range, locked: v, lockfile: l.name };
    }
    return { name: d.name, declared: d.range, locked: null, lockfile: null };
  });
}

/** Whether each variable is set — never its value. */
export function variablesSet(config: Config): Array<{ variable: string; set: boolean; note?: string }> {
  const e = config.endpoints;
  const d = DEFAULT_ENDPOINTS;
  const key = (v: Config["siteId"]) => ({ set: v.raw !== undefined, ...(v.problem ? { note: `${v.problem}` } : {}) });
  const track = config.trackApiKey;
  return [
    { variable: "CUSTOMERIO_SITE_ID", ...key(config.siteId) },
    { variable: track.variable, ...key(track), ...(track.variable === "CUSTOMERIO_API_KEY" ? { note: "older alias of CUSTOMERIO_TRACK_API_KEY" } : {}) },
    { variable: "CUSTOMERIO_APP_API_KEY", ...key(config.appApiKey) },
    { variable: "CUSTOMERIO_REGION", set: config.region !== undefined || config.regionProblem !== undefined, ...(config.regionProblem ? { note: "not us or eu" } : {}) },
    { variable: "CUSTOMERIO_TIMEOUT_MS", set: config.timeoutMs !== DEFAULT_TIMEOUT_MS || config.timeoutProblem !== undefined, ...(config.timeoutProblem ? { note: "malformed" } : {}) },
    { variable: "CUSTOMERIO_TRACK_URL_US / _EU", set: e.track.us !== d.track.us || e.track.eu !== d.track.eu },
    { variable: "CUSTOMERIO_APP_URL_US / _EU", set: e.app.us !== d.app.us || e.app.eu !== d.app.eu },
    { variable: "CUSTOMERIO_STATUS_URL", set: e.status !== d.status },
  ];
}

const cell = (text: string) => printable(text).replace(/\|/g, "\\|");

function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `- **${cell(f.severity)}** \`${cell(f.code)}\`${f.pitfall ? ` (pitfall ${f.pitfall})` : ""}: ${cell(f.message)}${f.fix ? ` Fix: ${cell(f.fix)}` : ""}`);
}

export interface ReportParts {
  now: Date;
  sdks: SdkVersion[];
  variables: ReturnType<typeof variablesSet>;
  doctor: DiagnosticsResult;
  trace?: TraceOut;
}

export function formatReport(parts: ReportParts): string {
  const out: string[] = [
    "# Customer.io integration: support report",
    "",
    `Generated ${parts.now.toISOString()} by customerio-doctor ${VERSION}. Read-only checks; secrets are never included (keys at most as their last 4 characters).`,
    "",
    "## Versions",
    "",
    "| component | version |",
    "| --- | --- |",
    `| Node.js | ${process.version} |`,
    `| customerio-doctor | ${VERSION} |`,
    `| platform | ${process.platform} ${process.arch} |`,
    ...parts.sdks.map((s) => `| ${cell(s.name)} | ${s.locked ? `${cell(s.locked)} (${s.lockfile}; package.json ${cell(s.declared)})` : `${cell(s.declared)} (package.json; no lockfile entry)`} |`),
  ];
  if (parts.sdks.length === 0) out.push("", "No Customer.io SDK is declared in this directory's package.json.");
  out.push("", "## Configuration (set or not; values are never shown)", "", "| variable | set |", "| --- | --- |");
  for (const v of parts.variables) out.push(`| ${v.variable} | ${v.set ? "yes" : "no"}${v.note ? ` (${cell(v.note)})` : ""} |`);
  const d = parts.doctor;
  out.push("", "## Checks", "", `**Verdict:** ${cell(d.summary)}`, "");
  for (const c of d.checks) out.push(`- ${c.ok ? "✔" : "✖"} **${c.tool}**: ${cell(c.summary.split("\n")[0] ?? "")}`);
  if (d.findings.length) out.push("", "### Findings", "", ...findingLines(d.findings));
  if (parts.trace) {
    const t = parts.trace;
    out.push("", "## Delivery trace", "", `**Verdict:** ${cell(t.verdict)}`, "");
    for (const l of t.chain) out.push(`- ${l.status === "ok" ? "✔" : l.status === "broken" ? "✖" : l.status === "warning" ? "⚠" : "·"} ${l.step}: ${cell(l.summary)}`);
    if (t.deliveries.length) {
      out.push("", "| delivery | type | state | created |", "| --- | --- | --- | --- |");
      for (const x of t.deliveries) out.push(`| ${cell(x.id)} | ${x.type} | ${x.state} | ${x.created ?? ""} |`);
    }
    const codes = t.findings.filter((f) => f.severity !== "info").map((f) => `\`${cell(f.code)}\``);
    if (codes.length) out.push("", `Trace findings: ${codes.join(", ")}`);
    out.push("", `${t.requests} App API requests.`);
  }
  out.push("");
  return out.join("\n");
}

export const report: CliCommand = {
  name: "report",
  usage: `  customerio-doctor report [--id ID | --email E | --cio-id C] [--campaign N | --broadcast N | --transactional ID | --delivery ID] [--event NAME] [--out FILE]
      Write a redacted markdown support report: versions (Node, this tool, the
      Customer.io SDKs in ./package.json and the lockfile), which variables are
      set (never their values), the doctor's checks and, with a person and a
      target, the delivery trace.`,
  options: { ...TRACE_OPTIONS, out: { type: "string" } },
  async run(values, _positionals, ctx) {
    const traceArgs = traceArgsFromFlags(values, { personRequired: false });
    const doctorArgs: Record<string, unknown> = {};
    if (values.id !== undefined) doctorArgs.id = values.id;
    if (values.email !== undefined) doctorArgs.email = values.email;
    const hasTarget = traceArgs !== undefined && ["campaign_id", "broadcast_id", "transactional_id", "delivery_id", "event_name"].some((k) => k in traceArgs);
    if (values["cio-id"] !== undefined && !hasTarget) throw new UsageError("--cio-id needs a target (--campaign, --broadcast, --transactional, --delivery or --event); use --id or --email for the profile checks");
    const [doctor, traced] = await Promise.all([
      ctx.runTool(runDiagnostics, doctorArgs) as Promise<unknown> as Promise<DiagnosticsResult>,
      hasTarget ? (ctx.runTool(traceDelivery, traceArgs!) as Promise<unknown> as Promise<TraceOut>) : Promise.resolve(undefined),
    ]);
    const text = formatReport({
      now: new Date(),
      sdks: customerioSdks(ctx.cwd),
      variables: variablesSet(ctx.runtime.config),
      doctor,
      ...(traced ? { trace: traced } : {}),
    });
    const file = values.out as string | undefined;
    if (file === undefined) {
      ctx.out(text);
      return EXIT_OK;
    }
    const safe = ctx.runtime.redactor.redact(text);
    const path = resolve(ctx.cwd, file);
    try {
      writeFileSync(path, safe, { encoding: "utf8", mode: 0o600 });
    } catch (err) {
      throw new ToolArgumentsError(`could not write ${printable(file.slice(0, 200))}: ${err instanceof Error && "code" in err ? String((err as { code?: unknown }).code) : "write failed"}`);
    }
    ctx.out(`Support report written to ${printable(path)} (${Buffer.byteLength(safe)} bytes).\n`);
    return EXIT_OK;
  },
};
