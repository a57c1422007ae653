import { Analytics } from '@customerio/cdp-analytics-node';

// Long-lived process: the client batches and flushes on its own timer.
export const analytics = new Analytics({
  writeKey: process.env.CIO_CDP_WRITE_KEY,
  host: 'https://cdp-eu.customer.io',
  flushInterval: 5000,
});
