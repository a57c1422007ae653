import { APIClient, RegionUS, SendEmailRequest } from 'customerio-node';
import { env } from '@lib/env';

const api = new APIClient(env.CIO_TRACK_KEY, { region: RegionUS });

export async function sendReceipt(to: string, userId: string, invoice: { id: string; total: number }) {
  const request = new SendEmailRequest({
    transactional_message_id: 'receipt',
    to,
    identifiers: { id: userId },
    message_data: { invoice_id: invoice.id, total: invoice.total },
  });
  return api.sendEmail(request);
}
