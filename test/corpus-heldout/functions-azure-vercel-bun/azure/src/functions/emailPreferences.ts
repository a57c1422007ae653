import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { identifyPerson, trackEvent } from "../lib/track.js";

type Prefs = { userId: string; lists: Record<string, boolean> };

const LIST_EVENT = { product: "list_product_updated", offers: "list_offers_updated" } as const;

export async function emailPreferences(request: HttpRequest): Promise<HttpResponseInit> {
  const prefs = (await request.json()) as Prefs;

  // A Function must finish its work before returning: awaiting is correct here.
  await identifyPerson(prefs.userId, {
    ...Object.fromEntries(Object.entries(prefs.lists).map(([k, v]) => [`list_${k}`, v])),
    prefs_updated_at: Math.floor(Date.now() / 1000),
  });
  await trackEvent(prefs.userId, LIST_EVENT.product, { subscribed: prefs.lists.product ?? false });

  if (Object.values(prefs.lists).every((v) => !v)) {
    await trackEvent(prefs.userId, "Unsubscribed", { source: "preferences_page" });
  }
  return { status: 200, jsonBody: { ok: true } };
}

app.http("emailPreferences", { methods: ["PUT"], authLevel: "anonymous", route: "preferences", handler: emailPreferences });
