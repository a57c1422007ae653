/**
 * Activity types as the Track spec lists them (components/schemas/activityTypes):
 * message activities are `<metric>_<channel>` (`bounced_push`,
 * `dropped_twilio`, `failed_email`…, `twilio` being SMS), and the failed
 * types about data (`failed_attribute_change`, `failed_event`…) are not
 * message failures. One definition for lookup_customer and trace_delivery.
 */

/** Channels of message activities, as people say them. The spec spells WhatsApp's dropped type `dropped_whatasapp`; both spellings count. */
export const ACTIVITY_CHANNELS: Record<string, string> = {
  email: "email",
  push: "push",
  twilio: "SMS",
  sms: "SMS",
  whatsapp: "WhatsApp",
  whatasapp: "WhatsApp",
  slack: "Slack",
  webhook: "webhook",
  in_app: "in-app",
  action: "action",
};

/** Message metrics that mean a message did not reach the person, and the finding each belongs to. */
export type DeliveryMetric = "bounced" | "spammed" | "undeliverable" | "failed" | "dropped" | "suppressed";
export const DELIVERY_METRIC_CODE: Record<DeliveryMetric, "bounced" | "spam_complaint" | "undeliverable" | "failed_message"> = {
  bounced: "bounced",
  spammed: "spam_complaint",
  undeliverable: "undeliverable",
  failed: "failed_message",
  dropped: "failed_message",
  suppressed: "failed_message",
};
export const DELIVERY_METRICS = Object.keys(DELIVERY_METRIC_CODE) as DeliveryMetric[];

/** `bounced_push` → { metric: bounced, channel: push }; undefined for other activity types. */
export function deliveryActivity(type: string): { metric: DeliveryMetric; channel: string } | undefined {
  const cut = type.indexOf("_");
  if (cut <= 0 || type.length > 40) return undefined;
  const metric = type.slice(0, cut) as DeliveryMetric;
  const channel = type.slice(cut + 1);
  if (!DELIVERY_METRICS.includes(metric) || !Object.hasOwn(ACTIVITY_CHANNELS, channel)) return undefined;
  return { metric, channel: ACTIVITY_CHANNELS[channel]! };
}

/**
 * Failed activity types about data (an attribute change, an event, a batch
 * update, a relationship or object change, a campaign's data step) rather
 * than a message: Track spec components/schemas/activityTypes lists them
 * beside the per-channel `failed_<channel>` message failures.
 */
export function isDataFailureActivity(type: string): boolean {
  if (type.length > 80 || deliveryActivity(type)) return false;
  if (type === "relationship_failed_attribute_change") return true;
  if ((type.startsWith("_o:") || type.startsWith("_r:")) && type.endsWith(":failed_attribute_change")) return true;
  return type.startsWith("failed_");
}

