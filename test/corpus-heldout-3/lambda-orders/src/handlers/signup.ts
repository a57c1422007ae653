import middy from "@middy/core";
import jsonBodyParser from "@middy/http-json-body-parser";
import { analytics } from "../lib/analytics";

type SignupBody = { userId: string; email: string; plan: string };

export const handler = middy(async (event: { body: SignupBody }) => {
  const { userId, email, plan } = event.body;

  analytics.identify({ userId, traits: { email, plan, created_at: new Date().toISOString() } });
  analytics.track({ userId, event: "signed_up", properties: { plan } });

  // Lambda freezes the process after returning: send the batch now.
  await analytics.flush();
  return { statusCode: 201, body: JSON.stringify({ ok: true }) };
}).use(jsonBodyParser());
