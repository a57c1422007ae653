import type { NextApiRequest, NextApiResponse } from "next";
import { db } from "@/lib/db";
import { getCio } from "@/lib/cio";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "POST") return res.status(405).end();
  const user = await db.user.create({ data: { email: req.body.email, name: req.body.name } });
  await getCio().identify(user.id, { email: user.email, created_at: Math.floor(user.createdAt.getTime() / 1000) });
  await getCio().track(user.id, { name: "signed-up", data: { via: "legacy_form" } });
  res.status(201).json({ id: user.id });
}
