/**
 * The workspace's reporting webhooks → findings (pure). Bounces and spam
 * complaints reach an app only through a reporting webhook that is enabled
 * and subscribed to those events (pitfall 8).
 */
import type { Finding } from "../findings.js";
import type { ReportingWebhook } from "../cio/delivery-reads.js";

/** The reporting-webhook events an app needs to stop emailing bad addresses (reporting webhooks spec, `events` enum). */
export const BOUNCE_EVENTS = ["email_bounced", "email_spammed"] as const;

function label(w: ReportingWebhook): string {
  return `${w.id !== null ? `#${w.id} ` : ""}"${w.name.slice(0, 60)}"`;
}

export function webhookFindings(webhooks: readonly ReportingWebhook[]): Finding[] {
  const out: Finding[] = [];
  const receives = (w: ReportingWebhook) => BOUNCE_EVENTS.every((e) => w.events.includes(e));
  const enabled = webhooks.filter((w) => !w.disabled);
  const disabled = webhooks.filter((w) => w.disabled);
  if (disabled.length > 0) {
    out.push({
      code: "webhook_disabled",
      severity: "warning",
      message: `${disabled.length === 1 ? "A reporting webhook is" : `${disabled.length} reporting webhooks are`} disabled (${disabled.slice(0, 3).map(label).join(", ")}): Customer.io sends it nothing.`,
      fix: "Re-enable it under Data & Integrations > Reporting Webhooks once its endpoint answers 2xx again, or delete it.",
      evidence: disabled.slice(0, 3).map((w) => `${label(w)} disabled, events ${w.events.slice(0, 5).join(", ") || "none"}`).join("; "),
    });
  }
  if (!enabled.some(receives)) {
    const partial = enabled.filter((w) => BOUNCE_EVENTS.some((e) => w.events.includes(e)));
    out.push({
      code: "no_bounce_webhook",
      severity: "warning",
      pitfall: 8,
      message:
        webhooks.length === 0
          ? "The workspace has no reporting webhook, so your app never hears about bounces and spam complaints."
          : "No enabled reporting webhook receives both bounce and spam-complaint events, so your app cannot stop emailing bad addresses.",
      fix: "Add (or enable) a reporting webhook subscribed to email_bounced and email_spammed, and mark those addresses in your app; do not suppress the person.",
      evidence: `${webhooks.length} webhook(s), ${enabled.length} enabled${partial.length ? `; ${partial.map(label).join(", ")} receive only some of ${BOUNCE_EVENTS.join(", ")}` : ""}`,
    });
  }
  return out;
}
