import type { EventBridgeEvent } from "aws-lambda";
import { analytics } from "../lib/analytics";

type Shipment = { customerId: string; trackingNumber: string; status: "in_transit" | "delivered" | "returned" };

export const handler = async (event: EventBridgeEvent<"shipment.updated", Shipment>) => {
  const { customerId, trackingNumber, status } = event.detail;

  analytics.identify({ userId: customerId, traits: { last_shipment_status: status } });
  analytics.track({
    userId: customerId,
    event: `shipment_${status}`,
    properties: { tracking_number: trackingNumber },
  });

  return { ok: true };
};
