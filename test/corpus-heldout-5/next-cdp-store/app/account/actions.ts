'use server';

import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { identifyPerson, trackPerson } from '@/lib/cio';

export async function updateProfile(userId: string, formData: FormData) {
  const name = String(formData.get('name') ?? '');
  await identifyPerson(userId, { name, profile_updated_at: Date.now() });
  revalidatePath('/account');
}

export async function inviteTeammate(userId: string, formData: FormData) {
  const email = String(formData.get('email'));
  after(() => trackPerson(userId, `invited_${email}`, { role: formData.get('role') }));
  revalidatePath('/account/team');
}

export async function changePlan(userId: string, plan: string) {
  after(() => trackPerson(userId, 'plan_changed', { plan }));
  return { ok: true };
}
