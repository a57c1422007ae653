'use server';

import { revalidatePath } from 'next/cache';
import { prisma } from '@/lib/db';
import { identifyUser, trackEvent } from '@/lib/customerio';

export async function updateEmailPreferences(userId: string, formData: FormData) {
  const weekly = formData.get('weekly') === 'on';
  await prisma.user.update({ where: { id: userId }, data: { weeklyDigest: weekly } });
  await identifyUser(userId, {
    weekly_digest: weekly,
    preferences_updated_at: Date.now(),
  });
  await trackEvent(userId, 'preferences-updated', { weekly });
  revalidatePath('/account');
}
