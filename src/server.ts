/**
 * `createServer(config, deps)` builds the MCP server used by the stdio entry,
 * the tests and any future transport. Nothing here touches the network or
 * loads heavy modules: the HTTP client is created on the first tool call
 * that needs it.
 */
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ListToolsRequestSchema,
  type CallToolResult,
  type JSONRPCMessage,
  type ListToolsResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { configSecrets, type Config } from "./config.js";
import { UserInputError, describeToolError } from "./errors.js";
import { SERVER_INSTRUCTIONS } from "./instructions.js";
import { createLogger, type Logger } from "./log.js";
import { Redactor } from "./redact.js";
import type { CioHttp } from "./cio/types.js";
import { TOOLS } from "./tools/index.js";
import { toolList } from "./tools/list.js";
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
  /**
   * Whether the result is redacted here (the default). The MCP wrapper says
   * false: its transport redacts every message it sends, this one included,
   * so a second pass would only repeat the work.
   */
  redact?: boolean;
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
  const deadline = new CallDeadline(toolDeadlineMs(runtime.config), options.signal);
  const ctx: ToolContext = {
    config: runtime.config,
    redactor: runtime.redactor,
    log: runtime.log,
    http: runtime.http,
    // Made on first use: offline tools never read it.
    get signal(): AbortSignal {
      return deadline.signal;
    },
    progress: options.progress ?? (() => {}),
    roots: options.roots ?? (async () => [runtime.cwd]),
    now: runtime.now,
  };
  try {
    const result = (await tool.handler(args as never, ctx)) as Record<string, unknown>;
    return options.redact === false ? result : runtime.redactor.redactDeep(result);
  } finally {
    deadline.clear();
  }
}

/**
 * One deadline per call: a plain timer that aborts the call's own
 * AbortController, both held by this object (and so by the call's context)
 * until the call ends and clears it. Not `AbortSignal.any` over an
 * `AbortSignal.timeout`, whose timeout signal V8 may collect while only the
 * composite refers to it (then the deadline never fires). The client's
 * cancellation is forwarded into the same controller.
 */
export class CallDeadline {
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private onCancel: (() => void) | undefined;

  constructor(
    private readonly ms: number,
    private readonly cancel?: AbortSignal,
  ) {}

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = new AbortController();
    this.controller = controller;
    const left = Math.max(0, Math.floor(this.ms - (performance.now() - this.started)));
    this.timer = setTimeout(() => {
      controller.abort(new DOMException(`the call reached its ${this.ms} ms deadline`, "TimeoutError"));
    }, left);
    const cancel = this.cancel;
    if (cancel) {
      if (cancel.aborted) controller.abort(cancel.reason);
      else {
        this.onCancel = () => controller.abort(cancel.reason);
        cancel.addEventListener("abort", this.onCancel, { once: true });
      }
    }
    return controller.signal;
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onCancel) this.cancel?.removeEventListener("abort", this.onCancel);
    this.onCancel = undefined;
  }
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

/** Set by the bundle build: the tools/list answer of the built server, as JSON. */
declare const CUSTOMERIO_DOCTOR_TOOL_LIST: string | undefined;

/**
 * tools/list answers from `toolList()` (src/tools/list.ts: the registry's
 * schemas, converted once, without the lines that say nothing). The bundle
 * carries the answer its build computed, so the shipped server does not
 * convert any schema at all. Registered through the SDK's public
 * setRequestHandler.
 */
function serveToolList(server: McpServer): void {
  const built = typeof CUSTOMERIO_DOCTOR_TOOL_LIST === "string" ? CUSTOMERIO_DOCTOR_TOOL_LIST : undefined;
  let list: ListToolsResult | undefined;
  server.server.setRequestHandler(
    ListToolsRequestSchema,
    () => (list ??= deepFreeze(built !== undefined ? (JSON.parse(built) as ListToolsResult) : toolList())),
  );
}

/**
 * The one place MCP messages leave the process: every message the server
 * sends (results, errors, progress and log notifications, prompts, resource
 * contents, requests to the client) goes through `redactDeep`, keys
 * included, on whatever transport the server is connected to.
 */
export function redactingTransport<T extends Transport>(transport: T, redactor: Redactor): T {
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options?: TransportSendOptions) => send(redactor.redactDeep(message), options);
  return transport;
}

/** An McpServer whose every connection sends through the redactor. */
class RedactingMcpServer extends McpServer {
  constructor(
    private readonly redactor: Redactor,
    ...args: ConstructorParameters<typeof McpServer>
  ) {
    super(...args);
  }

  override connect(transport: Transport): Promise<void> {
    return super.connect(redactingTransport(transport, this.redactor));
  }
}

/**
 * A client root as a directory, or undefined when it is not a local
 * directory we can trust: only `file:` URIs with an empty or `localhost`
 * host, and no encoded separator (`%2F`, `%5C`) or NUL, which would make
 * the decoded path differ from the one the client showed.
 */
export function rootDirectory(uri: string): string | undefined {
  if (typeof uri !== "string" || uri.length > 4096) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== "file:") return undefined;
  if (url.hostname !== "" && url.hostname.toLowerCase() !== "localhost") return undefined;
  if (url.search || url.hash || url.username || url.password || url.port) return undefined;
  if (/%(2f|5c|00)/i.test(url.pathname)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (!path.startsWith("/") || path.includes("\0")) return undefined;
  // file:///C:/dir on Windows
  if (process.platform === "win32" && /^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  return path;
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
  const server = new RedactingMcpServer(
    runtime.redactor,
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
        const dir = rootDirectory(r.uri);
        if (dir !== undefined) dirs.push(dir);
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
        // Strict: an argument the tool does not know is refused, not silently dropped
        // (a misspelt `retryAfter` would otherwise change the answer without a word).
        inputSchema: z.strictObject(tool.inputSchema),
        outputSchema: tool.outputSchema,
        annotations: { ...tool.annotations },
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
            runToolHandler(tool, args, runtime, { signal: extra.signal, progress, roots, redact: false }),
            late,
          ]);
          // The transport redacts the whole message (src/server.ts redactingTransport).
          const text = tool.render(result as never);
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

  serveToolList(server);
  registerResources(server);
  registerPrompts(server);
  return { server, runtime };
}
