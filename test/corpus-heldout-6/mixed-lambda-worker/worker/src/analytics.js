import { Analytics } from '@customerio/cdp-analytics-node';

export const analytics = new Analytics({
  writeKey: process.env.CDP_WRITE_KEY,
  host: 'https://cdp.customer.io',
  maxEventsInBatch: 50,
  flushInterval: 5000,
});
