"use server";

import { revalidatePath } from "next/cache";
import { recordEvent } from "@/lib/cio";

export async function updatePlan(userId: string, plan: string) {
  await recordEvent(userId, "plan_changed", { plan });
  revalidatePath("/settings");
}

export async function updateNickname(userId: string, nickname: string) {
  recordEvent(userId, "nickname_changed", { nickname }).catch(console.error);
  revalidatePath("/settings");
}

export async function trackTheme(userId: string, theme: string) {
  await recordEvent(userId, "themeSwitched", { theme });
}
