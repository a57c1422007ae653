interface Env {
  CIO_SITE_ID: string;
  CIO_API_KEY: string;
}

const TRACK_BASE = "https://track.customer.io/api/v1";

function auth(env: Env) {
  return "Basic " + btoa(`${env.CIO_SITE_ID}:${env.CIO_API_KEY}`);
}

async function identify(env: Env, id: string, attributes: Record<string, unknown>) {
  const res = await fetch(`${TRACK_BASE}/customers/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { Authorization: auth(env), "Content-Type": "application/json" },
    body: JSON.stringify(attributes),
  });
  if (!res.ok) throw new Error(`customer.io ${res.status}`);
}

async function sendEvent(env: Env, id: string, name: string, data: Record<string, unknown>) {
  await fetch(`https://track.customer.io/api/v1/customers/${id}/events`, {
    method: "POST",
    headers: { Authorization: auth(env), "Content-Type": "application/json" },
    body: JSON.stringify({ name, data }),
  });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/identify") {
      const body = (await request.json()) as { id: string; email: string };
      await identify(env, body.id, { email: body.email, updated_at: Date.now() });
      return new Response("ok");
    }
    if (url.pathname === "/event") {
      const body = (await request.json()) as { id: string; name: string };
      ctx.waitUntil(sendEvent(env, body.id, "button_clicked", { label: body.name }));
      return new Response("queued", { status: 202 });
    }
    if (url.pathname === "/search") {
      const body = (await request.json()) as { id: string; term: string };
      await sendEvent(env, body.id, `searched_${body.term}`, {});
      return new Response("ok");
    }
    const res = await fetch("https://example.com/health");
    return new Response(res.body);
  },
};
