/**
 * check_payload for transactional email (App API POST /v1/send/email): the
 * template or inline content, exactly one identifier, the recipients (at most
 * 15 across to, cc and bcc) and the request size (1 MB without attachments,
 * 2 MB with them; attachments under 2 MB in total).
 */
import type { Severity } from "../findings.js";
import { addressOf, countAddresses, isMillisecondTimestamp, isValidEmail, numericValue, plural, splitAddressList } from "../domain/index.js";
import { LIMITS } from "../knowledge/limits.js";
import {
  checkIdentifierSet,
  FindingSink,
  invalidType,
  isPlainObject,
  limitCite,
  millisecondFinding,
  own,
  present,
  preview,
  scanEntries,
  type PayloadCheckCounts,
  type PayloadCheckInput,
} from "./payload-common.js";

const RECIPIENT_FIELDS = ["to", "cc", "bcc"] as const;

/** Decoded size of a base64 string, without decoding it. */
function base64Bytes(text: string): number {
  let padding = 0;
  if (text.endsWith("==")) padding = 2;
  else if (text.endsWith("=")) padding = 1;
  return Math.max(0, Math.floor((text.length * 3) / 4) - padding);
}

/** payload_too_large: 1 MB without attachments, 2 MB with them, and attachments under 2 MB in total. */
function checkTransactionalSize(body: Record<string, unknown>, bodyBytes: number, sink: FindingSink): void {
  const attachments = own(body, "attachments");
  const files = isPlainObject(attachments) ? Object.entries(attachments) : [];
  const limit = files.length > 0 ? LIMITS.transactionalWithAttachmentsBytes : LIMITS.transactionalBytes;
  if (bodyBytes > limit.value) {
    sink.add({
      code: "payload_too_large",
      severity: "error",
      message: `The request is ${bodyBytes.toLocaleString("en-US")} bytes; Customer.io accepts transactional requests of at most ${files.length > 0 ? "2 MB with attachments" : "1 MB without attachments (2 MB with attachments)"}.`,
      fix: files.length > 0 ? "Link to large files instead of attaching them, and trim message_data." : "Send only what the template uses in message_data; link to large content instead of embedding it.",
      evidence: `body: ${bodyBytes} bytes; ${limitCite(limit)}; the older 2048 KB figure is superseded`,
    });
  }
  if (files.length === 0) return;
  const attachLimit = LIMITS.transactionalAttachmentsBytes;
  let total = 0;
  for (const [, content] of files) if (typeof content === "string") total += base64Bytes(content);
  if (total >= attachLimit.value) {
    sink.add({
      code: "payload_too_large",
      severity: "error",
      message: `The attachments add up to ${total.toLocaleString("en-US")} bytes; their total must be less than 2 MB.`,
      fix: "Attach fewer or smaller files, or link to them from the message.",
      evidence: `${plural(files.length, "attachment")}, ${total} bytes decoded; ${limitCite(attachLimit)}`,
    });
  }
}

/** too_many_recipients: at most 15 recipients across to, cc and bcc. Returns the count. */
function checkRecipientCount(body: Record<string, unknown>, sink: FindingSink): number {
  const limit = LIMITS.transactionalRecipients;
  const counts: string[] = [];
  let total = 0;
  for (const field of RECIPIENT_FIELDS) {
    const value = own(body, field);
    if (typeof value !== "string") continue;
    const n = countAddresses(value);
    total += n;
    if (n > 0) counts.push(`${field} ${n}`);
  }
  if (total > limit.value) {
    sink.add({
      code: "too_many_recipients",
      severity: "error",
      message: `The request has ${total} recipients across to, cc and bcc; Customer.io allows at most ${limit.value} in one transactional send.`,
      fix: "Send one request per recipient (or per group of at most 15); each person's own send also keeps their metrics and unsubscribes apart.",
      evidence: `${counts.join(", ")}; ${limitCite(limit)}`,
    });
  }
  return total;
}

