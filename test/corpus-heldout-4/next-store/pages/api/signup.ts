import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/db';
import { identifyUser, trackEvent } from '@/lib/customerio';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const user = await prisma.user.create({ data: { email: req.body.email, name: req.body.name } });
  await trackEvent(user.id, 'signed_up', { referrer: req.body.referrer ?? null });
  await identifyUser(user.id, {
    email: user.email,
    name: user.name,
    created_at: Math.floor(user.createdAt.getTime() / 1000),
  });
  return res.status(201).json({ id: user.id });
}
