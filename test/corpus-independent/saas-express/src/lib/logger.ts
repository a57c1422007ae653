import pino from "pino";

export const log = pino({ level: process.env.LOG_LEVEL ?? "info" });

export function logError(scope: string) {
  return (err: unknown) => log.warn({ err, scope }, "background task failed");
}
