import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { pipelines } from "../cio.js";

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const { userId, email } = JSON.parse(event.body ?? "{}");
  await pipelines.identify({ userId, traits: { email } });
  await pipelines.track({ userId, event: "signed_up" });
  return { statusCode: 201, body: "" };
};
