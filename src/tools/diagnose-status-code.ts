/** diagnose_status_code: explain an HTTP status (and body) from Customer.io, offline. */
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { findingSchema } from "../findings.js";
import { diagnoseStatus, type StatusDiagnosis } from "../diagnosis/status.js";
import { bulletList, renderFindings } from "./render.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { keyed, orNull } from "./schema.js";

export const MAX_BODY_BYTES = 64 * 1024;
const BODY_TOO_LARGE = `body is larger than 64 KiB (${MAX_BODY_BYTES} bytes); pass only the first 64 KiB of the response body — the error message is at its start`;
const METHOD_INVALID = "method must be an HTTP method such as GET, PUT, POST or DELETE";
const MAX_URL_CHARS = 4096;
const URL_TOO_LONG = `url must be at most ${MAX_URL_CHARS} characters`;
const STATUS_RANGE = "status must be a whole number from 100 to 599 (the HTTP status code of the response)";

/** Causes and fixes shown in the text beyond those the summary and findings already say. */
const TEXT_LIST_ITEMS = 3;
/** Findings shown in the text; the rest stay in the structured result (a body rarely has more than two known errors). */
const TEXT_FINDINGS = 6;

const str = z.string();

export const diagnoseStatusCode = defineTool({
  name: "diagnose_status_code",
  title: "Diagnose a Customer.io HTTP status",
  description:
    "Explains an HTTP status code and body from Customer.io (Track, App, transactional, Pipelines) or a proxy: retry or not and when, causes and fixes for that API, known errors. Offline.",
  inputSchema: {
    // The status range and every length are checked in the handler (fewer schema bytes, same answer).
    status: z.number({ error: STATUS_RANGE }).describe("HTTP status, 100-599"),
    body: z.string().optional().describe("Body, ≤64 KiB"),
    api: z.enum(["track", "app", "transactional", "pipelines", "unknown"]).optional().describe("url wins"),
    url: z.string().optional().describe("Request URL"),
    method: z.string().optional().describe("HTTP method"),
    retry_after: z.string().optional().describe("Retry-After header"),
  },
  outputSchema: {
    status: z.number(),
    name: str,
    category: z.enum(["informational", "success", "redirect", "client_error", "server_error"]),
    retryable: z.boolean(),
    retry_after_seconds: orNull("number"),
    summary: str,
    causes: z.array(str),
    fixes: z.array(str),
    matched_errors: z.array(keyed<{ id: z.ZodString; message: z.ZodString }, { explanation: string; fix: string }>({ id: str, message: str })),
    related_pitfalls: z.array(z.number()),
    next_steps: z.array(keyed<{ tool: z.ZodString }, { reason: string }>({ tool: str })),
    findings: z.array(findingSchema),
    api: str,
    region: str.optional(),
    body_shape: str.optional(),
    rate_limit: str.optional(),
    sources: z.array(str),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args, ctx) {
    if (!Number.isInteger(args.status) || args.status < 100 || args.status > 599) throw new UserInputError(STATUS_RANGE);
    if (args.url !== undefined && args.url.length > MAX_URL_CHARS) throw new UserInputError(URL_TOO_LONG);
    if (args.body !== undefined && Buffer.byteLength(args.body, "utf8") > MAX_BODY_BYTES) {
      throw new UserInputError(BODY_TOO_LARGE);
    }
    const method = args.method?.trim();
    if (args.method !== undefined && args.method.length > 16) throw new UserInputError(METHOD_INVALID);
    if (method && !/^[A-Za-z]{3,10}$/.test(method)) throw new UserInputError(METHOD_INVALID);
    if (args.retry_after !== undefined && args.retry_after.length > 256) {
      throw new UserInputError("retry_after must be at most 256 characters (the Retry-After header: seconds or an HTTP date)");
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
  const out = [`## ${result.status} ${result.name}`, "", result.summary, "", "### Findings", renderFindings(result.findings, TEXT_FINDINGS)];
  if (causes.length) out.push("", "### Other likely causes", bulletList(causes));
  if (fixes.length) out.push("", "### Other fixes", bulletList(fixes));
  if (result.next_steps.length) out.push("", "### Next", bulletList(result.next_steps.map((s) => `\`${s.tool}\`: ${s.reason}`)));
  return out.join("\n");
}
