import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { getCio } from "@/lib/cio";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (request.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}`) {
    return new NextResponse("unauthorized", { status: 401 });
  }
  const soon = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  const due = await db.user.findMany({ where: { trialEndsAt: { lte: soon } } });
  await Promise.all(
    due.map((u) => getCio().track(u.id, { name: "trial_ending", data: { ends_at: Math.floor(u.trialEndsAt.getTime() / 1000) } })),
  );
  return NextResponse.json({ notified: due.length });
}
