/** check_payload: lint a Customer.io request body offline, before the app sends it. */
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { findingSchema } from "../findings.js";
import {
  PAYLOAD_CALLS,
  PAYLOAD_ENDPOINTS,
  checkPayloadBody,
  isPlainObject,
  summarizePayloadCheck,
  utf8Bytes,
  type PayloadCall,
} from "../diagnosis/payload.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { renderResult } from "./render.js";
import { anObject } from "./schema.js";

/** Largest payload this tool reads: far above every Customer.io limit, low enough to stay fast. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

const DESCRIPTION = `Lint a Customer.io request body offline before sending: what the API would reject, silently drop or misread (ids, emails, ms timestamps, event names, PII, sizes, recipients). pipelines_* calls are the Pipelines API.`;

type LimitOut = { id: string; value: number; unit: string; source: string };

/** The payload's advertised schema: typed branches (an object or JSON text), no untyped `{}`. */
const PAYLOAD_JSON_SCHEMA = {
  anyOf: [
    { type: "object", description: "JSON body" },
    { type: "string", description: "JSON text" },
  ],
};

/** Reads the payload argument: an object, or a string holding a JSON object. */
function readPayload(payload: unknown, call: PayloadCall): { body: Record<string, unknown>; bytes: number } {
  let value: unknown = payload;
  if (typeof payload === "string") {
    // A string's UTF-8 size is at least its length: reject huge input before parsing it.
    if (payload.length > MAX_PAYLOAD_BYTES || utf8Bytes(payload) > MAX_PAYLOAD_BYTES) {
      throw new UserInputError(`payload is larger than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB; Customer.io's own limits are far smaller (500 KB for a batch, 1 MB for a transactional send without attachments).`);
    }
    if (payload.trim() === "") throw new UserInputError("payload is an empty string; pass the JSON body the app sends.");
    try {
      value = JSON.parse(payload);
    } catch (err) {
      const reason = err instanceof Error ? err.message.slice(0, 120) : "parse error";
      throw new UserInputError(`payload is a string but not valid JSON (${reason}). Pass the body as an object, or as the exact JSON text.`);
    }
  }
  if (!isPlainObject(value)) {
    const got = Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
    const hint = (call === "batch" || call === "pipelines_batch") && Array.isArray(value) ? ' Wrap the items as {"batch": [ … ]}, the body a batch request expects.' : "";
    throw new UserInputError(`payload must be a JSON object (the request body), not ${got}.${hint}`);
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new UserInputError("payload cannot be serialized as JSON (it is circular or nested too deeply).");
  }
  const bytes = utf8Bytes(text ?? "");
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new UserInputError(`payload is ${(bytes / 1024 / 1024).toFixed(1)} MiB as JSON; this tool reads at most ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB, and Customer.io's own limits are far smaller.`);
  }
  return { body: value, bytes };
}

export const checkPayload = defineTool({
  name: "check_payload",
  title: "Check a Customer.io request body (offline)",
  description: DESCRIPTION,
  inputSchema: {
    call: z.enum(PAYLOAD_CALLS),
    customer_id: z.string().optional().describe("Id in the URL path"),
    payload: z.union([z.record(z.string(), z.unknown()), z.string()]).meta(PAYLOAD_JSON_SCHEMA),
  },
  outputSchema: {
    ok: z.boolean(),
    call: z.string(),
    endpoint: z.string(),
    summary: z.string(),
    findings: z.array(findingSchema),
    findings_omitted: z.number(),
    counts: anObject<{ error: number; warning: number; info: number }>(),
    // Detail outside the contract (ok, findings, summary): plain objects in the schema (src/tools/schema.ts).
    checked: anObject<{
      body_bytes: number;
      customer_id_checked: boolean;
      attributes?: number;
      batch_items?: number;
      batch_items_checked?: number;
      recipients?: number;
    }>(),
    limits: z.array(anObject<LimitOut>()),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args, ctx) {
    const call = args.call as PayloadCall;
    if (!(PAYLOAD_CALLS as readonly string[]).includes(call)) {
      throw new UserInputError(`call must be one of ${PAYLOAD_CALLS.join(", ")}.`);
    }
    if (args.customer_id !== undefined && (typeof args.customer_id !== "string" || args.customer_id.length > 100_000)) {
      throw new UserInputError("customer_id must be a string of at most 100,000 characters.");
    }
    const { body, bytes } = readPayload(args.payload, call);
    const report = checkPayloadBody({
      call,
      customerId: args.customer_id,
      body,
      bodyBytes: bytes,
      nowSeconds: Math.floor(ctx.now().getTime() / 1000),
    });
    return {
      ok: report.counts.error === 0,
      call,
      endpoint: PAYLOAD_ENDPOINTS[call],
      summary: summarizePayloadCheck(report, call),
      findings: report.findings,
      findings_omitted: report.omitted,
      counts: report.counts,
      checked: report.checked,
      limits: report.limits.map((l) => ({
        id: l.id,
        value: l.value,
        unit: l.unit,
        source: l.sources.map((s) => (s.url ? `${s.url} — ${s.note}` : s.note)).join("; "),
      })),
    };
  },
  render(result) {
    // Limits and counts stay in structuredContent; the text keeps the verdict and the findings.
    return renderResult({
      title: `Payload check: ${result.call}`,
      summary: `${result.summary}\n\n${result.endpoint}, ${result.checked.body_bytes.toLocaleString("en-US")} bytes.`,
      findings: result.findings,
    });
  },
});
