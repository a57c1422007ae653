import type { NextApiRequest, NextApiResponse } from "next";
import { APIClient, RegionEU, SendEmailRequest } from "customerio-node";
import { verifyShopSignature } from "@/lib/shop";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "POST" || !verifyShopSignature(req)) {
    return res.status(401).end();
  }
  const order = req.body as { id: string; customer_id: string; email: string; total: number };

  const api = new APIClient(process.env.CIO_APP_API_KEY!, { region: RegionEU });
  res.status(202).json({ received: order.id });

  await api.sendEmail(
    new SendEmailRequest({
      transactional_message_id: "order_confirmation",
      to: order.email,
      identifiers: { id: order.customer_id },
      message_data: { order_id: order.id, total: order.total },
    }),
  );
}
