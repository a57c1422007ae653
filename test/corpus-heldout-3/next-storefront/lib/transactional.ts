// The App API is only reachable with the App key (Bearer), never the Track key.
const APP_API = "https://api-eu.customer.io/v1";

export async function sendPasswordReset(customerId: string, email: string, link: string) {
  const res = await fetch(`${APP_API}/send/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${process.env.CIO_TRACK_API_KEY}`,
    },
    body: JSON.stringify({
      transactional_message_id: "password_reset",
      to: email,
      identifiers: { id: customerId },
      message_data: { link },
    }),
  });
  if (!res.ok) throw new Error(`customer.io send failed: ${res.status}`);
}

export async function sendMagicLink(customerId: string, email: string, link: string) {
  const res = await fetch(`${APP_API}/send/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${process.env.CIO_APP_API_KEY}`,
    },
    body: JSON.stringify({
      transactional_message_id: "magic_link",
      to: email,
      identifiers: { id: customerId },
      message_data: { link },
    }),
  });
  if (!res.ok) throw new Error(`customer.io send failed: ${res.status}`);
}
