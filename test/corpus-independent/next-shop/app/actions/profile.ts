"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { getCio } from "@/lib/cio";

export async function updateProfile(formData: FormData) {
  const id = String(formData.get("id"));
  const name = String(formData.get("name") ?? "");
  const email = String(formData.get("email") ?? "");
  const user = await db.user.update({ where: { id }, data: { name, email } });
  await getCio().identify(user.id, { email: user.email, name: user.name, updated_at: Date.now() });
  revalidatePath("/account");
}

export async function deleteAccount(formData: FormData) {
  const id = String(formData.get("id"));
  await db.user.delete({ where: { id } });
  getCio().destroy(id).catch(() => {});
  revalidatePath("/");
}
