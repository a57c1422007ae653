/**
 * Requests whose failures are data: a probe's outcome is a response (any
 * status) or the reason there was none. Only a cancellation by the client is
 * thrown, since nobody is waiting for a finding then.
 */
import { CioRequestError, type CioResponse, type ProbeOutcome } from "./types.js";

/** Runs a request and keeps "no response" as data; a cancelled call becomes an AbortError. */
export async function settle(pending: Promise<CioResponse>): Promise<ProbeOutcome> {
  try {
    return { kind: "response", response: await pending };
  } catch (err) {
    if (err instanceof CioRequestError) {
      if (err.kind === "cancelled") throw new DOMException(err.message, "AbortError");
      return { kind: "error", error: err };
    }
    throw err;
  }
}
