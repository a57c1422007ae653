/** diagnose_status_code: explain an HTTP status (and body) from Customer.io, offline. */
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { findingSchema } from "../findings.js";
import { diagnoseStatus } from "../diagnosis/status.js";
import { bulletList, renderResult } from "./render.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";

export const MAX_BODY_BYTES = 64 * 1024;
const BODY_TOO_LARGE = `body is larger than 64 KiB (${MAX_BODY_BYTES} bytes); pass only the first 64 KiB of the response body — the error message is at its start`;
const STATUS_RANGE = "status must be a whole number from 100 to 599 (the HTTP status code of the response)";

const sourceSchema = z.object({
  confidence: z.enum(["documented", "sdk", "third_party", "unverified"]),
  url: z.string().optional(),
  note: z.string(),
});

export const diagnoseStatusCode = defineTool({
  name: "diagnose_status_code",
  title: "Diagnose a Customer.io HTTP status",
  description:
    "Explains an HTTP status code and error body returned by Customer.io (Track API, Track v2 batch, App API, transactional sends) or by a proxy in front of it: what it means in Customer.io's terms, whether to retry (and after how long, from Retry-After), the likely causes, the fix, known error messages matched in the body (e.g. \"value for attribute … cannot be longer than 1000 bytes\", 301 \"wrong datacenter\", 403 \"Workspace is set to Do Not Send\"), related pitfalls and which tool to run next. " +
    "Pass the request url too: it is only parsed (never fetched) to tell the API and region, and to spot undocumented endpoints. Offline and read-only.",
  inputSchema: {
    status: z
      .number({ error: STATUS_RANGE })
      .int(STATUS_RANGE)
      .min(100, STATUS_RANGE)
      .max(599, STATUS_RANGE)
      .describe("HTTP status code of the response, 100–599."),
    body: z
      .string()
      .max(MAX_BODY_BYTES, BODY_TOO_LARGE)
      .optional()
      .describe("Raw response body (JSON, HTML or text), at most 64 KiB. Never include request headers or API keys."),
    api: z
      .enum(["track", "app", "transactional", "unknown"])
      .optional()
      .describe("Which API the request went to, if known; the url, when given, is more precise."),
    url: z
      .string()
      .max(4096, "url must be at most 4096 characters")
      .optional()
      .describe("The request URL, e.g. https://track-eu.customer.io/api/v1/customers/42/events. Parsed only, never fetched."),
    method: z
      .string()
      .max(16, "method must be an HTTP method such as GET, PUT or POST")
      .optional()
      .describe("The request method (GET, PUT, POST, DELETE…)."),
    retry_after: z
      .string()
      .max(256, "retry_after must be at most 256 characters")
      .optional()
      .describe("The Retry-After response header: seconds (\"30\") or an HTTP date."),
  },
  outputSchema: {
    status: z.number(),
    name: z.string(),
    category: z.enum(["informational", "success", "redirect", "client_error", "server_error"]),
    retryable: z.boolean(),
    retry_after_seconds: z.number().nullable(),
    summary: z.string(),
    causes: z.array(z.string()),
    fixes: z.array(z.string()),
    matched_errors: z.array(z.object({ id: z.string(), message: z.string(), explanation: z.string(), fix: z.string() })),
    related_pitfalls: z.array(z.number()),
    next_steps: z.array(z.object({ tool: z.string(), reason: z.string() })),
    findings: z.array(findingSchema),
    api: z.enum(["track", "track_v2", "app", "transactional", "status", "unknown"]),
    region: z.enum(["us", "eu"]).nullable(),
    body_shape: z.enum(["meta_error", "meta_errors", "errors_array", "json_other", "html", "text", "empty"]).nullable(),
    sources: z.array(sourceSchema),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args, ctx) {
    if (args.body !== undefined && Buffer.byteLength(args.body, "utf8") > MAX_BODY_BYTES) {
      throw new UserInputError(BODY_TOO_LARGE);
    }
    const method = args.method?.trim();
    if (method && !/^[A-Za-z]{3,10}$/.test(method)) {
      throw new UserInputError("method must be an HTTP method such as GET, PUT, POST or DELETE");
    }
    return diagnoseStatus(
      {
        status: args.status,
        ...(args.body !== undefined ? { body: args.body } : {}),
        ...(args.api !== undefined ? { api: args.api } : {}),
        ...(args.url !== undefined ? { url: args.url } : {}),
        ...(method ? { method } : {}),
        ...(args.retry_after !== undefined ? { retry_after: args.retry_after } : {}),
      },
      { endpoints: ctx.config.endpoints, now: ctx.now() },
    );
  },
  workingSet: "small",
  render(result) {
    return renderResult({
      title: `${result.status} ${result.name}`,
      summary: result.summary,
      sections: [
        ["Known errors in the body", bulletList(result.matched_errors.map((m) => `**${m.id}**: ${m.explanation} Fix: ${m.fix}`))],
        ["Likely causes", bulletList(result.causes.slice(0, 6))],
        ["Fixes", bulletList(result.fixes.slice(0, 6))],
        ["Next steps", bulletList(result.next_steps.map((s) => `\`${s.tool}\`: ${s.reason}`))],
        [
          "Related pitfalls",
          result.related_pitfalls.length ? `${result.related_pitfalls.join(", ")} (explain_pitfall shows each)` : undefined,
        ],
      ],
      findings: result.findings,
    });
  },
});
