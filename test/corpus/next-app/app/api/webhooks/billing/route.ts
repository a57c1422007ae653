import { markInvoicePaid, recordEvent } from "../../../../lib/cio";

export const POST = async (req: Request) => {
  const payload = await req.json();
  if (payload.type === "invoice.paid") {
    await markInvoicePaid(payload.customer, payload.invoice);
  } else {
    await recordEvent(payload.customer, payload.type);
  }
  return new Response(null, { status: 204 });
};
