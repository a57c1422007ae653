import { fail, redirect } from "@sveltejs/kit";
import type { Actions } from "./$types";
import { createSession, db, schema } from "$lib/server/db";
import { identify, track } from "$lib/server/customerio";

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const form = await request.formData();
    const email = String(form.get("email") ?? "").trim().toLowerCase();
    const name = String(form.get("name") ?? "");
    if (!email.includes("@")) return fail(400, { email, invalid: true });

    const [user] = await db.insert(schema.users).values({ email, name }).returning();

    await track(user.id, "account_created", { source: String(form.get("ref") ?? "direct") });
    await identify(user.id, { email, name, created_at: Date.now() });

    await createSession(cookies, user.id);
    redirect(303, "/welcome");
  },
};
