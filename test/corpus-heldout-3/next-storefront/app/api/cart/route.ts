import { after, NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { EVENTS, track } from "@/lib/analytics";
import { addLine } from "@/lib/cart";

const Body = z.object({ sku: z.string(), quantity: z.number().int().positive(), category: z.string() });

export async function POST(req: NextRequest) {
  const userId = req.headers.get("x-user-id");
  const line = Body.parse(await req.json());
  const cart = await addLine(userId, line);

  if (userId) {
    after(() => track(userId, EVENTS.addedToCart, { sku: line.sku, quantity: line.quantity }));
    after(() => track(userId, `added_${line.category}_to_cart`, { sku: line.sku }));
  }
  return NextResponse.json(cart);
}
