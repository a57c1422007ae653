/** MCP prompts: the troubleshoot runbook. (Filled in with the catalog.) */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export function registerPrompts(_server: McpServer): void {}
