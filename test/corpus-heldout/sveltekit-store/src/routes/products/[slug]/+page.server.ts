import { error } from "@sveltejs/kit";
import { eq } from "drizzle-orm";
import type { PageServerLoad } from "./$types";
import { db, schema } from "$lib/server/db";
import { trackLater } from "$lib/server/customerio";

export const load: PageServerLoad = async ({ params, locals }) => {
  const product = await db.query.products.findFirst({ where: eq(schema.products.slug, params.slug) });
  if (!product) error(404, "Not found");

  if (locals.user) {
    trackLater(locals.user.id, "product_viewed", { sku: product.sku, category: product.category });
  }

  return { product };
};
