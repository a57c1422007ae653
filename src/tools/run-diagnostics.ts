/**
 * run_diagnostics: the one call for "Customer.io is not working". It runs the
 * status page, Track and App credential checks (and a customer lookup when
 * one is named) at the same time, then ranks every finding into one verdict.
 */
import { setMaxListeners } from "node:events";
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { findingSchema, hasErrors, sortFindings, type Finding } from "../findings.js";
import { defineTool, NETWORK_READ_ONLY, type ToolContext, type ToolDefinition } from "./define.js";
import { keyed } from "./schema.js";
import { checkStatusPage } from "./check-status-page.js";
import { testTrackAuth } from "./test-track-auth.js";
import { testAppAuth } from "./test-app-auth.js";
import { lookupCustomer } from "./lookup-customer.js";
import { traceDelivery } from "./trace-delivery.js";
import { listReportingWebhooks } from "../cio/delivery-reads.js";
import { webhookFindings } from "../diagnosis/webhooks.js";

export interface DiagnosticCheck {
  tool: string;
  ok: boolean;
  summary: string;
  findings: Finding[];
}

// Typed by its key fields (src/tools/schema.ts): the output schema is in every tools/list; each
// check's findings have the shape of the top-level ones, which the schema types once.
const checkSchema = keyed<{ tool: z.ZodString; ok: z.ZodBoolean; summary: z.ZodString }, { findings: Finding[] }>({
  tool: z.string(),
  ok: z.boolean(),
  summary: z.string(),
});

export interface DiagnosticsResult {
  ok: boolean;
  checks: DiagnosticCheck[];
  findings: Finding[];
  elapsed_ms: number;
  summary: string;
}

/**
 * Codes that explain other failures: a missing key or a wrong region makes
 * every later call fail too, so they are fixed first whatever check saw them.
 */
const ROOT_CAUSES = [
  "missing_credentials",
  "malformed_credentials",
  "region_mismatch",
  "wrong_key_type",
  "invalid_credentials",
  "forbidden",
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTool = ToolDefinition<any, any>;

interface PlannedCheck {
  tool: AnyTool;
  args: Record<string, unknown>;
  /** A check that is not a tool of its own (the workspace's reporting webhooks). */
  run?: (ctx: ToolContext) => Promise<DiagnosticCheck>;
}

export const WEBHOOK_CHECK = "reporting_webhooks";

/** `GET /v1/reporting_webhooks`: is there an enabled webhook that receives bounces and spam complaints? */
async function reportingWebhooksCheck(ctx: ToolContext): Promise<DiagnosticCheck> {
  const key = ctx.config.appApiKey.value!;
  const region = ctx.config.region ?? "us";
  const read = await listReportingWebhooks({ http: await ctx.http(), region, token: key, signal: ctx.signal });
  if (!read.ok) {
    const summary = `The reporting webhooks could not be read (${read.failure.endpoint} → ${read.failure.detail}).`;
    return { tool: WEBHOOK_CHECK, ok: false, summary, findings: [] };
  }
  const findings = webhookFindings(read.data);
  const summary = findings.length
    ? findings[0]!.message
    : `${read.data.length} reporting webhook(s); bounces and spam complaints reach an enabled one.`;
  return { tool: WEBHOOK_CHECK, ok: !hasErrors(findings), summary, findings };
}

/** A signal that aborts with `parent`, with room for one check's concurrent requests. */
export function childSignal(parent: AbortSignal, listeners = 32): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(listeners, controller.signal);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener("abort", () => controller.abort(parent.reason), { once: true });
  return controller.signal;
}

/** First sentence of a summary, short enough for a progress line. */
function firstSentence(text: string, max = 160): string {
  const trimmed = text.trim();
  const end = trimmed.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? trimmed.slice(0, end + 1) : trimmed;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

function withoutFinalStop(text: string): string {
  return text.trim().replace(/[.。]+$/, "");
}

/** Whether a check's result says all is well (tools name this differently). */
function resultIsOk(result: Record<string, unknown>, findings: Finding[]): boolean {
  if (result.ok === false) return false;
  // lookup_customer reports `found` instead of `ok`.
  if (result.found === false) return false;
  return !hasErrors(findings);
}

function asFindings(value: unknown): Finding[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is Finding =>
      !!f && typeof f === "object" && typeof (f as Finding).code === "string" && typeof (f as Finding).message === "string",
  );
}

