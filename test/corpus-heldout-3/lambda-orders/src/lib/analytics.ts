import { Analytics } from "@customerio/cdp-analytics-node";

// Module scope so warm invocations reuse the client; each handler flushes.
export const analytics = new Analytics({
  writeKey: process.env.CIO_WRITE_KEY!,
  host: "https://cdp-eu.customer.io",
});
