import { CIO_APP_API_KEY, CIO_SITE_ID } from "$env/static/private";

const APP_API = "https://api-eu.customer.io/v1";
const TRACK_API = "https://track-eu.customer.io/api/v1";

export async function sendReceipt(to: string, orderId: string, data: Record<string, unknown>) {
  const res = await fetch(`${APP_API}/send/email`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${CIO_APP_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      transactional_message_id: "order_receipt",
      to,
      identifiers: { email: to },
      message_data: { order_id: orderId, ...data },
    }),
  });
  if (!res.ok) throw new Error(`receipt for ${orderId}: HTTP ${res.status}`);
}

// Guest checkouts have no account yet; record the purchase against an
// email-keyed profile so the post-purchase campaign still reaches them.
export async function recordGuestPurchase(email: string, total: number) {
  const auth = btoa(`${CIO_SITE_ID}:${CIO_APP_API_KEY}`);
  const res = await fetch(`${TRACK_API}/customers/${encodeURIComponent(email)}/events`, {
    method: "POST",
    headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Order Completed", data: { total, guest: true } }),
  });
  if (!res.ok) throw new Error(`guest purchase: HTTP ${res.status}`);
}
