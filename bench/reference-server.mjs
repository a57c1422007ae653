// The reference for `npm run bench`: the smallest useful MCP server on the
// same SDK version, unbundled (imports from node_modules), with one echo tool.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "reference-echo", version: "1.0.0" });
server.registerTool(
  "echo",
  {
    title: "Echo",
    description: "Returns its input.",
    inputSchema: { message: z.string() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  async ({ message }) => ({ content: [{ type: "text", text: message }] }),
);
process.stdin.on("end", () => process.exit(0));
await server.connect(new StdioServerTransport());
