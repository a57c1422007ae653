import { data } from "react-router";
import type { Route } from "./+types/newsletter";
import { identify, track } from "~/lib/cio.server";

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const email = String(form.get("email"));
  const visitorId = `visitor_${crypto.randomUUID()}`;
  track(visitorId, "newsletter_subscribed", { list: "product" }).catch(() => {});
  identify(visitorId, { email, newsletter: true }).catch(() => {});
  return data({ subscribed: true });
}
