"use server";

import { after } from "next/server";
import { cookies } from "next/headers";
import { z } from "zod";
import { trackAnonymous } from "@/lib/analytics";

const Email = z.string().email();

export async function subscribe(formData: FormData): Promise<{ ok: boolean }> {
  const parsed = Email.safeParse(formData.get("email"));
  if (!parsed.success) return { ok: false };
  const email = parsed.data;
  const anonId = cookies().get("ajs_anonymous_id")?.value ?? crypto.randomUUID();

  after(() => trackAnonymous(anonId, "newsletter_subscribed", { email_domain: email.split("@")[1] }));
  after(() => trackAnonymous(anonId, "newsletter_" + email, { source: "footer" }));
  return { ok: true };
}
