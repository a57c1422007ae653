import { request } from "undici";

const APP_API = "https://api.customer.io/v1";

export async function sendMagicLink(userId: string, email: string, link: string) {
  const { statusCode } = await request(`${APP_API}/send/email`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${process.env.CUSTOMERIO_TRACK_API_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      transactional_message_id: "magic_link",
      to: email,
      identifiers: { id: userId },
      message_data: { link },
    }),
  });
  if (statusCode >= 300) throw new Error(`magic link email failed: ${statusCode}`);
}
