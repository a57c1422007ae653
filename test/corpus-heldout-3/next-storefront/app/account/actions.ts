"use server";

import { after } from "next/server";
import { revalidatePath } from "next/cache";
import { identifyUser, track } from "@/lib/analytics";
import { db } from "@/lib/db";
import { requireUser } from "@/lib/session";

export async function completeProfile(formData: FormData) {
  const user = await requireUser();
  const updated = await db.user.update({
    where: { id: user.id },
    data: { firstName: String(formData.get("firstName")), birthday: new Date(String(formData.get("birthday"))) },
  });

  after(async () => {
    await identifyUser(updated.id, {
      email: updated.email,
      first_name: updated.firstName,
      created_at: +new Date(updated.createdAt),
      birthday: Math.floor(updated.birthday.getTime() / 1000),
    });
    await track(updated.id, "profile_completed");
  });

  revalidatePath("/account");
}

export async function startCheckout(cartId: string) {
  const user = await requireUser();
  after(() => track(user.id, "Checkout Started", { cart_id: cartId }));
  return { redirect: `/checkout/${cartId}` };
}
