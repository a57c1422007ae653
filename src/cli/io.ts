/**
 * The CLI's one writer. Everything the CLI prints goes through the
 * redactor: `guardStreams` wraps process.stdout.write and
 * process.stderr.write themselves, so a line printed by any module (a
 * command, a progress callback, a dependency's console.error) is redacted
 * as well; `createWriters` are the functions commands call.
 */
import type { Redactor } from "../redact.js";

type Write = typeof process.stdout.write;

const guarded = new WeakSet<NodeJS.WriteStream>();

function guard(stream: NodeJS.WriteStream, redactor: Redactor): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : String(chunk);
    // A string encoding argument no longer applies: the text is passed as a string.
    const tail = typeof rest[0] === "string" ? rest.slice(1) : rest;
    return write(redactor.redact(text), ...tail);
  }) as Write;
}

/** From now on, every write to stdout and stderr is redacted. */
export function guardStreams(redactor: Redactor): void {
  guard(process.stdout, redactor);
  guard(process.stderr, redactor);
}

/**
 * The MCP server's stderr: every write is redacted (a dependency's
 * console.error included). Its stdout carries JSON-RPC, redacted message by
 * message by the transport (src/server.ts), never as text.
 */
export function guardStderr(redactor: Redactor): void {
  guard(process.stderr, redactor);
}

export interface Writers {
  out(text: string): void;
  err(text: string): void;
}

export function createWriters(redactor: Redactor): Writers {
  return {
    out: (text) => void process.stdout.write(redactor.redact(text)),
    err: (text) => void process.stderr.write(redactor.redact(text)),
  };
}
