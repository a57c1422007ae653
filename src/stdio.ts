/**
 * The stdio transport entry. The SDK's stdio transport does not exit when
 * stdin closes, so the lifecycle is handled here: stdin end/close, SIGINT and
 * SIGTERM close the server and the HTTP client, then exit.
 *
 * The transport itself is `LineTransport` (newline-delimited JSON-RPC, as the
 * SDK's StdioServerTransport, through the SDK's public `Transport`
 * interface). It differs where the SDK's gives up: a line longer than the
 * limit (10 MiB) is skipped, answered with a JSON-RPC error (carrying the
 * request's id when the line shows it) and logged, and the server keeps
 * serving; the SDK's closes the transport and the process exits silently.
 * It also finds line ends only in the newly read bytes, so reading a long
 * line stays linear.
 */
import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "./config.js";
import { createServer } from "./server.js";
import { guardStderr } from "./cli/io.js";

/** The SDK's own limit for one message over stdio. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** JSON-RPC "Invalid Request": the line was never parsed. */
const INVALID_REQUEST = -32600;
const HEAD_BYTES = 512;
const TAIL_BYTES = 256;

export interface LineTransportOptions {
  maxLineBytes?: number;
  /** Told about every line that was too long (its size in bytes). */
  onOversize?: (bytes: number, id: RequestId | undefined) => void;
  /** Told about lines that are not JSON-RPC messages. */
  onInvalid?: (reason: string) => void;
}

/**
 * The id of a request too long to parse, read from its first or last bytes:
 * `{"jsonrpc":"2.0","id":…` at the start, or `…,"id":…}` at the very end (the
 * SDK's clients write the id last). Bounded patterns on bounded text.
 */
export function idOfLongLine(head: string, tail: string): RequestId | undefined {
  const value = (raw: string | undefined): RequestId | undefined => {
    if (raw === undefined) return undefined;
    try {
      const v = JSON.parse(raw) as unknown;
      return typeof v === "string" || (typeof v === "number" && Number.isSafeInteger(v)) ? v : undefined;
    } catch {
      return undefined;
    }
  };
  const ID = String.raw`("(?:[^"\\\n]|\\.){0,128}"|-?\d{1,16})`;
  const atStart = new RegExp(String.raw`^\s{0,16}\{\s{0,16}(?:"jsonrpc"\s{0,16}:\s{0,16}"2\.0"\s{0,16},\s{0,16})?"id"\s{0,16}:\s{0,16}${ID}`).exec(head);
  if (atStart) return value(atStart[1]);
  const atEnd = new RegExp(String.raw`,\s{0,16}"id"\s{0,16}:\s{0,16}${ID}\s{0,16}\}\s{0,16}$`).exec(tail);
  return atEnd ? value(atEnd[1]) : undefined;
}

export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly max: number;
  private parts: Buffer[] = [];
  private size = 0;
  /** While skipping a line that is too long: its first and last bytes, and its size. */
  private skipping: { head: Buffer; tail: Buffer; bytes: number } | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    private readonly options: LineTransportOptions = {},
  ) {
    this.max = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  private readonly onData = (chunk: Buffer | string) => {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let from = 0;
    while (from <= buf.length) {
      const nl = buf.indexOf(10, from);
      const end = nl < 0 ? buf.length : nl;
      if (end > from) this.take(buf.subarray(from, end));
      if (nl < 0) break;
      this.endLine();
      from = nl + 1;
    }
  };

  private readonly onStreamError = (error: Error) => this.onerror?.(error);

  /** Adds bytes to the current line, or to the count of the line being skipped. */
  private take(piece: Buffer): void {
    if (this.skipping) {
      this.skipping.bytes += piece.length;
      this.skipping.tail = Buffer.concat([this.skipping.tail, piece.subarray(Math.max(0, piece.length - TAIL_BYTES))]).subarray(-TAIL_BYTES);
      return;
    }
    if (this.size + piece.length > this.max) {
      const line = Buffer.concat([...this.parts, piece]);
      this.skipping = { head: Buffer.from(line.subarray(0, HEAD_BYTES)), tail: Buffer.from(line.subarray(-TAIL_BYTES)), bytes: line.length };
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private endLine(): void {
    if (this.skipping) {
      const { head, tail, bytes } = this.skipping;
      this.skipping = undefined;
      this.oversize(bytes, idOfLongLine(head.toString("utf8"), tail.toString("utf8")));
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    let text = line.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.invalid("a line that is not JSON", line.length, undefined);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      // A request we cannot read but whose id we can: answer it, so the caller does not wait forever.
      const id = (value as { id?: unknown } | null)?.id;
      const method = (value as { method?: unknown } | null)?.method;
      const answerable = value !== null && typeof value === "object" && method !== undefined && (typeof id === "string" || (typeof id === "number" && Number.isSafeInteger(id)));
      this.invalid("a JSON value that is not a JSON-RPC message", line.length, answerable ? (id as RequestId) : undefined);
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private invalid(reason: string, bytes: number, id: RequestId | undefined): void {
    this.options.onInvalid?.(`ignored ${reason} (${bytes} bytes)${id === undefined ? "" : `; answered request ${JSON.stringify(id).slice(0, 100)} with an error`}`);
    this.onerror?.(new Error(`ignored ${reason}`));
    if (id !== undefined) {
      const error = { code: INVALID_REQUEST, message: "Invalid Request: not a JSON-RPC 2.0 message (it needs \"jsonrpc\": \"2.0\", a string method and params as an object)." };
      this.send({ jsonrpc: "2.0", id, error } as JSONRPCMessage).catch(() => {});
    }
  }

  private oversize(bytes: number, id: RequestId | undefined): void {
    this.options.onOversize?.(bytes, id);
    const error = {
      code: INVALID_REQUEST,
      message: `Message too large: ${bytes} bytes, the limit is ${this.max} bytes; it was not processed.`,
    };
    this.send((id === undefined ? { jsonrpc: "2.0", error } : { jsonrpc: "2.0", id, error }) as JSONRPCMessage).catch(() => {});
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("LineTransport already started");
    this.started = true;
    this.input.on("data", this.onData);
    this.input.on("error", this.onStreamError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error("Not connected"));
        return;
      }
      const json = `${JSON.stringify(message)}\n`;
      if (this.output.write(json)) resolve();
      else this.output.once("drain", resolve);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("error", this.onStreamError);
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.parts = [];
    this.skipping = undefined;
    this.onclose?.();
  }
}

export async function runStdioServer(): Promise<void> {
  const config = loadConfig(process.env);
  const { server, runtime } = createServer(config);
  guardStderr(runtime.redactor);

  process.on("unhandledRejection", (reason) => {
    runtime.log.error(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
  process.on("uncaughtException", (err) => {
    runtime.log.error(`uncaught exception: ${err.message}`);
  });

  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    // Never wait long: a client that closed stdin wants the process gone.
    const force = setTimeout(() => process.exit(code), 1000);
    force.unref();
    Promise.allSettled([server.close(), runtime.close()]).finally(() => process.exit(code));
  };

  process.stdin.on("end", () => shutdown(0));
  process.stdin.on("close", () => shutdown(0));
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));
  process.stdout.on("error", () => shutdown(0));

  const transport = new LineTransport(process.stdin, process.stdout, {
    onOversize: (bytes, id) =>
      runtime.log.warning(`skipped a JSON-RPC message of ${bytes} bytes (over the ${MAX_LINE_BYTES}-byte limit)${id === undefined ? "" : `; answered request ${JSON.stringify(id)} with an error`}`),
    onInvalid: (reason) => runtime.log.warning(reason),
  });
  await server.connect(transport);
}
