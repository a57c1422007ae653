// Kept for the old mobile app (v3.x), which still posts here.
import { waitUntil } from "@vercel/functions";
import { getCio } from "@/lib/cio";

export default async function legacySignup(req, res) {
  const { userId, email, plan } = req.body;
  const cio = getCio();

  waitUntil(
    cio
      .track(userId, { name: "signed_up", data: { plan, source: "mobile_v3" } })
      .then(() => cio.identify(userId, { email, plan, created_at: Math.floor(Date.now() / 1000) }))
      .catch((err) => console.error("customer.io", err)),
  );

  res.status(201).json({ ok: true });
}
