import { NextResponse } from 'next/server';
import { waitUntil } from '@vercel/functions';
import { trackPerson, unix } from '@/lib/cio';
import { sendReceiptEmail } from '@/lib/transactional';

export async function POST(request: Request) {
  const { userId, email, cart } = await request.json();
  const orderId = `ord_${Date.now().toString(36)}`;
  await trackPerson(userId, 'checkout_completed', { order_id: orderId, email, items: cart.length, completed_at: unix() });
  waitUntil(sendReceiptEmail(email, orderId));
  waitUntil(trackPerson(userId, 'CheckoutReceiptQueued', { order_id: orderId }));
  return NextResponse.json({ orderId });
}
