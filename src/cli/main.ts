/**
 * The command line: `doctor`, `audit` and `call` run the same tool handlers
 * as the MCP server (through runToolHandler), then print for a person or as
 * JSON. This path never runs under the stdio server, so it owns stdout.
 */
import { statSync } from "node:fs";
import { z } from "zod";
import { loadConfig } from "../config.js";
import { describeToolError, UserInputError } from "../errors.js";
import { createRuntime, runToolHandler, type RunOptions, type ToolRuntime } from "../server.js";
import { TOOLS, findTool, type AnyTool } from "../tools/index.js";
import { runDiagnostics, type DiagnosticsResult } from "../tools/run-diagnostics.js";
import { auditCode } from "../tools/audit-code.js";
import { VERSION } from "../version.js";
import { createPalette, formatAuditReport, formatDoctorReport, shouldUseColor, type AuditReport } from "./format.js";

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

export const USAGE = `customerio-doctor ${VERSION}: troubleshoot a Customer.io integration.

Usage:
  customerio-doctor
      Start the MCP stdio server (what Claude Code and Claude Desktop launch).
  customerio-doctor doctor [--json] [--id ID | --email EMAIL] [--region us|eu|auto]
      Check the status page, the Track and App credentials and the region
      (and one customer's profile with --id or --email).
  customerio-doctor audit [PATH] [--json] [--max-files N]
      Scan code under PATH (default: the current directory) for Customer.io
      pitfalls and hard-coded keys, one line per finding.
  customerio-doctor call TOOL ['JSON ARGS']
      Run any tool and print its structured result as JSON.
  customerio-doctor --help | --version

Tools: ${TOOLS.map((t) => t.name).join(", ")}

Environment: CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY, CUSTOMERIO_APP_API_KEY,
CUSTOMERIO_REGION (us or eu; unset: detected), CUSTOMERIO_TIMEOUT_MS.

Exit status: 0 nothing wrong, 1 problems found or the tool could not run,
2 bad arguments.
`;

/** A command line the CLI cannot use: exit 2 with the usage. */
class UsageError extends Error {
  override name = "UsageError";
}

interface ParsedArgs {
  flags: Set<string>;
  options: Map<string, string>;
  positionals: string[];
}

/** Splits `args` into known flags, `--name value` / `--name=value` options and positionals. */
function parseArgs(args: string[], spec: { flags: string[]; options: string[] }): ParsedArgs {
  const parsed: ParsedArgs = { flags: new Set(), options: new Map(), positionals: [] };
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.flags.includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      parsed.flags.add(name);
    } else if (spec.options.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
        throw new UsageError(`${name} needs a value`);
      }
      if (parsed.options.has(name)) throw new UsageError(`${name} was given twice`);
      parsed.options.set(name, value);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return parsed;
}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const io: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** The tool's input exactly as the MCP server's schema accepts it; unknown keys are typos here. */
function validateArgs(tool: AnyTool, args: unknown): Record<string, unknown> {
  const parsed = z.object(tool.inputSchema).strict().safeParse(args);
  if (!parsed.success) throw new ToolArgumentsError(`invalid arguments for ${tool.name}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}

/** Arguments a tool refuses: the tool could not run (exit 1), the command line was fine. */
class ToolArgumentsError extends Error {
  override name = "ToolArgumentsError";
}

async function withRuntime<T>(use: (runtime: ToolRuntime) => Promise<T>): Promise<T> {
  const runtime = createRuntime(loadConfig(process.env));
  try {
    return await use(runtime);
  } finally {
    // Open keep-alive sockets would otherwise keep the process alive.
    await runtime.close();
  }
}

async function runTool(
  tool: AnyTool,
  args: Record<string, unknown>,
  runtime: ToolRuntime,
  options: RunOptions = {},
): Promise<Record<string, unknown>> {
  try {
    return await runToolHandler(tool, validateArgs(tool, args), runtime, options);
  } catch (err) {
    if (err instanceof ToolArgumentsError) throw err;
    if (!(err instanceof UserInputError)) {
      runtime.log.error(`${tool.name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
    throw new ToolArgumentsError(runtime.redactor.redact(describeToolError(err)));
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function doctorCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { flags: ["--json"], options: ["--id", "--email", "--region"] });
  if (parsed.positionals.length > 0) throw new UsageError(`doctor takes no argument "${parsed.positionals[0]}"`);
  const id = parsed.options.get("--id");
  const email = parsed.options.get("--email");
  const region = parsed.options.get("--region");
  if (id !== undefined && email !== undefined) throw new UsageError("give --id or --email, not both");
  if (region !== undefined && !["us", "eu", "auto"].includes(region)) {
    throw new UsageError(`--region must be us, eu or auto (got "${region}")`);
  }
  const asJson = parsed.flags.has("--json");
  const toolArgs: Record<string, unknown> = {};
  if (id !== undefined) toolArgs.id = id;
  if (email !== undefined) toolArgs.email = email;
  if (region !== undefined) toolArgs.region = region;

  const result = (await withRuntime((runtime) =>
    runTool(runDiagnostics, toolArgs, runtime, {
      progress: (done, total, message) => {
        // A person at a terminal sees each check land; pipes and --json stay clean.
        if (!asJson && process.stderr.isTTY) io.err(`[${done}/${total}] ${message}\n`);
      },
    }),
  )) as unknown as DiagnosticsResult;

  if (asJson) io.out(json(result));
  else io.out(formatDoctorReport(result, createPalette(shouldUseColor(process.stdout, process.env))));
  return result.ok ? EXIT_OK : EXIT_PROBLEMS;
}

async function auditCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { flags: ["--json"], options: ["--max-files"] });
  if (parsed.positionals.length > 1) throw new UsageError("audit takes one path");
  const toolArgs: Record<string, unknown> = { path: parsed.positionals[0] ?? "." };
  const maxFiles = parsed.options.get("--max-files");
  if (maxFiles !== undefined) {
    if (!/^\d+$/.test(maxFiles) || Number(maxFiles) < 1) throw new UsageError("--max-files must be a positive whole number");
    toolArgs.max_files = Number(maxFiles);
  }
  const cwd = process.cwd();
  const result = (await withRuntime((runtime) =>
    runTool(auditCode, toolArgs, runtime, { roots: async () => [cwd] }),
  )) as unknown as AuditReport;

  if (parsed.flags.has("--json")) io.out(json(result));
  else {
    const scannedFile = typeof result.path === "string" && statSync(result.path, { throwIfNoEntry: false })?.isFile() === true;
    io.out(formatAuditReport(result, createPalette(shouldUseColor(process.stdout, process.env)), { cwd, scannedFile }));
  }
  return result.findings.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

