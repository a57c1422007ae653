import type { SQSHandler } from "aws-lambda";
import { pipelines } from "../cio.js";

export const handler: SQSHandler = async (event) => {
  const batch = event.Records.map((r) => JSON.parse(r.body) as { userId: string; plan: string });
  await pipelines.batch(batch.map((b) => ({ type: "identify", userId: b.userId, traits: { plan: b.plan } })));
};
