import { Analytics } from "@customerio/cdp-analytics-node";

export const handler = async (event: { body: string }) => {
  const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY! });
  const { userId, code } = JSON.parse(event.body);
  analytics.track({ userId, event: `Referral ${code}` });
  await analytics.flush();
  return { statusCode: 200 };
};
