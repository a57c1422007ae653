import { APIClient, RegionEU, RegionUS, SendEmailRequest, TrackClient } from "customerio-node";
import { config } from "@/config";
import { logger } from "./logger";

const region = config.cio.region === "eu" ? RegionEU : RegionUS;

// One client per process: the SDK keeps its agent and sockets alive.
export const cio = new TrackClient(config.cio.siteId, config.cio.trackApiKey, { region });
export const cioApi = new APIClient(config.cio.appApiKey, { region });

export type Attrs = Record<string, unknown>;

export function identifyAccount(id: string, attrs: Attrs) {
  return cio.identify(id, attrs);
}

export function trackEvent(id: string, name: string, data: Attrs = {}) {
  return cio.track(id, { name, data });
}

/** Fire and forget: analytics must never fail or slow a request. */
export function trackLater(id: string, name: string, data: Attrs = {}): void {
  trackEvent(id, name, data).catch((err: unknown) => {
    logger.warn({ err, id, name }, "customer.io track failed");
  });
}

export function sendReceipt(to: string, accountId: string, data: Attrs) {
  const request = new SendEmailRequest({
    transactional_message_id: "invoice_receipt",
    to,
    identifiers: { id: accountId },
    message_data: data,
  });
  return cioApi.sendEmail(request);
}
