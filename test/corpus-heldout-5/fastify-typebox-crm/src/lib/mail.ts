import { APIClient, RegionEU, SendEmailRequest } from 'customerio-node';

const api = new APIClient(process.env.CIO_APP_API_KEY!, { region: RegionEU });

export function sendWelcome(accountId: string, email: string) {
  return api.sendEmail(
    new SendEmailRequest({
      transactional_message_id: 'welcome',
      to: email,
      identifiers: { id: accountId },
      message_data: { sent_at: Math.round(Date.now() / 1000) },
    }),
  );
}
