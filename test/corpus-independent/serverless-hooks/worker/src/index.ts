export interface Env {
  CIO_TRACK_BASE: string;
  CIO_SITE_ID: string;
  CIO_API_KEY: string;
}

const CIO_AUTH = "Basic " + btoa("f3e2d1c0b9a8f7e6d5c4:0a1b2c3d4e5f6a7b8c9d");

function basicAuth(env: Env) {
  return "Basic " + btoa(`${env.CIO_SITE_ID}:${env.CIO_API_KEY}`);
}

async function pageView(request: Request, env: Env, ctx: ExecutionContext) {
  const url = new URL(request.url);
  const id = url.searchParams.get("uid");
  if (!id) return new Response("missing uid", { status: 400 });
  ctx.waitUntil(
    fetch(`${env.CIO_TRACK_BASE}/customers/${id}/events`, {
      method: "POST",
      headers: { Authorization: basicAuth(env), "Content-Type": "application/json" },
      body: JSON.stringify({ name: "page-viewed", data: { path: url.searchParams.get("p") } }),
    }),
  );
  return new Response(null, { status: 204 });
}

async function unsubscribe(request: Request, env: Env) {
  const { id } = (await request.json()) as { id: string };
  await fetch(`${env.CIO_TRACK_BASE}/customers/${id}`, {
    method: "PUT",
    headers: { Authorization: basicAuth(env), "Content-Type": "application/json" },
    body: JSON.stringify({ unsubscribed: true }),
  });
  return Response.json({ ok: true });
}

async function legacyPing(request: Request) {
  const { id } = (await request.json()) as { id: string };
  const res = await fetch(`https://track-eu.customer.io/api/v1/customers/${id}/events`, {
    method: "POST",
    headers: { Authorization: CIO_AUTH, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "legacy_ping" }),
  });
  return new Response(null, { status: res.ok ? 204 : 502 });
}

async function weather(request: Request) {
  const city = new URL(request.url).searchParams.get("city") ?? "Berlin";
  const res = await fetch(`https://api.open-meteo.com/v1/forecast?city=${encodeURIComponent(city)}`);
  return new Response(await res.text(), { headers: { "content-type": "application/json" } });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/pv") return pageView(request, env, ctx);
    if (pathname === "/unsubscribe") return unsubscribe(request, env);
    if (pathname === "/legacy") return legacyPing(request);
    if (pathname === "/weather") return weather(request);
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
