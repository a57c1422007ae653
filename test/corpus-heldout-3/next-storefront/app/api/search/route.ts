import { after, NextResponse, type NextRequest } from "next/server";
import { getCio } from "@/lib/cio";
import { searchProducts } from "@/lib/catalog";

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams.get("q") ?? "";
  const userId = req.cookies.get("uid")?.value;
  const results = await searchProducts(q);

  if (userId) {
    after(() =>
      getCio().track(userId, {
        name: "products_searched",
        data: { query: q, results: results.length, searched_at: Math.floor(Date.now() / 1000) },
      }),
    );
  }
  return NextResponse.json({ results });
}
