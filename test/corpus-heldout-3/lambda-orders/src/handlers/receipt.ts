import middy from "@middy/core";
import jsonBodyParser from "@middy/http-json-body-parser";
import { APIClient, RegionEU, SendEmailRequest } from "customerio-node";

type ReceiptBody = { customerId: string; email: string; orderId: string; total: number };

export const handler = middy(async (event: { body: ReceiptBody }) => {
  const { customerId, email, orderId, total } = event.body;
  const api = new APIClient(process.env.CIO_APP_API_KEY!, { region: RegionEU });

  const result = await api.sendEmail(
    new SendEmailRequest({
      transactional_message_id: "order_receipt",
      to: email,
      identifiers: { id: customerId },
      message_data: { order_id: orderId, total },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ delivery_id: result.delivery_id }) };
}).use(jsonBodyParser());
