import { Form, redirect } from "react-router";
import type { Route } from "./+types/signup";
import { identify } from "~/lib/cio.server";
import { createAccount } from "~/lib/accounts.server";

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const email = String(form.get("email"));
  const account = await createAccount(email);
  await identify(account.id, { email, created_at: Math.floor(Date.now() / 1000), source: "web" });
  return redirect("/welcome");
}

export default function Signup() {
  return (
    <Form method="post">
      <input name="email" type="email" required />
      <button type="submit">Create account</button>
    </Form>
  );
}
