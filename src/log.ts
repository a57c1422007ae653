/**
 * Logs go to stderr only (stdout belongs to the MCP protocol), always
 * through the redactor. When a server is connected, warnings and errors are
 * also forwarded as MCP log notifications; a failed notification is dropped.
 */
import type { Redactor } from "./redact.js";

export type LogLevel = "debug" | "info" | "warning" | "error";
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export type LogSink = (level: LogLevel, message: string) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Adds a second destination (e.g. MCP log notifications). */
  attach(sink: LogSink): void;
}

export function createLogger(redactor: Redactor, env: Record<string, string | undefined> = process.env): Logger {
  const wanted = (env.CUSTOMERIO_DOCTOR_LOG_LEVEL ?? "warning").toLowerCase() as LogLevel;
  const threshold = ORDER[wanted] ?? ORDER.warning;
  const sinks: LogSink[] = [];
  const write = (level: LogLevel, message: string) => {
    // Clipped before redaction too (a huge upstream text costs nothing), with a margin so a key cut at
    // the first clip is still recognised as a piece of it, then clipped to the line's size.
    const safe = redactor.redact(message.length > 8000 ? message.slice(0, 8000) : message).slice(0, 4000);
    if (ORDER[level] >= threshold) {
      try {
        process.stderr.write(`customerio-doctor ${level}: ${safe}\n`);
      } catch {
        /* stderr closed: nothing left to tell */
      }
    }
    for (const sink of sinks) {
      try {
        sink(level, safe);
      } catch {
        /* a sink never breaks the caller */
      }
    }
  };
  return {
    debug: (m) => write("debug", m),
    info: (m) => write("info", m),
    warning: (m) => write("warning", m),
    error: (m) => write("error", m),
    attach: (sink) => sinks.push(sink),
  };
}
