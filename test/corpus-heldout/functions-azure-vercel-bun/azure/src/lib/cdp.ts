import { Analytics } from "@customerio/cdp-analytics-node";

// Reused across warm invocations of the same Functions host. It batches in
// memory, so each handler has to flush before it returns or the host may be
// frozen with events still queued.
export const analytics = new Analytics({
  writeKey: process.env.CIO_CDP_WRITE_KEY ?? "",
  host: "https://cdp-eu.customer.io",
  flushInterval: 5_000,
});
