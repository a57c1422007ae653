/**
 * The command line: every command runs the same tool handlers as the MCP
 * server (through runToolHandler), then prints for a person or as JSON.
 * Arguments are parsed with node:util parseArgs, strictly: an unknown
 * command or flag, a missing value, unparseable JSON or an unknown tool is a
 * usage error (exit 2, the message and the usage on stderr). Everything
 * printed passes the redactor (src/cli/io.ts). This path never runs under
 * the stdio server, so it owns stdout.
 */
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "../config.js";
import { describeToolError, UserInputError } from "../errors.js";
import { createRuntime, runToolHandler, type RunOptions, type ToolRuntime } from "../server.js";
import { TOOLS, findTool, type AnyTool } from "../tools/index.js";
import { runDiagnostics, type DiagnosticsResult } from "../tools/run-diagnostics.js";
import { auditCode } from "../tools/audit-code.js";
import { VERSION } from "../version.js";
import {
  EXIT_OK,
  EXIT_PROBLEMS,
  EXIT_USAGE,
  ToolArgumentsError,
  UsageError,
  atMostOne,
  positiveInteger,
  type CliCommand,
  type CliContext,
  type ParsedValues,
} from "./context.js";
import { createPalette, formatAuditReport, formatDoctorReport, printable, shouldUseColor, type AuditReport } from "./format.js";
import { createWriters, guardStreams } from "./io.js";
import { trace } from "./trace.js";
import { report } from "./report.js";

