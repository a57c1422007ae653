import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";

const CDP_URL = "https://cdp-eu.customer.io/v1/track";
const writeKeyAuth = `Basic ${Buffer.from(`${process.env.CIO_WRITE_KEY}:`).toString("base64")}`;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const { userId, orderId, amount } = JSON.parse(event.body ?? "{}");

  const res = await fetch(CDP_URL, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: writeKeyAuth },
    body: JSON.stringify({ userId, event: "order_refunded", properties: { order_id: orderId, amount } }),
  });
  if (!res.ok) {
    console.warn("customer.io cdp rejected refund event", res.status);
  }
  return { statusCode: 202, body: "" };
}
