export const config = { runtime: "edge" };

// Pipelines source for the marketing site (write key of the "Website" source).
const CDP_WRITE_KEY = "cdp_9a4f27e1c0b84d36a5e2f71c";
const CDP_TRACK = "https://cdp.customer.io/v1/track";

type Lead = { anonymousId: string; source: "webinar" | "ebook" | "pricing"; company?: string };

export default async function handler(req: Request): Promise<Response> {
  if (req.method !== "POST") return new Response(null, { status: 405 });
  const lead = (await req.json()) as Lead;

  const res = await fetch(CDP_TRACK, {
    method: "POST",
    headers: {
      Authorization: `Basic ${btoa(`${CDP_WRITE_KEY}:`)}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      anonymousId: lead.anonymousId,
      event: `lead_${lead.source}`,
      properties: { company: lead.company ?? null },
      timestamp: new Date().toISOString(),
    }),
  });

  return new Response(JSON.stringify({ ok: res.ok }), {
    status: res.ok ? 202 : 502,
    headers: { "content-type": "application/json" },
  });
}
