/**
 * In-memory MCP plumbing for robustness tests: a real Client linked to
 * createServer(), a logger that keeps what the server reports, and a check
 * that a tools/call result is well-formed.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ListRootsRequestSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../../src/config.js";
import type { Logger, LogLevel, LogSink } from "../../src/log.js";
import { createServer, type ServerDeps } from "../../src/server.js";

export interface LoggedLine {
  level: LogLevel;
  message: string;
}

/** A logger that keeps every line instead of writing to stderr, and still feeds attached sinks. */
export function collectingLogger(): Logger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const sinks: LogSink[] = [];
  const write = (level: LogLevel, message: string) => {
    lines.push({ level, message });
    for (const sink of sinks) {
      try {
        sink(level, message);
      } catch {
        /* a sink never breaks the caller */
      }
    }
  };
  return {
    lines,
    debug: (m) => write("debug", m),
    info: (m) => write("info", m),
    warning: (m) => write("warning", m),
    error: (m) => write("error", m),
    attach: (sink) => sinks.push(sink),
  };
}

export interface ConnectedServer {
  client: Client;
  logger: ReturnType<typeof collectingLogger>;
  /** Every JSON-RPC message the client received from the server, in order. */
  received: JSONRPCMessage[];
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Root URIs the client offers (the client then declares the roots capability). */
  roots?: string[];
}

/** createServer(loadConfig(env)) linked to a real Client; tools are listed so the Client validates structured output. */
export async function connectInMemory(
  env: Record<string, string>,
  deps: Omit<ServerDeps, "logger"> = {},
  options: ConnectOptions = {},
): Promise<ConnectedServer> {
  const logger = collectingLogger();
  const { server, runtime } = createServer(loadConfig(env), { ...deps, logger });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: "robustness-test", version: "1.0.0" }, options.roots ? { capabilities: { roots: {} } } : undefined);
  if (options.roots) {
    const roots = options.roots.map((uri) => ({ uri }));
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots }));
  }
  await client.connect(clientTransport);
  // Tap what reaches the client, after the Client has set its handler.
  const received: JSONRPCMessage[] = [];
  const deliver = clientTransport.onmessage;
  clientTransport.onmessage = (message, extra) => {
    received.push(message);
    deliver?.(message, extra);
  };
  await client.listTools();
  return {
    client,
    logger,
    received,
    async close() {
      await client.close();
      await server.close();
      await runtime.close();
    },
  };
}

/** Texts that mean the server itself failed, not the caller's input. */
const SERVER_FAULTS: ReadonlyArray<[RegExp, string]> = [
  [/^Output validation error/, "structuredContent does not match the tool's outputSchema"],
  [/failed unexpectedly/, "the handler threw an unexpected error (crash)"],
  [/did not finish within its time bound/, "the handler overran its time bound"],
];

/**
 * Why a tools/call result is not well-formed, or undefined when it is:
 * either `isError: true` with non-empty text that blames the input, or a
 * structuredContent object with a string `summary` (and an array `findings`
 * where present) plus non-empty text content.
 */
export function malformation(result: unknown): string | undefined {
  if (!result || typeof result !== "object") return `result is ${typeof result}`;
  const r = result as { content?: unknown; isError?: unknown; structuredContent?: unknown };
  if (!Array.isArray(r.content) || r.content.length === 0) return "content is missing or empty";
  const first = r.content[0] as { type?: unknown; text?: unknown };
  if (first?.type !== "text" || typeof first.text !== "string" || first.text.trim() === "") return "first content item is not non-empty text";
  if (r.isError === true) {
    for (const [pattern, meaning] of SERVER_FAULTS) {
      if (pattern.test(first.text)) return `${meaning}: ${first.text.slice(0, 600)}`;
    }
    return undefined;
  }
  if (r.isError !== undefined && r.isError !== false) return `isError is ${JSON.stringify(r.isError)}`;
  const sc = r.structuredContent;
  if (!sc || typeof sc !== "object" || Array.isArray(sc)) return "structuredContent is not an object";
  const s = sc as { summary?: unknown; findings?: unknown };
  if (typeof s.summary !== "string" || s.summary.trim() === "") return "summary is not a non-empty string";
  if ("findings" in s) {
    if (!Array.isArray(s.findings)) return "findings is not an array";
    for (const f of s.findings as Array<Record<string, unknown>>) {
      if (typeof f?.code !== "string" || !/^[a-z][a-z0-9_]*$/.test(f.code)) return `finding code ${JSON.stringify(f?.code)} is not snake_case`;
      if (!["error", "warning", "info"].includes(f.severity as string)) return `finding severity ${JSON.stringify(f.severity)}`;
      if (typeof f.message !== "string" || f.message === "") return "finding without a message";
    }
  }
  return undefined;
}
