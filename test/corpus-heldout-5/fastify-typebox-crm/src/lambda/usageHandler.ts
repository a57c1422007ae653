import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { Analytics } from '@customerio/cdp-analytics-node';

const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY!, host: 'https://cdp-eu.customer.io' });

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const body = JSON.parse(event.body ?? '{}');
  analytics.identify({ userId: body.accountId, traits: { seats: body.seats } });
  analytics.track({ userId: body.accountId, event: 'usage_reported', properties: { api_calls: body.calls } });
  await analytics.flush();
  return { statusCode: 204 };
};

export const closeHandler: APIGatewayProxyHandlerV2 = async (event) => {
  const body = JSON.parse(event.body ?? '{}');
  analytics.track({ userId: body.accountId, event: 'usage_closed', properties: {} });
  return { statusCode: 204 };
};
