/**
 * `createServer(config, deps)` builds the MCP server used by the stdio entry,
 * the tests and any future transport. Nothing here touches the network or
 * loads heavy modules: the HTTP client is created on the first tool call
 * that needs it.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { configSecrets, type Config } from "./config.js";
import { UserInputError, describeToolError } from "./errors.js";
import { SERVER_INSTRUCTIONS } from "./instructions.js";
import { createLogger, type Logger } from "./log.js";
import { Redactor } from "./redact.js";
import type { CioHttp } from "./cio/types.js";
import { TOOLS } from "./tools/index.js";
import type { ToolContext, ToolDefinition } from "./tools/define.js";
import { registerResources } from "./resources.js";
import { registerPrompts } from "./prompts.js";
import { VERSION } from "./version.js";

export interface ServerDeps {
  /** Builds the HTTP client; defaults to the undici client, loaded lazily. */
  createHttp?: (config: Config, redactor: Redactor, log: Logger) => Promise<CioHttp>;
  logger?: Logger;
  redactor?: Redactor;
  now?: () => Date;
  /** The working directory file tools are confined to (default process.cwd()). */
  cwd?: string;
}

export interface ToolRuntime {
  config: Config;
  redactor: Redactor;
  log: Logger;
  http(): Promise<CioHttp>;
  now(): Date;
  cwd: string;
  /** Closes the HTTP client if one was created. */
  close(): Promise<void>;
}

/** Shared state of one server (or one CLI run): config, redaction, HTTP. */
export function createRuntime(config: Config, deps: ServerDeps = {}): ToolRuntime {
  const redactor = deps.redactor ?? new Redactor(configSecrets(config));
  for (const s of configSecrets(config)) redactor.add(s);
  if (config.siteId.value && config.trackApiKey.value) redactor.addBasic(config.siteId.value, config.trackApiKey.value);
  const log = deps.logger ?? createLogger(redactor);
  let httpPromise: Promise<CioHttp> | undefined;
  const http = () => {
    httpPromise ??= deps.createHttp
      ? deps.createHttp(config, redactor, log)
      : import("./cio/http.js").then((m) => m.createHttpClient(config, { redactor, log }));
    return httpPromise;
  };
  return {
    config,
    redactor,
    log,
    http,
    now: deps.now ?? (() => new Date()),
    cwd: deps.cwd ?? process.cwd(),
    async close() {
      if (httpPromise) await (await httpPromise.catch(() => undefined))?.close().catch(() => undefined);
    },
  };
}

/** Longest a tool may take: the contract's bound, less a margin to answer. */
export function toolDeadlineMs(config: Config): number {
  return 2 * config.timeoutMs + 800;
}

export interface RunOptions {
  signal?: AbortSignal;
  progress?: ToolContext["progress"];
  roots?: () => Promise<string[]>;
}

/**
 * Runs one tool's handler with a full context. Used by the MCP wrapper and
 * by the CLI, so both give the same answers. Throws only for inputs the tool
 * refuses (UserInputError and friends).
 */
export async function runToolHandler(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  runtime: ToolRuntime,
  options: RunOptions = {},
): Promise<Record<string, unknown>> {
  const deadline = AbortSignal.timeout(toolDeadlineMs(runtime.config));
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const ctx: ToolContext = {
    config: runtime.config,
    redactor: runtime.redactor,
    log: runtime.log,
    http: runtime.http,
    signal,
    progress: options.progress ?? (() => {}),
    roots: options.roots ?? (async () => [runtime.cwd]),
    now: runtime.now,
  };
  const result = (await tool.handler(args as never, ctx)) as Record<string, unknown>;
  return runtime.redactor.redactDeep(result);
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

export function createServer(config: Config, deps: ServerDeps = {}): { server: McpServer; runtime: ToolRuntime } {
  const runtime = createRuntime(config, deps);
  const server = new McpServer(
    { name: "customerio-doctor", title: "Customer.io Doctor", version: VERSION },
    { capabilities: { logging: {} }, instructions: SERVER_INSTRUCTIONS },
  );

  // Warnings and errors also reach the client as MCP log notifications.
  runtime.log.attach((level, message) => {
    if (level !== "warning" && level !== "error") return;
    if (!server.isConnected()) return;
    server.sendLoggingMessage({ level, logger: "customerio-doctor", data: message }).catch(() => {});
  });

  const roots = async (): Promise<string[]> => {
    const dirs = [runtime.cwd];
    if (!server.server.getClientCapabilities()?.roots) return dirs;
    try {
      const { roots: list } = await server.server.listRoots(undefined, { timeout: 2000 });
      for (const r of list) {
        if (r.uri.startsWith("file://")) {
          try {
            dirs.push(decodeURIComponent(new URL(r.uri).pathname));
          } catch {
            /* a malformed root is ignored */
          }
        }
      }
    } catch {
      /* the client did not answer roots/list: the cwd alone */
    }
    return dirs;
  };

  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (
        args: Record<string, unknown>,
        extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
      ): Promise<CallToolResult> => {
        const token = extra._meta?.progressToken;
        const progress: ToolContext["progress"] = (value, total, message) => {
          if (token === undefined) return;
          extra
            .sendNotification({
              method: "notifications/progress",
              params: { progressToken: token, progress: value, total, message },
            })
            .catch(() => {});
        };
        let timer: NodeJS.Timeout | undefined;
        try {
          // Safety net: the tools bound their own time; this catches a bug.
          const late = new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`${tool.name} did not finish within its time bound`)),
              toolDeadlineMs(config) + 150,
            );
          });
          const result = await Promise.race([
            runToolHandler(tool, args, runtime, { signal: extra.signal, progress, roots }),
            late,
          ]);
          const text = runtime.redactor.redact(tool.render(result as never));
          return { content: [{ type: "text", text }], structuredContent: result };
        } catch (err) {
          const detail = `${tool.name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
          // Bad arguments are the caller's to fix, not a server fault.
          if (err instanceof UserInputError) runtime.log.debug(detail);
          else runtime.log.error(detail);
          return errorResult(runtime.redactor.redact(describeToolError(err)));
        } finally {
          if (timer) clearTimeout(timer);
        }
      },
    );
  }

  registerResources(server);
  registerPrompts(server);
  return { server, runtime };
}
