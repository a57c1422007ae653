import { after, NextResponse } from "next/server";
import { recordEvent } from "@/lib/cio";

export async function POST(request: Request) {
  const { userId, event } = await request.json();
  after(() => recordEvent(userId, "page_action", { event }));
  return NextResponse.json({ queued: true });
}
