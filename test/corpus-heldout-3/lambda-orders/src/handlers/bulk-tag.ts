import type { SQSEvent } from "aws-lambda";
import { cio } from "../lib/customerio";

type BulkTag = { tag: string; customerIds: string[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A support agent tags up to a few thousand customers at once from the back office. */
export async function handler(event: SQSEvent): Promise<void> {
  const { tag, customerIds } = JSON.parse(event.Records[0].body) as BulkTag;

  for (const id of customerIds) {
    await cio.identify(id, { [`tag_${tag}`]: true });
  }
}

/** Same job for the nightly re-tag, paced to 50 per second. */
export async function retag(customerIds: string[], tag: string): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 50) {
    const chunk = customerIds.slice(i, i + 50);
    await Promise.all(chunk.map((id) => cio.identify(id, { [`tag_${tag}`]: true })));
    await sleep(1000);
  }
}
