/** diagnose_status_code: explain an HTTP status (and body) from Customer.io, offline. */
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { findingSchema } from "../findings.js";
import { diagnoseStatus, type StatusDiagnosis } from "../diagnosis/status.js";
import { bulletList, renderFinding } from "./render.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";

export const MAX_BODY_BYTES = 64 * 1024;
const BODY_TOO_LARGE = `body is larger than 64 KiB (${MAX_BODY_BYTES} bytes); pass only the first 64 KiB of the response body — the error message is at its start`;
const STATUS_RANGE = "status must be a whole number from 100 to 599 (the HTTP status code of the response)";

/** Causes and fixes shown in the text beyond those the summary and findings already say. */
const TEXT_LIST_ITEMS = 3;

const str = z.string();

export const diagnoseStatusCode = defineTool({
  name: "diagnose_status_code",
  title: "Diagnose a Customer.io HTTP status",
  description:
    "Explains an HTTP status code and error body from Customer.io (Track, App, transactional, Pipelines API) or a proxy: meaning, whether and when to retry (Retry-After; per-second limit vs daily quota), causes and fixes for that API, known error messages, next tool. The url is parsed, never fetched. Offline.",
  inputSchema: {
    status: z.number({ error: STATUS_RANGE }).int(STATUS_RANGE).min(100, STATUS_RANGE).max(599, STATUS_RANGE).describe("HTTP status"),
    body: z.string().max(MAX_BODY_BYTES, BODY_TOO_LARGE).optional().describe("Response body, ≤64 KiB"),
    api: z.enum(["track", "app", "transactional", "pipelines", "unknown"]).optional().describe("API called; url wins"),
    url: z.string().max(4096, "url must be at most 4096 characters").optional().describe("Request URL"),
    method: z.string().max(16, "method must be an HTTP method such as GET, PUT or POST").optional().describe("HTTP method"),
    retry_after: z.string().max(256, "retry_after must be at most 256 characters").optional().describe("Retry-After header"),
  },
  outputSchema: {
    status: z.number(),
    name: str,
    category: z.enum(["informational", "success", "redirect", "client_error", "server_error"]),
    retryable: z.boolean(),
    retry_after_seconds: z.number().min(0).nullable(),
    summary: str,
    causes: z.array(str),
    fixes: z.array(str),
    matched_errors: z.array(z.object({ id: str, message: str, explanation: str, fix: str })),
    related_pitfalls: z.array(z.number()),
    next_steps: z.array(z.object({ tool: str, reason: str })),
    findings: z.array(findingSchema),
    api: str.describe("track, track_v2, app, transactional, pipelines, status or unknown"),
    region: z.enum(["us", "eu"]).nullable(),
    body_shape: z.enum(["meta_error", "meta_errors", "errors_array", "json_other", "html", "text", "empty"]).nullable(),
    rate_limit: z.enum(["per_second", "daily_quota"]).optional(),
    sources: z.array(z.object({ confidence: str, url: str.optional(), note: str })),
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
  render: renderStatusDiagnosis,
});

/**
 * Title, summary, findings, then only the causes and fixes not said yet and
 * the next tools: every sentence once.
 */
export function renderStatusDiagnosis(result: StatusDiagnosis): string {
  const said = new Set<string>();
  const say = (text: string | undefined) => {
    if (text) said.add(text);
  };
  say(result.summary);
  for (const f of result.findings) {
    say(f.message);
    say(f.fix);
  }
  const saidInText = (item: string) => said.has(item) || result.summary.includes(item) || result.findings.some((f) => f.message.includes(item));
  const causes = result.causes.filter((c) => !saidInText(c)).slice(0, TEXT_LIST_ITEMS);
  const fixes = result.fixes.filter((x) => !saidInText(x)).slice(0, TEXT_LIST_ITEMS);
  const out = [`## ${result.status} ${result.name}`, "", result.summary, "", "### Findings", ...result.findings.map(renderFinding)];
  if (causes.length) out.push("", "### Other likely causes", bulletList(causes));
  if (fixes.length) out.push("", "### Other fixes", bulletList(fixes));
  if (result.next_steps.length) out.push("", "### Next", bulletList(result.next_steps.map((s) => `\`${s.tool}\`: ${s.reason}`)));
  return out.join("\n");
}
