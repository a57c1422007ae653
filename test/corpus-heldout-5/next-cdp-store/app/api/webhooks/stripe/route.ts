import { after } from 'next/server';
import { appApi, trackPerson } from '@/lib/cio';

export async function POST(request: Request) {
  const event = await request.json();
  if (event.type === 'customer.subscription.deleted') {
    const customerId = event.data.object.metadata.user_id as string;
    after(async () => {
      await trackPerson(customerId, 'subscription_cancelled', { ended_at: event.data.object.ended_at });
      await appApi.triggerBroadcast(42, { ids: [customerId] });
    });
  }
  return new Response(null, { status: 200 });
}
