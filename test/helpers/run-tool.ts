/**
 * Runs one tool's handler against the sandbox the way the server does
 * (createRuntime + runToolHandler), validates the result against the tool's
 * own output schema, and records every output and log line in `seen` so a
 * test can scan them for secrets.
 */
import { z } from "zod";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { createRuntime, runToolHandler } from "../../src/server.js";
import type { ToolDefinition } from "../../src/tools/define.js";
import type { Sandbox } from "../sandbox/server.js";

type Env = Record<string, string | undefined>;

export function sandboxToolRunner<O extends z.ZodRawShape>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tool: ToolDefinition<any, O>,
  sandbox: () => Sandbox,
  defaults: Env,
  seen: string[] = [],
) {
  const outputSchema = z.object(tool.outputSchema);
  const write = (m: string) => void seen.push(m);
  const logger: Logger = { debug: write, info: write, warning: write, error: write, attach: () => {} };
  return async (env: Env = {}, args: Record<string, unknown> = {}) => {
    const runtime = createRuntime(loadConfig(sandbox().env({ ...defaults, ...env })), { logger });
    try {
      const result = await runToolHandler(tool, args, runtime);
      const text = runtime.redactor.redact(tool.render(result as never));
      seen.push(JSON.stringify(result), text);
      const parsed = outputSchema.parse(result);
      return { result: parsed, text, codes: (parsed as { findings: Array<{ code: string }> }).findings.map((f) => f.code) };
    } finally {
      await runtime.close();
    }
  };
}
