/**
 * `createServer(config, deps)` builds the MCP server used by the stdio entry,
 * the tests and any future transport. Nothing here touches the network or
 * loads heavy modules: the HTTP client is created on the first tool call
 * that needs it.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  ListToolsRequestSchema,
  type CallToolResult,
  type JSONRPCRequest,
  type ListToolsResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { setFlagsFromString } from "node:v8";
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
  const started = performance.now();
  let signal: AbortSignal | undefined;
  const ctx: ToolContext = {
    config: runtime.config,
    redactor: runtime.redactor,
    log: runtime.log,
    http: runtime.http,
    // Made on first use: offline tools never read it, and a timer per call is not free.
    get signal(): AbortSignal {
      if (!signal) {
        const left = Math.max(0, Math.floor(toolDeadlineMs(runtime.config) - (performance.now() - started)));
        const deadline = AbortSignal.timeout(left);
        signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
      }
      return signal;
    },
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

type RequestHandler = (request: JSONRPCRequest, extra: unknown) => Promise<unknown>;

/** The SDK's table of request handlers (by method), when it can be reached. */
function requestHandlers(server: McpServer): Map<string, RequestHandler> | undefined {
  const handlers = (server.server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  return handlers instanceof Map ? (handlers as Map<string, RequestHandler>) : undefined;
}

/** Set by the bundle build: the tools/list answer of the built server, as JSON. */
declare const CUSTOMERIO_DOCTOR_TOOL_LIST: string | undefined;

/**
 * The SDK converts every tool's zod schemas to JSON Schema on each
 * tools/list. The tools never change once registered, so the answer is made
 * once: the bundle carries the answer its build computed (the list does not
 * depend on the configuration), and otherwise the SDK's own answer is kept.
 * If the list ever changes, the SDK computes it again. Without access to the
 * SDK's handler, nothing changes.
 */
function serveToolListOnce(server: McpServer): void {
  const computeList = requestHandlers(server)?.get("tools/list");
  if (typeof computeList !== "function") return;
  let built = typeof CUSTOMERIO_DOCTOR_TOOL_LIST === "string" ? CUSTOMERIO_DOCTOR_TOOL_LIST : undefined;
  let list: Promise<ListToolsResult> | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, (request, extra) => {
    list ??= (
      built !== undefined
        ? Promise.resolve(JSON.parse(built) as ListToolsResult)
        : (computeList(request as JSONRPCRequest, extra) as Promise<ListToolsResult>)
    ).then(deepFreeze, (err: unknown) => {
      list = undefined;
      throw err;
    });
    return list;
  });
  const listChanged = server.sendToolListChanged.bind(server);
  server.sendToolListChanged = () => {
    built = undefined;
    list = undefined;
    listChanged();
  };
}

let youngGenerationGrows = false;

/**
 * The bundled server starts with a young generation that does not grow
 * (scripts/build.mjs), which is all answering from the knowledge base
 * needs. A tool that can take large inputs (files, payloads, API
 * answers) runs with V8's default growth, restored here for the rest of the
 * process; elsewhere this only sets the default again.
 */
function letYoungGenerationGrow(): void {
  if (youngGenerationGrows) return;
  youngGenerationGrows = true;
  setFlagsFromString("--semi-space-growth-factor=2");
}

/**
 * The SDK's default validator (it checks answers to elicitation requests,
 * which these tools never send), built on first use: building Ajv is a
 * noticeable part of start-up.
 */
function validatorOnFirstUse(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}

export function createServer(config: Config, deps: ServerDeps = {}): { server: McpServer; runtime: ToolRuntime } {
  const runtime = createRuntime(config, deps);
  const server = new McpServer(
    { name: "customerio-doctor", title: "Customer.io Doctor", version: VERSION },
    { capabilities: { logging: {} }, instructions: SERVER_INSTRUCTIONS, jsonSchemaValidator: validatorOnFirstUse() },
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
        if (tool.workingSet !== "small") letYoungGenerationGrow();
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

  serveToolListOnce(server);
  registerResources(server);
  registerPrompts(server);
  return { server, runtime };
}
