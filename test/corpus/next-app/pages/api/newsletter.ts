import type { NextApiRequest, NextApiResponse } from "next";
import { cio } from "../../lib/cio";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { id, email } = req.body;
  await cio().identify(id, { email, newsletter: true, subscribed_at: Date.now() });
  res.status(200).json({ subscribed: true });
}
