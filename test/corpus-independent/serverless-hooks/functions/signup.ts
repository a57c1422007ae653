import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { cioEvent, cioIdentify } from "../lib/cio-http";

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const body = JSON.parse(event.body ?? "{}") as { id: string; email: string; referrer?: string };
  if (!body.id || !body.email) return { statusCode: 400, body: "id and email are required" };

  await cioEvent(body.id, "signed_up", { referrer: body.referrer ?? null });
  await cioIdentify(body.id, {
    email: body.email,
    created_at: Date.now(),
  });
  return { statusCode: 201, body: JSON.stringify({ ok: true }) };
};
