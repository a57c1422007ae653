/**
 * Reads a Customer.io error body in any of its shapes: Track v1 and Pipelines
 * {"meta":{"errors":[…]}}, transactional {"meta":{"error":"…"}}, Track v2
 * {"errors":[{reason, field, message}]}, App API
 * {"errors":[{code, detail, source: {pointer}, status}]}, or whatever a proxy
 * sent (HTML, text, nothing).
 * Work is capped so a huge body costs no more than a small one.
 */

export type ErrorBodyShape = "meta_error" | "meta_errors" | "errors_array" | "json_other" | "html" | "text" | "empty";

export interface ErrorDetail {
  message: string;
  /** App API errors[].code: the stable identifier, preferred over the text. */
  code?: string;
  /** App API errors[].source.pointer: the part of the request at fault. */
  pointer?: string;
  field?: string;
  reason?: string;
  batch_index?: number;
  status?: string;
}

export interface ParsedErrorBody {
  shape: ErrorBodyShape;
  messages: string[];
  details: ErrorDetail[];
}

/**
 * The fields read from each of Customer.io's documented error shapes, with
 * the spec response whose schema declares them (a test checks each one there).
 * The loose shapes (`message`, `error`, `title`) are for proxies, not Customer.io.
 */
export const ERROR_BODY_FIELDS = {
  app_errors: {
    spec: { file: "app", pointer: "#/operations/GET ~1v1~1customers~1{customer_id}~1subscription_preferences/responses/400/content/application~1json/schema" },
    fields: ["errors[].code", "errors[].detail", "errors[].source.pointer", "errors[].status"],
  },
  track_v2_batch: {
    spec: { file: "track", pointer: "#/paths/~1api~1v2~1batch/post/responses/207/content/application~1json/schema" },
    fields: ["errors[].batch_index", "errors[].reason", "errors[].field", "errors[].message"],
  },
  track_v1: { spec: { file: "track", pointer: "#/components/responses/400/content/application~1json/schema" }, fields: ["meta.errors[]"] },
  pipelines: { spec: { file: "pipelines", pointer: "#/components/responses/400/content/application~1json/schema" }, fields: ["meta.errors[]"] },
  transactional: {
    spec: { file: "app", pointer: "#/operations/POST ~1v1~1send~1email/responses/400/content/application~1json/schema" },
    fields: ["meta.error"],
  },
} as const;

/** Larger bodies are not JSON-parsed: a real error body is far smaller. */
const MAX_PARSE_CHARS = 256 * 1024;
/** HTML and text are only scanned at their start. */
const MAX_SCAN_CHARS = 16 * 1024;
const MAX_ITEMS = 20;
const MAX_MESSAGE_CHARS = 500;

