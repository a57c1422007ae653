import { data } from "react-router";
import type { Route } from "./+types/settings";
import { identify, sendMessage, track } from "~/lib/cio.server";
import { requireUser } from "~/lib/session.server";

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const email = String(form.get("email"));
  identify(user.id, { email }).catch(console.error);
  track(user.id, "email-changed", { previous: user.email }).catch(console.error);
  await sendMessage("email_change_confirm", email, user.id, { previous: user.email });
  return data({ saved: true });
}
