import { TrackClient, RegionUS } from "customerio-node";

let client: TrackClient | undefined;

/** One client for the whole server process, built on first use. */
export function cio(): TrackClient {
  client ??= new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });
  return client;
}

export function freshClient(): TrackClient {
  return new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!);
}

export async function recordSignup(userId: string, email: string, source: string) {
  await cio().identify(userId, { email, created_at: Math.floor(Date.now() / 1000), source });
  await cio().track(userId, { name: "signed_up", data: { source } });
}

export async function recordEvent(userId: string, event: string, data: Record<string, unknown> = {}) {
  return cio().track(userId, { name: event, data });
}

export async function markInvoicePaid(userId: string, invoiceId: string) {
  return freshClient().track(userId, { name: "invoice_paid", data: { invoiceId, paid_at: Date.now() } });
}