async function callCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { flags: [], options: [] });
  const [name, rawArgs, extra] = parsed.positionals;
  if (name === undefined) throw new UsageError("call needs a tool name");
  if (extra !== undefined) throw new UsageError("call takes a tool name and one JSON argument (quote it)");
  const tool = findTool(name);
  if (!tool) throw new ToolArgumentsError(`unknown tool "${name}"; the tools are: ${TOOLS.map((t) => t.name).join(", ")}`);
  let toolArgs: unknown = {};
  if (rawArgs !== undefined) {
    try {
      toolArgs = JSON.parse(rawArgs);
    } catch (err) {
      throw new ToolArgumentsError(`the arguments are not valid JSON (${err instanceof Error ? err.message : "parse error"})`);
    }
  }
  if (!toolArgs || typeof toolArgs !== "object" || Array.isArray(toolArgs)) {
    throw new ToolArgumentsError("the arguments must be a JSON object, e.g. '{\"status\": 401}'");
  }
  const result = await withRuntime((runtime) =>
    runTool(tool, toolArgs as Record<string, unknown>, runtime, { roots: async () => [process.cwd()] }),
  );
  io.out(json(result));
  return EXIT_OK;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  doctor: doctorCommand,
  audit: auditCommand,
  call: callCommand,
};

export async function runCli(argv: string[]): Promise<number> {
  // A closed pipe (`| head`) must not crash the process with EPIPE.
  process.stdout.on("error", () => {});
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.out(USAGE);
      return EXIT_OK;
    }
    if (first === "--version" || first === "-V") {
      io.out(`${VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS[first];
    if (!command) throw new UsageError(first.startsWith("-") ? `unknown option ${first}` : `unknown command "${first}"`);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(USAGE);
      return EXIT_OK;
    }
    return await command(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`customerio-doctor: ${err.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (err instanceof ToolArgumentsError) {
      io.err(`customerio-doctor: ${err.message}\n`);
      return EXIT_PROBLEMS;
    }
    // Unreachable in practice; an unexpected error's text may hold anything, so only its kind is shown.
    io.err(`customerio-doctor: failed unexpectedly (${err instanceof Error ? err.name : "error"}).\n`);
    return EXIT_PROBLEMS;
  }
}
