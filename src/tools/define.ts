/**
 * A tool is plain data plus a handler: `defineTool` only checks the types.
 * The server (and the CLI) register the same definitions, so there is one
 * implementation of every tool.
 */
import type { z } from "zod";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Redactor } from "../redact.js";
import type { CioHttp } from "../cio/types.js";

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Everything a tool may use. Tests build it with fakes. */
export interface ToolContext {
  config: Config;
  redactor: Redactor;
  log: Logger;
  /** The HTTP client, created on first use (nothing is loaded before). */
  http(): Promise<CioHttp>;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
  /** Reports progress when the client asked for it; never throws. */
  progress(progress: number, total: number, message: string): void;
  /** Directories file-reading tools may look in (cwd and MCP roots). */
  roots(): Promise<string[]>;
  now(): Date;
}

export interface ToolDefinition<I extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  handler(args: z.infer<z.ZodObject<I>>, ctx: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
  /** Short markdown rendering of the structured result. */
  render(result: z.infer<z.ZodObject<O>>): string;
  /**
   * "small" when the tool answers from the knowledge base alone (no files,
   * payloads or API answers). Informational only: the server no longer
   * changes V8 flags at run time.
   */
  workingSet?: "small";
}

export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}

/** Read-only, side-effect-free annotations for offline tools. */
export const OFFLINE_READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** Read-only annotations for tools that call Customer.io or its status page. */
export const NETWORK_READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
