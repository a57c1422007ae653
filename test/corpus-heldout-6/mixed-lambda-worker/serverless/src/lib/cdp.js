import { Analytics } from '@customerio/cdp-analytics-node';

// Shared across warm invocations of the same container.
export const analytics = new Analytics({
  writeKey: process.env.CDP_WRITE_KEY,
  host: 'https://cdp-eu.customer.io',
});
