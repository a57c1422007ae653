import { createCookieSessionStorage } from "react-router";

export const sessions = createCookieSessionStorage({
  cookie: { name: "__studio", secrets: [process.env.SESSION_SECRET!], sameSite: "lax", httpOnly: true },
});

export async function requireUser(request: Request) {
  const session = await sessions.getSession(request.headers.get("Cookie"));
  const user = session.get("user") as { id: string; email: string; teamId: string } | undefined;
  if (!user) throw new Response("Unauthorized", { status: 401 });
  return user;
}
