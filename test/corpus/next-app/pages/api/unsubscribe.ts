import type { NextApiRequest, NextApiResponse } from "next";
import { cio } from "@/lib/cio";

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  cio().identify(req.body.id, { newsletter: false }).catch(() => undefined);
  res.status(202).end();
}
