import { NextResponse } from 'next/server';
import { Analytics } from '@customerio/cdp-analytics-node';

export async function POST(request: Request) {
  const body = await request.json();
  const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY!, host: 'https://cdp.customer.io' });
  analytics.track({ userId: body.userId, event: `clicked_${body.target}`, properties: { page: body.page } });
  return NextResponse.json({ ok: true });
}
