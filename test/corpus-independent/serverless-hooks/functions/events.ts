import axios from "axios";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { CIO_TRACK_URL, cioHeaders } from "../lib/cio-http";

interface IncomingEvent {
  userId: string;
  type: "lesson" | "quiz" | "course";
  itemId: string;
}

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const body = JSON.parse(event.body ?? "{}") as IncomingEvent;
  await axios.post(
    `${CIO_TRACK_URL}/customers/${body.userId}/events`,
    { name: `${body.type}_completed`, data: { item_id: body.itemId } },
    { headers: cioHeaders },
  );
  await axios.post(
    `${CIO_TRACK_URL}/customers/${body.userId}/events`,
    { name: "content_completed", data: { type: body.type, item_id: body.itemId }, timestamp: Math.floor(Date.now() / 1000) },
    { headers: cioHeaders },
  );
  return { statusCode: 202, body: "" };
};
