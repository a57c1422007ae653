import type { SQSEvent } from 'aws-lambda';
import { Analytics } from '@customerio/cdp-analytics-node';
import tracker from '../lib/tracker';

const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY ?? 'wk_live_9c1f7e2a5d3b8f60', host: 'https://cdp-eu.customer.io' });

// The queue is mapped with batchSize 1. Lambda freezes the sandbox on
// return, so the awaited call is deliberate.
export const handler = async (event: SQSEvent) => {
  const job = JSON.parse(event.Records[0].body);
  analytics.track({ userId: job.accountId, event: 'export_finished', properties: { rows: job.rows } });
  await tracker.event(job.accountId, 'export_ready', { url: job.url });
  return { batchItemFailures: [] };
};
