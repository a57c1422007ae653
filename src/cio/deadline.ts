/**
 * How many sequential rounds of requests a call may still start. Every
 * request is bounded by CUSTOMERIO_TIMEOUT_MS, and a call must answer within
 * 2 × CUSTOMERIO_TIMEOUT_MS + 1 s: so a new round starts only while a whole
 * request budget still fits before 2 × CUSTOMERIO_TIMEOUT_MS. A round that
 * does not fit is skipped and reported, so the call ends with a normal
 * result (timeout findings), never with the server's generic deadline error.
 */

export interface RoundBudget {
  /** Whether a round of requests started now ends before the call's bound. */
  fits(): boolean;
  /** Milliseconds since the call began. */
  elapsedMs(): number;
  /** Per-request budget (CUSTOMERIO_TIMEOUT_MS). */
  readonly requestMs: number;
}

export function roundBudget(requestMs: number, clock: () => number = () => performance.now()): RoundBudget {
  const started = clock();
  const elapsedMs = () => Math.round(clock() - started);
  return {
    requestMs,
    elapsedMs,
    fits: () => clock() - started + requestMs <= 2 * requestMs,
  };
}
