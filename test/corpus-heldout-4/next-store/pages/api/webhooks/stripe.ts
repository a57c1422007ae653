import type { NextApiRequest, NextApiResponse } from 'next';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: '2023-10-16' });
const trackAuth = Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_TRACK_KEY}`).toString('base64');

export const config = { api: { bodyParser: false } };

async function rawBody(req: NextApiRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const event = stripe.webhooks.constructEvent(await rawBody(req), req.headers['stripe-signature'] as string, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === 'invoice.paid') {
    const invoice = event.data.object as Stripe.Invoice;
    const customerId = invoice.metadata?.user_id;
    if (customerId) {
      await fetch(`https://track.customer.io/api/v1/customers/${encodeURIComponent(customerId)}/events`, {
        method: 'POST',
        headers: { Authorization: `Basic ${trackAuth}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'invoice.paid', timestamp: event.created, data: { amount: invoice.amount_paid } }),
      });
    }
  }
  res.json({ received: true });
}
