import { APIClient, RegionEU, SendEmailRequest } from 'customerio-node';

const api = new APIClient(process.env.CIO_TRACK_API_KEY, { region: RegionEU });

export const handler = async (event) => {
  // batchSize is 1 in serverless.yml: one receipt per invocation.
  const [record] = event.Records;
  const receipt = JSON.parse(record.body);
  const request = new SendEmailRequest({
    transactional_message_id: 'order_receipt',
    to: receipt.email,
    identifiers: { id: receipt.customerId },
    message_data: { total: receipt.total },
  });
  await api.sendEmail(request);
};