function checkAddressField(
  value: unknown,
  path: string,
  required: boolean,
  sink: FindingSink,
  code: "invalid_recipient" | "invalid_email",
  severity: Severity,
): void {
  if (!present(value) || value === "") {
    if (!required) return;
    sink.add({
      code,
      severity,
      message: `${path} is ${value === "" ? "empty" : "missing"}; transactional email needs a recipient address.`,
      fix: `Send ${path}: the person's email address (e.g. "jane@example.com" or "Jane Doe <jane@example.com>").`,
      evidence: `${path} = ${value === "" ? '""' : "(absent)"}`,
    });
    return;
  }
  if (typeof value !== "string") {
    sink.add({
      code,
      severity,
      message: `${path} must be a string of addresses, not ${preview(value)}.`,
      fix: `Send ${path} as a string; separate several addresses with commas.`,
      evidence: `${path} = ${preview(value)}`,
    });
    return;
  }
  const entries = splitAddressList(value);
  const bad = entries.filter((e) => !isValidEmail(addressOf(e)));
  if (bad.length > 0) {
    sink.add({
      code,
      severity,
      message: `${path} has ${plural(bad.length, "entry")} that ${bad.length === 1 ? "is not a valid address" : "are not valid addresses"}${entries.length > 1 ? ` (of ${entries.length})` : ""}.`,
      fix: `Use "addr@example.com" or "Name <addr@example.com>", several separated by commas; quote display names that contain commas.`,
      evidence: `${path} entry ${preview(bad[0] ?? "", 60)}`,
    });
  }
}

export function checkSendEmail(input: PayloadCheckInput, sink: FindingSink, checked: PayloadCheckCounts): void {
  const { body, bodyBytes } = input;
  checkTransactionalSize(body, bodyBytes, sink);
  const templateId = own(body, "transactional_message_id");
  if (!present(templateId) || templateId === "") {
    const inline = ["body", "subject", "from"].every((k) => {
      const v = own(body, k);
      return typeof v === "string" && v.trim() !== "";
    });
    if (!inline) {
      sink.add({
        code: "missing_transactional_message_id",
        severity: "error",
        message:
          "No transactional_message_id: Customer.io does not know which transactional message to send (without a template you must give body, subject and from yourself).",
        fix: "Send the numeric id (or trigger name) of the transactional message from Customer.io's Transactional page.",
        evidence: `transactional_message_id = ${templateId === "" ? '""' : "(absent)"}`,
      });
    }
  } else if (typeof templateId !== "string" && typeof templateId !== "number") {
    invalidType(sink, "transactional_message_id", "a number or a trigger-name string", templateId);
  }

  checkIdentifierSet(own(body, "identifiers"), "identifiers", ["id", "email", "cio_id"], sink);
  checkAddressField(own(body, "to"), "to", true, sink, "invalid_recipient", "error");
  checkAddressField(own(body, "cc"), "cc", false, sink, "invalid_recipient", "error");
  checkAddressField(own(body, "bcc"), "bcc", false, sink, "invalid_recipient", "error");
  checked.recipients = checkRecipientCount(body, sink);
  checkAddressField(own(body, "from"), "from", false, sink, "invalid_email", "warning");
  checkAddressField(own(body, "reply_to"), "reply_to", false, sink, "invalid_email", "warning");

  const sendAt = own(body, "send_at");
  if (present(sendAt)) {
    if (isMillisecondTimestamp(sendAt)) {
      sink.add(millisecondFinding("send_at", sendAt, "error", "the send is scheduled thousands of years ahead, which Customer.io refuses"));
    } else if (numericValue(sendAt) === undefined) {
      invalidType(sink, "send_at", "Unix seconds (a number)", sendAt, "warning");
    }
  }

  const messageData = own(body, "message_data");
  if (present(messageData)) {
    if (!isPlainObject(messageData)) invalidType(sink, "message_data", "an object", messageData);
    else scanEntries(messageData, "message_data", sink, "warning", "Liquid date filters in the message will show dates thousands of years ahead");
  }
}
