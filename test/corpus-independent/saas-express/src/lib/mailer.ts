import { APIClient, RegionUS, SendEmailRequest } from "customerio-node";

// Transactional messages (password reset, invoices)
export const mailer = new APIClient(process.env.CIO_TRACK_API_KEY!, { region: RegionUS });

export async function sendInvoiceEmail(to: string, userId: string, invoiceUrl: string) {
  const request = new SendEmailRequest({
    transactional_message_id: "invoice_ready",
    to,
    identifiers: { id: userId },
    message_data: { invoice_url: invoiceUrl },
  });
  return mailer.sendEmail(request);
}
