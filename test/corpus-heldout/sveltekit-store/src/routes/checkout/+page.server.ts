import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { db, schema } from "$lib/server/db";
import { epochSeconds, identify, track } from "$lib/server/customerio";
import { recordGuestPurchase, sendReceipt } from "$lib/server/transactional";

export const load: PageServerLoad = async ({ locals }) => ({ user: locals.user });

export const actions: Actions = {
  placeOrder: async ({ request, locals }) => {
    const form = await request.formData();
    const email = String(form.get("email") ?? locals.user?.email ?? "");
    const totalCents = Number(form.get("total_cents"));
    if (!email || !Number.isFinite(totalCents)) return fail(400, { invalid: true });

    const [order] = await db
      .insert(schema.orders)
      .values({ userId: locals.user?.id ?? null, email, totalCents })
      .returning();

    if (locals.user) {
      await track(locals.user.id, "order_completed", { order_id: order.id, total_cents: totalCents });
      await identify(locals.user.id, { last_purchase_at: +new Date(), lifetime_orders: Number(form.get("n") ?? 1) });
    } else {
      await recordGuestPurchase(email, totalCents);
    }
    await sendReceipt(email, order.id, { total: (totalCents / 100).toFixed(2) });

    redirect(303, `/orders/${order.id}`);
  },

  applyCoupon: async ({ request, locals }) => {
    const code = String((await request.formData()).get("code") ?? "");
    if (locals.user) {
      track(locals.user.id, "coupon_applied", { code, applied_at: epochSeconds() }).catch(() => {});
    }
    return { code };
  },
};
