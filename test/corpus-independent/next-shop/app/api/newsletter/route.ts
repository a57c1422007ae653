import { NextResponse } from "next/server";
import { getCio } from "@/lib/cio";

export async function POST(request: Request) {
  const { email, source } = (await request.json()) as { email?: string; source?: string };
  if (!email || !email.includes("@")) {
    return NextResponse.json({ error: "invalid email" }, { status: 400 });
  }
  await getCio().identify(email, {
    email,
    newsletter_source: source ?? "footer",
    created_at: Math.floor(Date.now() / 1000),
  });
  return NextResponse.json({ subscribed: true });
}
