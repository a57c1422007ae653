import axios from "axios";
import { DateTime } from "luxon";
import type { SQSEvent } from "aws-lambda";

const trackEu = axios.create({
  baseURL: "https://track-eu.customer.io/api/v1",
  headers: {
    authorization: `Basic ${Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_APP_API_KEY}`).toString("base64")}`,
  },
});

type StatusMessage = { customerId: string; orderId: string; status: string; updatedAt: string };

export async function handler(event: SQSEvent): Promise<void> {
  const msg = JSON.parse(event.Records[0].body) as StatusMessage;

  await trackEu.post(`/customers/${encodeURIComponent(msg.customerId)}/events`, {
    name: "order_status_changed",
    data: { order_id: msg.orderId, status: msg.status },
    timestamp: DateTime.fromISO(msg.updatedAt).toMillis(),
  });

  await trackEu.put(`/customers/${encodeURIComponent(msg.customerId)}`, {
    last_order_status: msg.status,
    last_order_at: Math.floor(DateTime.fromISO(msg.updatedAt).toSeconds()),
  });
}
