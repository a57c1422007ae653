import { Analytics } from '@customerio/cdp-analytics-node';

// Batches in memory; on Vercel every handler has to flush before it returns.
export const analytics = new Analytics({
  writeKey: process.env.CIO_CDP_WRITE_KEY!,
  host: 'https://cdp.customer.io',
  flushAt: 20,
});
