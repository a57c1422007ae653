import { NextResponse, after } from 'next/server';
import { identifyPerson, trackPerson, unix } from '@/lib/cio';

export async function POST(request: Request) {
  const body = await request.json();
  const id = crypto.randomUUID();
  await fetch('https://cdp.customer.io/v1/identify', {
    method: 'POST',
    headers: {
      Authorization: 'Basic ' + btoa(`${process.env.CIO_WRITE_KEY}:`),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ userId: id, traits: { email: body.email, created_at: unix() } }),
  });
  after(() => trackPerson(id, 'signed_up', { referrer: body.ref ?? null }));
  after(async () => {
    await identifyPerson(id, { signup_completed_at: unix() });
  });
  return NextResponse.json({ id }, { status: 201 });
}
