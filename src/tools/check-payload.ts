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
import { MILLISECOND_TIMESTAMP_THRESHOLD } from "../knowledge/limits.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { bulletList, renderResult } from "./render.js";

/** Largest payload this tool reads: far above every Customer.io limit, low enough to stay fast. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

const DESCRIPTION = `Check a Customer.io request body offline before your app sends it: finds what Customer.io would reject or silently mangle. Nothing is sent anywhere.

call: identify (PUT /api/v1/customers/{customer_id}), track (POST /api/v1/customers/{customer_id}/events), track_anonymous (POST /api/v1/events), batch (POST /api/v2/batch, body {"batch":[…]}), send_email (POST /v1/send/email).
customer_id: the identifier in the URL path (identify, track).
payload: the JSON body, as an object or a JSON string.

Checks: empty or over-long identifiers, email used as the id, missing or invalid email, attribute name/value/count limits, millisecond timestamps in *_at / timestamp fields, event names (dynamic parts, PII, casing, whitespace, length), events too old to trigger campaigns, event data, batch and transactional size limits, send_email template id, identifiers (exactly one) and recipients. Every limit is Customer.io's documented one, listed with its source in \`limits\`.

ok is false when any finding is an error. Findings are most severe first, capped at 100.`;

const limitSchema = z.object({
  id: z.string(),
  description: z.string(),
  value: z.number(),
  unit: z.string(),
  source: z.string().describe("Where the limit is documented"),
});

/** Reads the payload argument: an object, or a string holding a JSON object. */
function readPayload(payload: unknown, call: PayloadCall): { body: Record<string, unknown>; bytes: number } {
  let value: unknown = payload;
  if (typeof payload === "string") {
    // A string's UTF-8 size is at least its length: reject huge input before parsing it.
    if (payload.length > MAX_PAYLOAD_BYTES || utf8Bytes(payload) > MAX_PAYLOAD_BYTES) {
      throw new UserInputError(`payload is larger than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB; Customer.io's own limits are far smaller (500 KB for a batch, 2048 KB for a transactional send).`);
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
    const hint = call === "batch" && Array.isArray(value) ? ' Wrap the items as {"batch": [ … ]}, which is the body /api/v2/batch expects.' : "";
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
    call: z.enum(PAYLOAD_CALLS).describe("Which request the body is for: identify, track, track_anonymous, batch or send_email"),
    customer_id: z
      .string()
      .max(100_000)
      .optional()
      .describe("The person identifier in the URL path (identify and track); give it to have it checked too"),
    payload: z
      .union([z.record(z.string(), z.unknown()), z.string()])
      .describe("The JSON body the app would send, as an object or as a JSON string (at most 8 MiB)"),
  },
  outputSchema: {
    ok: z.boolean().describe("False when any finding is an error"),
    call: z.enum(PAYLOAD_CALLS),
    endpoint: z.string().describe("The request this call stands for"),
    summary: z.string(),
    findings: z.array(findingSchema),
    findings_omitted: z.number().min(0).describe("Findings left out of the list (it is capped)"),
    counts: z.object({ error: z.number().min(0), warning: z.number().min(0), info: z.number().min(0) }).describe("Findings by severity, including omitted ones"),
    checked: z
      .object({
        body_bytes: z.number().min(0).describe("Size of the body as compact JSON, UTF-8 bytes"),
        customer_id_checked: z.boolean(),
        attributes: z.number().min(0).optional().describe("Custom attributes counted (identify)"),
        batch_items: z.number().min(0).optional(),
        batch_items_checked: z.number().min(0).optional(),
      })
      .describe("What was checked"),
    limits: z.array(limitSchema).describe("Customer.io limits applied, with sources"),
    millisecond_threshold: z.number().describe("Timestamps above this are treated as milliseconds"),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args, ctx) {
    const call = args.call as PayloadCall;
    if (!(PAYLOAD_CALLS as readonly string[]).includes(call)) {
      throw new UserInputError(`call must be one of ${PAYLOAD_CALLS.join(", ")}.`);
    }
    if (args.customer_id !== undefined && typeof args.customer_id !== "string") {
      throw new UserInputError("customer_id must be a string.");
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
        description: l.description,
        value: l.value,
        unit: l.unit,
        source: l.sources.map((s) => (s.url ? `${s.url} — ${s.note}` : s.note)).join("; "),
      })),
      millisecond_threshold: MILLISECOND_TIMESTAMP_THRESHOLD,
    };
  },
  render(result) {
    const limits = bulletList(result.limits.map((l) => `${l.description}: ${l.value.toLocaleString("en-US")} ${l.unit}`));
    return renderResult({
      title: `Payload check: ${result.call}`,
      summary: result.summary,
      sections: [
        ["Request", `${result.endpoint}, ${result.checked.body_bytes.toLocaleString("en-US")} bytes as JSON`],
        ["Limits applied", limits],
      ],
      findings: result.findings,
    });
  },
});
