import got from 'got';
import { SendEmailRequest } from 'customerio-node';
import { createApiClient } from '@/integrations/cio';
import { env } from '@/config/env';

const transactional = createApiClient(env.cio.trackApiKey);

export async function sendReceipt(to: string, customerId: string, invoice: { id: string; total: number }) {
  const request = new SendEmailRequest({
    transactional_message_id: env.cio.receiptMessageId,
    to,
    identifiers: { id: customerId },
    message_data: { invoice_id: invoice.id, total: invoice.total },
  });
  return transactional.sendEmail(request);
}

// Read-only lookup for the support dashboard.
export function fetchCustomerMessages(customerId: string) {
  return got
    .get(`https://api-eu.customer.io/v1/customers/${encodeURIComponent(customerId)}/messages`, {
      headers: { authorization: `Bearer ${env.cio.appApiKey}` },
      timeout: { request: 8000 },
    })
    .json<{ messages: unknown[] }>();
}
