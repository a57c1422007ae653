/**
 * What every CLI command gets, and how a command is declared. A command
 * module (doctor, audit, call here; trace and report in ./trace.ts and
 * ./report.ts) exports a `CliCommand`; src/cli/main.ts parses its options
 * with node:util parseArgs (strict: an unknown flag is a usage error, exit
 * 2), then calls `run` with the parsed values and a `CliContext`.
 *
 * Output goes only through `ctx.out` / `ctx.err`: both redact (the one
 * writer, src/cli/io.ts, also guards process.stdout and process.stderr).
 */
import type { ParseArgsConfig } from "node:util";
import type { RunOptions, ToolRuntime } from "../server.js";
import type { AnyTool } from "../tools/index.js";

export const EXIT_OK = 0;
/** Problems found, or the tool could not run. */
export const EXIT_PROBLEMS = 1;
/** A bad command line. */
export const EXIT_USAGE = 2;

/** A command line the CLI cannot use: exit 2 with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Arguments a tool refuses, or a tool that failed: the tool could not run (exit 1). */
export class ToolArgumentsError extends Error {
  override name = "ToolArgumentsError";
}

export interface CliContext {
  runtime: ToolRuntime;
  /** Writes to stdout, redacted. */
  out(text: string): void;
  /** Writes to stderr, redacted. */
  err(text: string): void;
  /** Whether stdout is a terminal that wants colour (NO_COLOR respected). */
  color: boolean;
  /** Whether stderr is a terminal (progress lines go there only then). */
  stderrIsTTY: boolean;
  cwd: string;
  /**
   * Runs a tool as the MCP server does (same handler, same deadline,
   * arguments checked strictly against its input schema); throws
   * ToolArgumentsError when the tool could not run.
   */
  runTool(tool: AnyTool, args: Record<string, unknown>, options?: RunOptions): Promise<Record<string, unknown>>;
  /** Pretty JSON with a trailing newline. */
  json(value: unknown): string;
}

export type ParsedValues = Record<string, string | boolean | undefined>;

export interface CliCommand {
  name: string;
  /** Usage lines for --help, e.g. "customerio-doctor trace (--id ID | …) [--json]\n    What it does." */
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Most positionals the command takes (default 0). */
  maxPositionals?: number;
  run(values: ParsedValues, positionals: string[], ctx: CliContext): Promise<number>;
}

/** A positive whole number from an option, or a usage error. */
export function positiveInteger(name: string, raw: string): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive whole number (got "${raw.slice(0, 40)}")`);
  return Number(raw);
}

/** At most one of these options; returns the one given, if any. */
export function atMostOne(values: ParsedValues, names: readonly string[]): string | undefined {
  const given = names.filter((n) => values[n] !== undefined);
  if (given.length > 1) throw new UsageError(`give at most one of ${names.map((n) => `--${n}`).join(", ")} (got ${given.map((n) => `--${n}`).join(" and ")})`);
  return given[0];
}
