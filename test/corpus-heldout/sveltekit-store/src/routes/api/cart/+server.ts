import { json, error } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";
import { db, schema } from "$lib/server/db";
import { track } from "$lib/server/customerio";

export const POST: RequestHandler = async ({ request, locals }) => {
  if (!locals.user) error(401);
  const { sku, qty } = (await request.json()) as { sku: string; qty: number };

  await db.insert(schema.cartItems).values({ userId: locals.user.id, sku, qty });
  await track(locals.user.id, `added_to_cart_${sku}`, { qty });

  return json({ ok: true }, { status: 201 });
};

export const DELETE: RequestHandler = async ({ url, locals }) => {
  if (!locals.user) error(401);
  const sku = url.searchParams.get("sku") ?? "";
  await db.delete(schema.cartItems).where(/* user + sku */ undefined as never);

  const response = json({ ok: true });
  track(locals.user.id, "cart_item_removed", { sku }).catch(() => {});
  return response;
};
