import 'server-only';

// Receipts go through the App API directly so we can pass attachments.
export async function sendReceiptEmail(to: string, orderId: string) {
  return fetch('https://api.customer.io/v1/send/email', {
    method: 'POST',
    headers: {
      Authorization: `Basic ${btoa(`${process.env.CIO_SITE_ID}:${process.env.CIO_TRACK_API_KEY}`)}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ transactional_message_id: 'receipt', to, identifiers: { email: to }, message_data: { order_id: orderId } }),
  });
}
