// The floor for `npm run bench`: a server on the same SDK (unbundled, as the
// echo reference) with the doctor's measured tools under their own names,
// input and output schemas, each answering a constant: the doctor's own
// answer to the bench's arguments, computed once at start-up by the real
// tool. Per call it does what any server giving these answers must do
// through the SDK (parse the request, check the arguments and the
// structured answer against the schemas, serialize and write ~5 KB), and
// nothing else: no tool work, no redaction. Its p50 against the echo's is
// the part of the doctor's ratio that comes from the answers themselves.
//
// bench/run.mjs builds this file with esbuild (SDK and zod left external)
// and passes the measured calls as JSON in argv[2].
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { loadConfig } from "../src/config.js";
import { createRuntime, runToolHandler } from "../src/server.js";
import { findTool } from "../src/tools/index.js";

const calls = JSON.parse(process.argv[2] ?? "{}") as Record<string, Record<string, unknown>>;
const runtime = createRuntime(loadConfig({}));
const server = new McpServer({ name: "reference-floor", version: "1.0.0" });

for (const [name, args] of Object.entries(calls)) {
  const tool = findTool(name);
  if (!tool) throw new Error(`unknown tool ${name}`);
  const structured = await runToolHandler(tool, args, runtime);
  const answer: CallToolResult = { content: [{ type: "text", text: tool.render(structured as never) }], structuredContent: structured };
  server.registerTool(
    name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: z.strictObject(tool.inputSchema),
      outputSchema: tool.outputSchema,
      annotations: { ...tool.annotations },
    },
    async () => answer,
  );
}

process.stdin.on("end", () => process.exit(0));
await server.connect(new StdioServerTransport());
