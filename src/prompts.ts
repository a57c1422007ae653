/** MCP prompts: the troubleshoot runbook, tailored to the symptom the user states. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { checklist } from "./knowledge/catalog.js";
import type { Checklist } from "./knowledge/types.js";

const MAX_SYMPTOM_CHARS = 2000;

function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The checklist that fits the symptom, if one does. */
function checklistFor(symptom: string): Checklist | undefined {
  const s = symptom.toLowerCase();
  if (/\b(trigger|triggered|triggering|campaign did not start|event)\b/.test(s)) return checklist("event_not_triggering_campaign");
  if (/\b(email|emails|receiv|deliver|inbox|sent|sending|message)/.test(s)) return checklist("user_not_receiving_email");
  return undefined;
}

/** The troubleshoot runbook as one user message, steps in the order to run them. */
export function troubleshootRunbook(symptom: string, customer?: string): string {
  const stated = clip(symptom, MAX_SYMPTOM_CHARS);
  const person = customer?.trim() ? clip(customer, 200) : undefined;
  const personArg = person ? (person.includes("@") ? `email "${person}"` : `id "${person}"`) : undefined;
  const status = /\b([1-5]\d{2})\b/.exec(stated)?.[1];
  const list = checklistFor(stated);

  const steps: string[] = [];
  steps.push(
    `run_diagnostics${personArg ? ` with ${personArg}` : ""}: status page, Track and App credentials and region${person ? ", and the person" : ""} in one pass. Fix anything it reports as an error before going further.`,
  );
  steps.push(
    status
      ? `diagnose_status_code with status ${status}, plus the response body, the request url and method, and the Retry-After header if there was one.`
      : "If an HTTP error is involved: diagnose_status_code with the status, the response body, the request url and method, and Retry-After.",
  );
  // "Not receiving", "not triggering", "not arriving" (a push or a transactional message too): the delivery chain.
  if (list || /\b(push|transactional|receipt|arriv|never got|didn't get|did not get)/i.test(stated)) {
    steps.push(
      person
        ? `trace_delivery with ${personArg} and the campaign_id, broadcast_id, transactional_id or delivery_id of the message${list?.id === "event_not_triggering_campaign" ? " (or event_name, the event that should have started it)" : ""}: it follows person → target → trigger → audience → reachability → delivery and names the first broken link.`
        : "For one person and one message: trace_delivery with their id, email or cio_id and the campaign_id, broadcast_id, transactional_id or delivery_id; it names the first broken link of the delivery chain.",
    );
  }
  steps.push(
    person
      ? `lookup_customer with ${personArg}${list?.id === "event_not_triggering_campaign" ? " and event_name set to the event that should have triggered the campaign" : ""}: profile, unsubscribe and bounce state, segments, recent events and messages.`
      : "If a specific person is affected: lookup_customer with their id, email or cio_id (and event_name for a campaign that did not trigger).",
  );
  steps.push("explain_pitfall with the symptom or the error text as query, to see whether a classic integration mistake explains it.");
  steps.push("check_payload on the identify / track / batch / send_email body the application sends (timestamps, identifiers, sizes, event names).");
  steps.push("audit_code on the integration code (the directory that calls Customer.io) for the classic pitfalls and hard-coded keys.");

  const lines = [
    "Troubleshoot this Customer.io integration problem with the customerio-doctor tools.",
    "",
    "Symptom, as stated by the user:",
    "> " + stated.replace(/\n/g, "\n> "),
    ...(person ? ["", `Affected person: ${person}`] : []),
    "",
    "Run these steps in order, skipping the ones that clearly do not apply:",
    ...steps.map((s, i) => `${i + 1}. ${s}`),
  ];
  if (list) {
    lines.push("", `Then walk the "${list.title}" checklist and say for each step whether it passed:`);
    for (const step of list.steps) lines.push(`- ${step.check}: ${step.how}${step.tool ? ` (${step.tool})` : ""}`);
  }
  lines.push(
    "",
    "Rules: every tool is read-only; credentials come only from the environment (CUSTOMERIO_SITE_ID, CUSTOMERIO_TRACK_API_KEY, CUSTOMERIO_APP_API_KEY, CUSTOMERIO_REGION), so never ask the user to paste an API key.",
    "Answer with the cause first, the evidence (finding codes and figures the tools returned), then the fix; say plainly when a check could not run.",
  );
  return lines.join("\n");
}

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    "troubleshoot",
    {
      title: "Troubleshoot Customer.io",
      description:
        "Walks the Customer.io troubleshooting runbook for a symptom: run_diagnostics, diagnose_status_code, trace_delivery, lookup_customer, explain_pitfall, check_payload, audit_code.",
      argsSchema: {
        symptom: z
          .string()
          .describe("What is going wrong, in the user's words or as an error text, e.g. \"emails stopped sending\" or \"401 on identify\"."),
        customer: z
          .string()
          .optional()
          .describe("The affected person's id or email, if a specific person is involved."),
      },
    },
    ({ symptom, customer }) => ({
      description: "Customer.io troubleshooting runbook",
      messages: [{ role: "user", content: { type: "text", text: troubleshootRunbook(symptom, customer) } }],
    }),
  );
}
