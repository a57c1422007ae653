/** MCP resources: the knowledge base, browsable. (Filled in with the catalog.) */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export function registerResources(_server: McpServer): void {}
