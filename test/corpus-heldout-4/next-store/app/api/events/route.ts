import { NextResponse } from 'next/server';
import { trackEvent } from '@/lib/customerio';

export async function POST(request: Request) {
  const body = (await request.json()) as { userId: string; button: string; page: string };
  await trackEvent(body.userId, `clicked_${body.button}`, { page: body.page });
  return NextResponse.json({ ok: true });
}
