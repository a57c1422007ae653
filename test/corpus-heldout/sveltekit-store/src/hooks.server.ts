import type { Handle } from "@sveltejs/kit";
import { readSession } from "$lib/server/db";
import { trackLater } from "$lib/server/customerio";

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.user = await readSession(event.cookies);

  if (event.locals.user && event.cookies.get("fh_seen") !== "1") {
    event.cookies.set("fh_seen", "1", { path: "/", maxAge: 60 * 60 * 12 });
    trackLater(event.locals.user.id, "session_started", { path: event.url.pathname });
  }

  return resolve(event);
};
