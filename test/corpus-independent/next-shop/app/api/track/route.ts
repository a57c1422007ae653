import { NextResponse, after } from "next/server";
import { cookies } from "next/headers";
import { getCio } from "@/lib/cio";

export async function POST(request: Request) {
  const body = (await request.json()) as { button: string; page: string };
  const uid = cookies().get("uid")?.value;
  if (!uid) return NextResponse.json({ ok: false }, { status: 401 });

  after(() =>
    getCio().track(uid, {
      name: `clicked_${body.button}`,
      data: { page: body.page },
    }),
  );
  after(() => getCio().track(uid, { name: "button_clicked", data: { button: body.button } }));
  return NextResponse.json({ ok: true });
}
