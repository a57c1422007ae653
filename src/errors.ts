/**
 * Typed errors for the cases where a tool cannot run at all. They are
 * formatted once, in the tool wrapper, into a short and safe `isError` result.
 * A failed check (bad key, outage) is not an error: it is a normal result.
 */

/** The arguments are invalid; the message tells the caller how to fix them. */
export class UserInputError extends Error {
  override name = "UserInputError";
}

/** The server is missing configuration the tool cannot run without. */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** Text for an `isError` result. Only our own error classes are echoed. */
export function describeToolError(err: unknown): string {
  if (err instanceof UserInputError) return `Invalid input: ${err.message}`;
  if (err instanceof ConfigurationError) return `Configuration problem: ${err.message}`;
  const name = err && typeof err === "object" ? (err as { name?: string }).name : undefined;
  if (name === "AbortError") return "The request was cancelled before the tool finished.";
  if (name === "TimeoutError") {
    return "The tool did not finish within its time bound (2 × CUSTOMERIO_TIMEOUT_MS + 0.8 s); try a narrower request or a larger CUSTOMERIO_TIMEOUT_MS.";
  }
  return "The tool failed unexpectedly; details were logged to stderr.";
}