function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : clip(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One item of an errors[] array: a string, or an object with detail/message/reason/field. */
function detailFrom(item: unknown): ErrorDetail | undefined {
  if (typeof item === "string") return item.trim() ? { message: clip(item) } : undefined;
  if (!isRecord(item)) return undefined;
  const pointer = asText(isRecord(item.source) ? item.source.pointer : undefined);
  const field = asText(item.field) ?? pointer;
  const code = asText(item.code);
  const reason = asText(item.reason);
  const status = asText(item.status);
  const rawIndex = item.batch_index;
  const batchIndex =
    typeof rawIndex === "number" && Number.isInteger(rawIndex)
      ? rawIndex
      : typeof rawIndex === "string" && /^\d{1,9}$/.test(rawIndex)
        ? Number(rawIndex)
        : undefined;
  const message =
    asText(item.detail) ??
    asText(item.message) ??
    asText(item.title) ??
    asText(item.error) ??
    ([reason, field].filter(Boolean).join(": ") || (code ?? ""));
  if (!message && batchIndex === undefined) return undefined;
  const detail: ErrorDetail = { message: message || "(no message)" };
  if (code !== undefined) detail.code = code;
  if (pointer !== undefined) detail.pointer = pointer;
  if (field !== undefined) detail.field = field;
  if (reason !== undefined) detail.reason = reason;
  if (batchIndex !== undefined) detail.batch_index = batchIndex;
  if (status !== undefined) detail.status = status;
  return detail;
}

function fromJson(json: unknown): ParsedErrorBody {
  if (isRecord(json)) {
    const meta = json.meta;
    if (isRecord(meta)) {
      const single = asText(meta.error);
      if (single !== undefined) return { shape: "meta_error", messages: [single], details: [{ message: single }] };
      if (Array.isArray(meta.errors)) {
        const details = meta.errors
          .slice(0, MAX_ITEMS)
          .map(detailFrom)
          .filter((d): d is ErrorDetail => d !== undefined);
        return { shape: "meta_errors", messages: details.map((d) => d.message), details };
      }
      // meta.error as an object ({"meta":{"error":{"message":"…"}}}) still says something.
      const nested = detailFrom(meta.error);
      if (nested) return { shape: "meta_error", messages: [nested.message], details: [nested] };
    }
    if (Array.isArray(json.errors)) {
      const details = json.errors
        .slice(0, MAX_ITEMS)
        .map(detailFrom)
        .filter((d): d is ErrorDetail => d !== undefined);
      return { shape: "errors_array", messages: details.map((d) => d.message), details };
    }
    // Other JSON error styles: {"message": …}, {"error": …}, {"error": {"message": …}}.
    const loose =
      asText(json.message) ??
      asText(json.error) ??
      asText(json.detail) ??
      (isRecord(json.error) ? (asText(json.error.message) ?? asText(json.error.detail)) : undefined);
    if (loose !== undefined) return { shape: "json_other", messages: [loose], details: [{ message: loose }] };
    return { shape: "json_other", messages: [], details: [] };
  }
  if (Array.isArray(json)) {
    const details = json
      .slice(0, MAX_ITEMS)
      .map(detailFrom)
      .filter((d): d is ErrorDetail => d !== undefined);
    return { shape: "json_other", messages: details.map((d) => d.message), details };
  }
  const scalar = asText(json);
  return { shape: "json_other", messages: scalar ? [scalar] : [], details: scalar ? [{ message: scalar }] : [] };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, name: string) => ENTITIES[name] ?? "");
}

function tagText(html: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}\\b[^>]{0,500}>([\\s\\S]{0,2000}?)</${tag}>`, "i").exec(html);
  if (!match?.[1]) return undefined;
  const text = clip(decodeEntities(match[1].replace(/<[^>]{0,500}>/g, " ")), 200);
  return text || undefined;
}

/** A few words of an HTML page: its title and first heading, never the page itself. */
function fromHtml(body: string): ParsedErrorBody {
  const head = body.slice(0, MAX_SCAN_CHARS);
  const messages: string[] = [];
  const title = tagText(head, "title");
  if (title) messages.push(title);
  const h1 = tagText(head, "h1");
  if (h1 && h1 !== title) messages.push(h1);
  if (messages.length === 0) {
    const text = clip(
      decodeEntities(
        head
          .replace(/<(script|style)\b[^>]{0,500}>[\s\S]{0,4000}?<\/\1>/gi, " ")
          .replace(/<[^>]{0,500}>/g, " "),
      ),
      200,
    );
    if (text) messages.push(text);
  }
  return { shape: "html", messages, details: messages.map((message) => ({ message })) };
}

const HTML_START = /^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<title\b|<\?xml[^>]*>\s*<!doctype\s+html)/i;

export function parseErrorBody(body: string): ParsedErrorBody {
  if (typeof body !== "string" || body.trim() === "") return { shape: "empty", messages: [], details: [] };
  const start = body.trimStart().slice(0, 1);
  if ((start === "{" || start === "[") && body.length <= MAX_PARSE_CHARS) {
    try {
      return fromJson(JSON.parse(body));
    } catch {
      /* not JSON after all: read it as text below */
    }
  }
  if (HTML_START.test(body.slice(0, 1024)) || /<html\b/i.test(body.slice(0, 1024))) return fromHtml(body);
  const text = clip(body.slice(0, MAX_SCAN_CHARS));
  return { shape: "text", messages: [text], details: [{ message: text }] };
}
