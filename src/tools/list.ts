/**
 * The tools/list answer, made from the registry with zod's own JSON Schema
 * conversion (the one the SDK uses, draft-07, inputs as accepted and outputs
 * as produced). Every definition lands in the model's context at every turn,
 * so nothing is listed that says nothing: no `$schema` line (the dialect is
 * the protocol's to state), no `annotations.title` repeating the title, no
 * default `execution` block.
 */
import { z } from "zod";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { TOOLS, type AnyTool } from "./index.js";

type JsonObject = Record<string, unknown>;

function withoutDialect(schema: JsonObject): JsonObject {
  const { $schema: _dialect, ...rest } = schema;
  return withoutRedundantTypes(rest) as JsonObject;
}

/** `{type: "string", enum: [...strings]}` says the type twice: the enum alone says it. */
function withoutRedundantTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRedundantTypes);
  if (!node || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) out[k] = withoutRedundantTypes(v);
  if (out.type === "string" && Array.isArray(out.enum) && out.enum.every((e) => typeof e === "string")) delete out.type;
  return out;
}

function withoutClosure(schema: JsonObject): JsonObject {
  const { additionalProperties: _closed, ...rest } = withoutDialect(schema);
  return rest;
}

/**
 * The answer's own fields are the contract's (the tests hold every tool to
 * them, and the SDK checks each answer against the full zod schema); the
 * listed schema types them without restating that each is always present or
 * that no other may appear.
 */
function outputDefinition(schema: JsonObject): JsonObject {
  const { additionalProperties: _closed, ...rest } = withoutDialect(schema);
  return withoutRequired(rest) as JsonObject;
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!node || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) if (k !== "required") out[k] = withoutRequired(v);
  return out;
}

export function toolDefinition(tool: AnyTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    // The server refuses unknown arguments; the listing leaves that rule unsaid.
    inputSchema: withoutClosure(
      z.toJSONSchema(z.object(tool.inputSchema), { target: "draft-7", io: "input" }) as JsonObject,
    ) as Tool["inputSchema"],
    outputSchema: outputDefinition(
      z.toJSONSchema(z.object(tool.outputSchema), { target: "draft-7", io: "output" }) as JsonObject,
    ) as Tool["outputSchema"],
    annotations: { ...tool.annotations },
  };
}

export function toolList(): { tools: Tool[] } {
  return { tools: TOOLS.map(toolDefinition) };
}
