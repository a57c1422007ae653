import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/db';
import { analytics } from '@/lib/pipelines';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const order = await prisma.order.create({ data: { userId: req.body.userId, total: req.body.total } });
  analytics.track({
    userId: order.userId,
    event: 'checkout_completed',
    properties: { order_id: order.id, total: order.total },
    timestamp: new Date(),
  });
  res.status(201).json({ id: order.id });
}