/** Turns a check that threw into a failed check; only our own messages are echoed. */
function failedCheck(tool: AnyTool, err: unknown, ctx: ToolContext): DiagnosticCheck {
  let message: string;
  if (err instanceof UserInputError) {
    message = `${tool.name} could not run: ${err.message}`;
  } else if (ctx.signal.aborted || (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError"))) {
    message = `${tool.name} did not finish before the diagnostics ran out of time or were cancelled.`;
  } else {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    ctx.log.error(`run_diagnostics: ${tool.name} failed: ${detail}`);
    message = `${tool.name} failed unexpectedly (${err instanceof Error ? err.name : "error"}); details were logged to stderr.`;
  }
  const finding: Finding = {
    code: "check_failed",
    severity: "error",
    message,
    fix: `Run ${tool.name} on its own to see whether the failure repeats.`,
  };
  return { tool: tool.name, ok: false, summary: message, findings: [finding] };
}

async function runCheck(check: PlannedCheck, ctx: ToolContext): Promise<DiagnosticCheck> {
  try {
    if (check.run) return await check.run(ctx);
    // Parse as the MCP server would, so each tool gets its schema defaults.
    const args = z.object(check.tool.inputSchema).parse(check.args);
    const result = (await check.tool.handler(args, ctx)) as Record<string, unknown>;
    const findings = sortFindings(asFindings(result.findings));
    const summary = typeof result.summary === "string" ? result.summary : `${check.tool.name} finished.`;
    return { tool: check.tool.name, ok: resultIsOk(result, findings), summary, findings };
  } catch (err) {
    return failedCheck(check.tool, err, ctx);
  }
}

/** All findings once each (same code and message), root causes first, then by severity. */
export function rankFindings(checks: readonly DiagnosticCheck[]): Finding[] {
  const seen = new Set<string>();
  const unique: Finding[] = [];
  for (const check of checks) {
    for (const f of check.findings) {
      const key = `${f.code}\u0000${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      unique.push(f);
    }
  }
  const rank = (f: Finding) => {
    const i = ROOT_CAUSES.indexOf(f.code);
    return i === -1 ? ROOT_CAUSES.length : i;
  };
  const byCause = unique.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i);
  return sortFindings(byCause.map(({ f }) => f));
}

/** "message — fix (code)": what is wrong, what to do, and the code to look it up by. */
function describeFinding(f: Finding): string {
  const problem = withoutFinalStop(firstSentence(f.message, 200));
  const text = f.fix ? `${problem} — ${withoutFinalStop(f.fix)}` : problem;
  return `${text} (${f.code})`;
}

/** The verdict: what is wrong, the fix first; or what passed. */
export function verdict(ok: boolean, checks: readonly DiagnosticCheck[], findings: readonly Finding[]): string {
  const problems = findings.filter((f) => f.severity !== "info");
  if (problems.length === 0) {
    const passed = checks.map((c) => withoutFinalStop(firstSentence(c.summary, 120))).join("; ");
    if (ok) return `All checks passed: ${passed}.`;
    const failed = checks.filter((c) => !c.ok).map((c) => `${c.tool}: ${withoutFinalStop(firstSentence(c.summary))}`);
    return `Not every check passed: ${failed.join("; ")}.`;
  }
  const [first, ...rest] = problems as [Finding, ...Finding[]];
  const errors = problems.filter((f) => f.severity === "error").length;
  const noun = errors > 0 ? (problems.length === 1 ? "problem" : "problems") : problems.length === 1 ? "warning" : "warnings";
  const head = ok
    ? `All checks passed, with ${problems.length} ${noun}: ${describeFinding(first)}`
    : problems.length === 1
      ? `1 ${noun}: ${describeFinding(first)}`
      : `${problems.length} ${noun}. Fix first: ${describeFinding(first)}`;
  if (rest.length === 0) return `${head}.`;
  // The others by code only: their messages are in the findings, said once there.
  const codes = [...new Set(rest.map((f) => f.code).filter((c) => c !== first.code))];
  const more = codes.length > 6 ? `, and ${codes.length - 6} more` : "";
  return codes.length ? `${head}. Also: ${codes.slice(0, 6).join(", ")}${more}.` : `${head}.`;
}

/** Normalised text, to tell whether a sentence was already said. */
function said(text: string): string {
  return withoutFinalStop(text).replace(/\s+/g, " ").toLowerCase();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const ICON: Record<Finding["severity"], string> = { error: "✖", warning: "⚠", info: "ℹ" };

/**
 * The markdown answer, each thing said once: the verdict (with the first fix), one line per check,
 * then the findings by code — a finding several checks saw is one line naming them, a message or
 * fix already said is not said again. Full evidence stays in structuredContent.
 */
export function renderDiagnostics(result: DiagnosticsResult): string {
  const spoken = new Set<string>();
  const first = result.findings.find((f) => f.severity !== "info");
  if (first) {
    spoken.add(said(firstSentence(first.message, 200)));
    if (first.fix) spoken.add(said(first.fix));
  }
  for (const f of result.findings) spoken.add(said(f.message)), spoken.add(said(firstSentence(f.message, 200)));
  const out = [result.ok ? "## Customer.io diagnostics: all checks passed" : "## Customer.io diagnostics: problems found", "", result.summary, "", "### Checks"];
  for (const c of result.checks) {
    const codes = [...new Set(c.findings.map((f) => f.code))];
    const line = clip(firstSentence(c.summary, 200), 160);
    // A check whose summary is one of the findings' messages points at the findings instead.
    const body = spoken.has(said(line)) || spoken.has(said(c.summary)) ? `see ${codes.join(", ")}` : line;
    out.push(`- ${c.ok ? "✔" : "✖"} **${c.tool}**: ${body}${codes.length && !body.startsWith("see ") && !c.ok && !codes.every((k) => body.includes(k)) ? ` (${codes.join(", ")})` : ""}`);
  }
  if (result.findings.length === 0) return out.join("\n");
  out.push("", "### Findings");
  const byCode = new Map<string, Finding[]>();
  for (const f of result.findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  const fixes = new Set<string>(first?.fix ? [said(first.fix)] : []);
  const firstMessage = first ? said(firstSentence(first.message, 200)) : "";
  let shown = 0;
  for (const [code, group] of byCode) {
    if (shown >= 8) {
      out.push(`- …and ${byCode.size - shown} more codes in the structured result.`);
      break;
    }
    shown += 1;
    const tools = result.checks.filter((c) => c.findings.some((f) => f.code === code)).map((c) => c.tool);
    const messages: string[] = [];
    const groupFixes: string[] = [];
    for (const f of group) {
      const m = said(firstSentence(f.message, 200));
      if (f !== first && m !== firstMessage && !messages.some((x) => said(x) === said(f.message))) messages.push(clip(f.message, 300));
      if (f.fix && !fixes.has(said(f.fix))) {
        fixes.add(said(f.fix));
        groupFixes.push(clip(f.fix, 300));
      }
    }
    const head = `- ${ICON[group[0]!.severity]} **${code}**${group[0]!.pitfall ? ` (pitfall ${group[0]!.pitfall})` : ""} (${tools.join(", ")})`;
    out.push(messages.length ? `${head}: ${messages.join(" / ")}` : `${head}: see the verdict above.`);
    if (groupFixes.length) out.push(`  - Fix: ${groupFixes.join(" / ")}`);
    const evidence = group.find((f) => f.evidence)?.evidence;
    if (evidence) out.push(`  - Evidence: ${clip(evidence, 160)}${group.filter((f) => f.evidence).length > 1 ? " (more in the structured result)" : ""}`);
  }
  return out.join("\n");
}

export const runDiagnostics = defineTool({
  name: "run_diagnostics",
  title: "Run all Customer.io checks",
  description:
    "Start here when Customer.io \"is not working\": status page, Track/App credentials, region and reporting webhooks at once; with id or email also that customer, plus the delivery trace given campaign_id, broadcast_id or transactional_id. One verdict, the fix first. Read-only.",
  inputSchema: {
    id: z.string().optional(),
    email: z.string().optional(),
    region: z.enum(["us", "eu", "auto"]).optional(),
    campaign_id: z.number().min(1).optional(),
    broadcast_id: z.number().min(1).optional(),
    transactional_id: z.union([z.number().min(1), z.string().min(1)]).optional(),
  },
  outputSchema: {
    ok: z.boolean(),
    checks: z.array(checkSchema),
    findings: z.array(findingSchema),
    elapsed_ms: z.number(),
    summary: z.string(),
  },
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<DiagnosticsResult> {
    const started = performance.now();
    const id = args.id?.trim();
    const email = args.email?.trim();
    // lookup_customer needs exactly one identifier; guessing which one was meant would check the wrong person.
    if (id && email) throw new UserInputError("give either id or email for the customer, not both.");
    if (args.id !== undefined && !id) throw new UserInputError("id is empty.");
    if (args.email !== undefined && !email) throw new UserInputError("email is empty.");

    const regionArgs = args.region ? { region: args.region } : {};
    const plan: PlannedCheck[] = [
      { tool: checkStatusPage, args: {} },
      { tool: testTrackAuth, args: regionArgs },
      { tool: testAppAuth, args: regionArgs },
    ];
    // Workspace-level, so before the person-level checks; it needs the App key.
    if (ctx.config.appApiKey.value) plan.push({ tool: traceDelivery, args: {}, run: reportingWebhooksCheck });
    if (id || email) {
      const customerArgs = id ? { id } : { email: email! };
      // A customer the lookup cannot use is bad input, not a failed check.
      const parsed = z.object(lookupCustomer.inputSchema).safeParse(customerArgs);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UserInputError(`${issue?.path.join(".") || "customer"}: ${issue?.message ?? "invalid value"}`);
      }
      plan.push({ tool: lookupCustomer, args: customerArgs });
    }
    const targets = (["campaign_id", "broadcast_id", "transactional_id"] as const).filter((k) => args[k] !== undefined);
    for (const k of ["campaign_id", "broadcast_id"] as const) {
      if (args[k] !== undefined && !Number.isSafeInteger(args[k])) throw new UserInputError(`${k} must be a whole number.`);
    }
    if (targets.length > 1) throw new UserInputError("give at most one of campaign_id, broadcast_id, transactional_id.");
    if (targets.length === 1) {
      if (!id && !email) throw new UserInputError(`${targets[0]} needs a customer (id or email) to trace it to.`);
      plan.push({ tool: traceDelivery, args: { ...(id ? { id } : { email: email! }), [targets[0]!]: args[targets[0]!] } });
    }


    // The checks must not send their own progress: the counts here are the ones the client sees.
    const checkCtx: ToolContext = { ...ctx, progress: () => {} };
    const total = plan.length;
    let done = 0;

    let onAbort: (() => void) | undefined;
    const aborted = new Promise<"aborted">((resolve) => {
      onAbort = () => resolve("aborted");
      if (ctx.signal.aborted) resolve("aborted");
      else ctx.signal.addEventListener("abort", onAbort, { once: true });
    });

    const checks = await Promise.all(
      plan.map(async (planned) => {
        // Each check gets its own signal tied to the call's: every request listens on its check's signal,
        // so concurrent checks do not pile more than a check's worth of listeners onto one signal.
        const outcome = await Promise.race([runCheck(planned, { ...checkCtx, signal: childSignal(ctx.signal) }), aborted]);
        const check = outcome === "aborted" ? { ...failedCheck(planned.tool, new Error("aborted"), ctx), ...(planned.run ? { tool: WEBHOOK_CHECK } : {}) } : outcome;
        done += 1;
        ctx.progress(done, total, `${check.tool} finished: ${firstSentence(check.summary, 120)}`);
        return check;
      }),
    );
    if (onAbort) ctx.signal.removeEventListener("abort", onAbort);

    const ok = checks.every((c) => c.ok);
    const findings = rankFindings(checks);
    return {
      ok,
      checks,
      findings,
      elapsed_ms: Math.round(performance.now() - started),
      summary: verdict(ok, checks, findings),
    };
  },
  render(result) {
    return renderDiagnostics(result);
  },
});
