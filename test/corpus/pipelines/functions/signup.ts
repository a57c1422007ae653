import { Analytics } from "@customerio/cdp-analytics-node";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";

const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY!, host: "https://cdp.customer.io" });

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const body = JSON.parse(event.body ?? "{}");
  analytics.identify({ userId: body.id, traits: { email: body.email, plan: body.plan } });
  analytics.track({ userId: body.id, event: "Signed Up", properties: { plan: body.plan } });
  return { statusCode: 201 };
};
