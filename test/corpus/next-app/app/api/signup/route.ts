import { NextResponse } from "next/server";
import { recordSignup } from "@/lib/cio";

export async function POST(request: Request) {
  const body = await request.json();
  const id = crypto.randomUUID();
  await recordSignup(id, body.email, body.source ?? "web");
  return NextResponse.json({ id }, { status: 201 });
}

export async function GET() {
  return NextResponse.json({ open: true });
}

export async function PUT(request: Request) {
  const body = await request.json();
  // customerio-doctor-disable-next-line blocking_request_path -- the caller polls for the profile right after this returns
  await recordSignup(body.id, body.email, "import");
  return NextResponse.json({ ok: true });
}
