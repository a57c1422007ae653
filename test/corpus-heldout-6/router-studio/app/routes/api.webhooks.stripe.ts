import type { Route } from "./+types/api.webhooks.stripe";

const TRACK_AUTH = "Basic " + Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_TRACK_API_KEY}`).toString("base64");

export async function action({ request }: Route.ActionArgs) {
  const event = await request.json();
  if (event.type !== "invoice.paid") return new Response(null, { status: 204 });
  const customerId = event.data.object.metadata.user_id;
  await fetch(`https://track.customer.io/api/v1/customers/${customerId}/events`, {
    method: "POST",
    headers: { Authorization: TRACK_AUTH, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "invoice_paid", timestamp: event.created, data: { amount: event.data.object.amount_paid } }),
  });
  return new Response(null, { status: 200 });
}
