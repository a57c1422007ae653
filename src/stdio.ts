/**
 * The stdio transport entry. The SDK's stdio transport does not exit when
 * stdin closes, so the lifecycle is handled here: stdin end/close, SIGINT and
 * SIGTERM close the server and the HTTP client, then exit.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadConfig } from "./config.js";
import { createServer } from "./server.js";

export async function runStdioServer(): Promise<void> {
  const config = loadConfig(process.env);
  const { server, runtime } = createServer(config);

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

  await server.connect(new StdioServerTransport());
}
