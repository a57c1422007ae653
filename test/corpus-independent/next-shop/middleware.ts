import { NextResponse, type NextRequest } from "next/server";

export function middleware(request: NextRequest) {
  const res = NextResponse.next();
  if (!request.cookies.get("uid")) {
    res.cookies.set("uid", crypto.randomUUID(), { httpOnly: true, sameSite: "lax" });
  }
  return res;
}

export const config = { matcher: ["/((?!_next|favicon.ico).*)"] };
