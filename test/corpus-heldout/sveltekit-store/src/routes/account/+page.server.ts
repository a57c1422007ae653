import { fail } from "@sveltejs/kit";
import { eq } from "drizzle-orm";
import type { Actions } from "./$types";
import { db, schema } from "$lib/server/db";
import { epochSeconds, identify, track, trackLater } from "$lib/server/customerio";

export const actions: Actions = {
  changeEmail: async ({ request, locals }) => {
    if (!locals.user) return fail(401);
    const email = String((await request.formData()).get("email") ?? "").toLowerCase();
    await db.update(schema.users).set({ email }).where(eq(schema.users.id, locals.user.id));

    await identify(locals.user.id, { email, email_updated_at: epochSeconds() });
    trackLater(locals.user.id, "email_changed", { previous_domain: locals.user.email.split("@")[1] });
    return { saved: true };
  },

  deleteAccount: async ({ locals }) => {
    if (!locals.user) return fail(401);
    await db.delete(schema.users).where(eq(schema.users.id, locals.user.id));
    await track(locals.user.id, "account_deleted", { reason: "self_service" });
    return { deleted: true };
  },
};
