import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/db';
import { identifyUser } from '@/lib/customerio';

// Re-sends every customer's profile after a schema change. Triggered by hand from the admin page.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers.authorization !== `Bearer ${process.env.ADMIN_TOKEN}`) return res.status(401).end();
  const users = await prisma.user.findMany({ select: { id: true, email: true, plan: true } });
  for (const user of users) {
    await identifyUser(user.id, { email: user.email, plan: user.plan });
  }
  return res.json({ reindexed: users.length });
}