/** The tool's input exactly as the MCP server's schema accepts it; unknown keys are typos here. */
function validateArgs(tool: AnyTool, args: unknown): Record<string, unknown> {
  const parsed = z.object(tool.inputSchema).strict().safeParse(args);
  if (!parsed.success) throw new ToolArgumentsError(`invalid arguments for ${tool.name}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}

async function runTool(tool: AnyTool, args: Record<string, unknown>, runtime: ToolRuntime, options: RunOptions = {}): Promise<Record<string, unknown>> {
  try {
    return await runToolHandler(tool, validateArgs(tool, args), runtime, options);
  } catch (err) {
    if (err instanceof ToolArgumentsError) throw err;
    if (!(err instanceof UserInputError)) {
      runtime.log.error(`${tool.name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
    throw new ToolArgumentsError(describeToolError(err));
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The person and target flags shared by doctor, trace and report. */
const PERSON_TARGET = {
  id: { type: "string" },
  email: { type: "string" },
  campaign: { type: "string" },
  broadcast: { type: "string" },
  transactional: { type: "string" },
} as const;

/** `--transactional` is an integer id or a trigger name. */
const idOrName = (raw: string): number | string => (/^\d{1,15}$/.test(raw) ? Number(raw) : raw);

const doctor: CliCommand = {
  name: "doctor",
  usage: `  customerio-doctor doctor [--json] [--id ID | --email EMAIL] [--campaign N | --broadcast N | --transactional ID] [--region us|eu|auto]
      Check the status page, the Track and App credentials and the region (and
      one person's profile with --id or --email, and why a message did or did
      not reach them with a target). Exit 1 when something is wrong.`,
  options: { json: { type: "boolean" }, region: { type: "string" }, ...PERSON_TARGET },
  async run(values, _positionals, ctx) {
    const id = values.id as string | undefined;
    const email = values.email as string | undefined;
    const region = values.region as string | undefined;
    if (id !== undefined && email !== undefined) throw new UsageError("give --id or --email, not both");
    if (region !== undefined && !["us", "eu", "auto"].includes(region)) throw new UsageError(`--region must be us, eu or auto (got "${region.slice(0, 40)}")`);
    const target = atMostOne(values, ["campaign", "broadcast", "transactional"]);
    if (target && id === undefined && email === undefined) throw new UsageError(`--${target} needs a person: --id or --email`);
    const asJson = values.json === true;
    const toolArgs: Record<string, unknown> = {};
    if (id !== undefined) toolArgs.id = id;
    if (email !== undefined) toolArgs.email = email;
    if (region !== undefined) toolArgs.region = region;
    if (target === "campaign") toolArgs.campaign_id = positiveInteger("campaign", values.campaign as string);
    if (target === "broadcast") toolArgs.broadcast_id = positiveInteger("broadcast", values.broadcast as string);
    if (target === "transactional") toolArgs.transactional_id = idOrName(values.transactional as string);

    const result = (await ctx.runTool(runDiagnostics, toolArgs, {
      progress: (done, total, message) => {
        // A person at a terminal sees each check land; pipes and --json stay clean.
        if (!asJson && ctx.stderrIsTTY) ctx.err(`[${done}/${total}] ${printable(message)}\n`);
      },
    })) as unknown as DiagnosticsResult;
    ctx.out(asJson ? ctx.json(result) : formatDoctorReport(result, createPalette(ctx.color)));
    return result.ok ? EXIT_OK : EXIT_PROBLEMS;
  },
};

const AUDIT_FORMATS = ["text", "json", "sarif", "github"] as const;
type AuditFormat = (typeof AUDIT_FORMATS)[number];

const audit: CliCommand = {
  name: "audit",
  usage: `  customerio-doctor audit [PATH] [--json | --format text|json|sarif|github] [--max-files N]
      Scan code under PATH (default: the current directory) for Customer.io
      pitfalls and hard-coded keys, like a linter: one line per finding, JSON,
      SARIF 2.1.0 for code scanning, or GitHub workflow annotations. Exit 1 on
      any finding.`,
  options: { json: { type: "boolean" }, format: { type: "string" }, "max-files": { type: "string" } },
  maxPositionals: 1,
  async run(values, positionals, ctx) {
    const format = values.format as string | undefined;
    if (format !== undefined && !(AUDIT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${AUDIT_FORMATS.join(", ")} (got "${format.slice(0, 40)}")`);
    }
    if (values.json === true && format !== undefined && format !== "json") throw new UsageError("give --json or --format, not both");
    const chosen: AuditFormat = values.json === true ? "json" : ((format as AuditFormat | undefined) ?? "text");
    const toolArgs: Record<string, unknown> = { path: positionals[0] ?? "." };
    if (values["max-files"] !== undefined) toolArgs.max_files = positiveInteger("max-files", values["max-files"] as string);
    // A linter run lists every finding, not the tool's first page.
    toolArgs.limit = 1000;
    const result = (await ctx.runTool(auditCode, toolArgs, { roots: async () => [ctx.cwd] })) as unknown as AuditReport;

    if (chosen === "json") ctx.out(ctx.json(result));
    else if (chosen === "text") {
      const scannedFile = typeof result.path === "string" && statSync(result.path, { throwIfNoEntry: false })?.isFile() === true;
      ctx.out(formatAuditReport(result, createPalette(ctx.color), { cwd: ctx.cwd, scannedFile }));
    } else {
      const { formatAudit } = await import("../audit/format.js");
      ctx.out(formatAudit(result as unknown as Parameters<typeof formatAudit>[0], chosen, { cwd: ctx.cwd }));
    }
    return result.findings.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

const call: CliCommand = {
  name: "call",
  usage: `  customerio-doctor call TOOL ['JSON ARGS']
      Run any tool and print its structured result as JSON. Exit 1 when the
      tool could not run (its arguments are invalid).`,
  options: {},
  maxPositionals: 2,
  async run(_values, positionals, ctx) {
    const [name, rawArgs] = positionals;
    if (name === undefined) throw new UsageError("call needs a tool name");
    const tool = findTool(name);
    if (!tool) throw new UsageError(`unknown tool "${printable(name.slice(0, 80))}"; the tools are: ${TOOLS.map((t) => t.name).join(", ")}`);
    let toolArgs: unknown = {};
    if (rawArgs !== undefined) {
      try {
        toolArgs = JSON.parse(rawArgs);
      } catch (err) {
        throw new UsageError(`the arguments are not valid JSON (${err instanceof Error ? printable(err.message.slice(0, 200)) : "parse error"})`);
      }
    }
    if (!toolArgs || typeof toolArgs !== "object" || Array.isArray(toolArgs)) {
      throw new ToolArgumentsError("the arguments must be a JSON object, e.g. '{\"status\": 401}'");
    }
    const result = await ctx.runTool(tool, toolArgs as Record<string, unknown>, { roots: async () => [ctx.cwd] });
    ctx.out(ctx.json(result));
    return EXIT_OK;
  },
};

/**
 * Every command, in the order --help lists them. The trace and report
 * commands live in ./trace.ts and ./report.ts and are added here.
 */
const COMMANDS: CliCommand[] = [doctor, audit, trace, report, call];

export function usage(): string {
  return `customerio-doctor ${VERSION}: troubleshoot a Customer.io integration.

Usage:
  customerio-doctor
      Start the MCP stdio server (what Claude Code and Claude Desktop launch).
${COMMANDS.map((c) => c.usage).join("\n")}
  customerio-doctor --help | --version

Tools: ${TOOLS.map((t) => t.name).join(", ")}

Environment: CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY, CUSTOMERIO_APP_API_KEY,
CUSTOMERIO_REGION (us or eu; unset: detected), CUSTOMERIO_TIMEOUT_MS.

Exit status: 0 nothing wrong, 1 problems found or the tool could not run,
2 a bad command line (unknown command or flag, a missing or invalid value,
unparseable JSON, an unknown tool).
`;
}

/** parseArgs with the command's options, strictly; its errors become usage errors. */
function parseCommand(command: CliCommand, args: string[]): { values: ParsedValues; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0]! : String(err);
    throw new UsageError(`${command.name}: ${printable(message.slice(0, 300))}`);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== "option") continue;
    if (seen.has(t.name)) throw new UsageError(`${command.name}: --${t.name} was given twice`);
    seen.add(t.name);
    if (typeof t.value === "string" && t.value === "") throw new UsageError(`${command.name}: --${t.name} needs a value`);
  }
  const max = command.maxPositionals ?? 0;
  if (parsed.positionals.length > max) {
    const extra = printable(parsed.positionals[max]!.slice(0, 80));
    throw new UsageError(max === 0 ? `${command.name} takes no argument "${extra}"` : `${command.name} takes at most ${max} argument${max === 1 ? "" : "s"} (unexpected "${extra}")`);
  }
  return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
}

export async function runCli(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  // A closed pipe (`| head`) must not crash the process with EPIPE.
  process.stdout.on("error", () => {});
  const runtime = createRuntime(loadConfig(env));
  // From here on, nothing reaches stdout or stderr without the redactor.
  guardStreams(runtime.redactor);
  const io = createWriters(runtime.redactor);
  const ctx: CliContext = {
    runtime,
    out: io.out,
    err: io.err,
    color: shouldUseColor(process.stdout, env),
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    runTool: (tool, args, options) => runTool(tool, args, runtime, options),
    json,
  };
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.out(usage());
      return EXIT_OK;
    }
    if (first === "--version" || first === "-V") {
      if (rest.length > 0) throw new UsageError(`${first} takes no argument`);
      io.out(`${VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) {
      const shown = printable(first.slice(0, 80));
      throw new UsageError(first.startsWith("-") ? `unknown option ${shown}` : `unknown command "${shown}"`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(usage());
      return EXIT_OK;
    }
    const { values, positionals } = parseCommand(command, rest);
    return await command.run(values, positionals, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`customerio-doctor: ${err.message}\n\n${usage()}`);
      return EXIT_USAGE;
    }
    if (err instanceof ToolArgumentsError) {
      io.err(`customerio-doctor: ${err.message}\n`);
      return EXIT_PROBLEMS;
    }
    // An unexpected error's text may hold anything, so only its kind is shown.
    io.err(`customerio-doctor: failed unexpectedly (${err instanceof Error ? err.name : "error"}).\n`);
    return EXIT_PROBLEMS;
  } finally {
    // Open keep-alive sockets would otherwise keep the process alive.
    await runtime.close();
  }
}

/** Kept for callers that print the usage text directly. */
export const USAGE = usage();
