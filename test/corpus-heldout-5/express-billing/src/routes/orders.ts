import { Router } from 'express';
import catchAsync from '../middleware/catchAsync';
import { cio, toUnix, trackEvent } from '@lib/customerio';
import { db } from '../services/db';
import { sendReceipt } from '../services/mailer';

export const ordersRouter = Router();

ordersRouter.post('/', catchAsync(async (req, res) => {
  const [order] = await db.query('insert into orders(user_id, total) values ($1, $2) returning *', [req.body.userId, req.body.total]);
  await cio.track(order.user_id, {
    name: 'order_placed',
    data: { order_id: order.id, total: order.total, placed_at: toUnix(order.created_at) },
  });
  res.status(201).json(order);
}));

ordersRouter.post('/:id/status', catchAsync(async (req, res) => {
  const [order] = await db.query('update orders set status = $2 where id = $1 returning *', [req.params.id, req.body.status]);
  res.json(order);
  void trackEvent(order.user_id, `order_${order.status}`, { order_id: order.id });
}));

ordersRouter.post('/:id/refund', catchAsync(async (req, res) => {
  const [refund] = await db.query('update orders set refunded = true where id = $1 returning *', [req.params.id]);
  res.json(refund);
  await trackEvent(refund.user_id, 'OrderRefunded', { amount: refund.total });
  await sendReceipt(refund.email, refund.user_id, { id: refund.id, total: -refund.total });
}));
