/** MCP resources: the sourced knowledge base, browsable by clients and models. */
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import {
  ALL_LIMITS,
  API_FACTS,
  CHECKLISTS,
  CORRECTIONS,
  ERROR_SIGNATURES,
  PITFALLS,
  SDK_ERRORS,
  STATUS_CODES,
  statusCategory,
} from "./knowledge/catalog.js";
import type { Pitfall, Source } from "./knowledge/types.js";

const JSON_TYPE = "application/json";
const MARKDOWN_TYPE = "text/markdown";

function json(uri: URL, value: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: JSON.stringify(value, null, 2) }] };
}

function markdown(uri: URL, text: string): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: MARKDOWN_TYPE, text }] };
}

/** Regular expressions do not survive JSON: patterns are shown as strings. */
function withPatternAsText<T extends { pattern: RegExp }>(entry: T): Omit<T, "pattern"> & { pattern: string; flags: string } {
  const { pattern, ...rest } = entry;
  return { ...rest, pattern: pattern.source, flags: pattern.flags };
}

function sourceLine(s: Source): string {
  return `- ${s.confidence}: ${s.note}${s.url ? ` (${s.url})` : ""}`;
}

export function pitfallMarkdown(p: Pitfall): string {
  return [
    `# Pitfall ${p.number}: ${p.title}`,
    "",
    `**Fix:** ${p.fix}`,
    "",
    "## Wrong",
    "```ts",
    p.wrong,
    "```",
    "",
    "## Correct",
    "```ts",
    p.correct,
    "```",
    "",
    "## Why",
    p.why,
    "",
    "## How to detect it",
    `- In code: ${p.detect.in_code}`,
    `- In live data: ${p.detect.in_live_data}`,
    "",
    "## Sources",
    ...p.sources.map(sourceLine),
  ].join("\n");
}

function findPitfall(key: string): Pitfall | undefined {
  const k = key.trim().toLowerCase();
  return PITFALLS.find((p) => String(p.number) === k || p.id === k);
}

export function registerResources(server: McpServer): void {
  server.registerResource(
    "status-codes",
    "cio://status-codes",
    {
      title: "Customer.io HTTP status codes",
      description: "Every status Customer.io's APIs return, in Customer.io's terms: meaning, retryable, causes and fixes (per API where they differ), related pitfalls, next tools, sources.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, STATUS_CODES.map((e) => ({ ...e, category: statusCategory(e.status) }))),
  );

  server.registerResource(
    "errors",
    "cio://errors",
    {
      title: "Customer.io error messages",
      description: "Known error messages (Track v1/v2, App, transactional) with their matching pattern or App error code, explanation, fix and sources; unverified ones are labelled.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, ERROR_SIGNATURES.map(withPatternAsText)),
  );

  server.registerResource(
    "sdk-errors",
    "cio://sdk-errors",
    {
      title: "Customer.io SDK errors",
      description: "How customerio-node, the Python, Ruby and Go SDKs and Node's fetch report failures, and what each means.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, SDK_ERRORS.map(withPatternAsText)),
  );

  server.registerResource(
    "pitfalls",
    "cio://pitfalls",
    {
      title: "Customer.io integration pitfalls",
      description: "The 12 classic integration pitfalls (numbered 1–12): wrong and correct code, why, how to detect, sources.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, PITFALLS),
  );

  server.registerResource(
    "pitfall",
    new ResourceTemplate("cio://pitfalls/{number}", {
      list: () => ({
        resources: PITFALLS.map((p) => ({
          uri: `cio://pitfalls/${p.number}`,
          name: `pitfall-${p.number}`,
          title: `Pitfall ${p.number}: ${p.title}`,
          mimeType: MARKDOWN_TYPE,
        })),
      }),
      complete: {
        number: (value) => PITFALLS.map((p) => String(p.number)).filter((n) => n.startsWith(value.trim())),
      },
    }),
    {
      title: "One Customer.io pitfall",
      description: "One pitfall by number (1–12) or slug, as markdown.",
      mimeType: MARKDOWN_TYPE,
    },
    (uri, variables) => {
      const raw = variables.number;
      const key = Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? "");
      let decoded = key;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        /* a malformed escape is looked up as written, and not found */
      }
      const pitfall = findPitfall(decoded);
      if (!pitfall) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `Unknown pitfall "${key.slice(0, 40)}"; valid: ${PITFALLS.map((p) => p.number).join(", ")} (or their slugs).`,
        );
      }
      return markdown(uri, pitfallMarkdown(pitfall));
    },
  );

  server.registerResource(
    "checklists",
    "cio://checklists",
    {
      title: "Troubleshooting checklists",
      description: "Step-by-step checks for \"a person is not receiving email\" and \"an event does not trigger a campaign\", each step with the tool that automates it.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, CHECKLISTS),
  );

  server.registerResource(
    "limits",
    "cio://limits",
    {
      title: "Customer.io size and rate limits",
      description: "Documented size and rate limits per API (Track, App, transactional, Pipelines), soft ones marked, with sources; superseded figures are labelled.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, ALL_LIMITS),
  );

  server.registerResource(
    "apis",
    "cio://apis",
    {
      title: "Customer.io APIs",
      description: "Track, App, transactional and Pipelines APIs: hosts per region, authentication, error body shapes and behaviours (Pipelines strict mode and its silent 200), with spec sources.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, API_FACTS),
  );

  server.registerResource(
    "corrections",
    "cio://corrections",
    {
      title: "Common wrong advice, corrected",
      description: "Claims often repeated about Customer.io that are wrong (undocumented endpoints, mutating checks, wrong names), with the correct fact.",
      mimeType: JSON_TYPE,
    },
    (uri) => json(uri, CORRECTIONS),
  );
}
