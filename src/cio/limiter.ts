/**
 * The App API allows 10 requests per second (App spec, every operation's
 * `responses/429`: "Your request is over the 10-per-second limit"). The HTTP
 * client holds one limiter, and the process holds one client that every tool
 * and every call shares, so the doctor never causes the 429 it diagnoses. Requests queue in order; a
 * request whose turn would come after its deadline is refused at once instead.
 */

export interface LimiterGrant {
  /** Milliseconds spent queued before the request could go. */
  waitedMs: number;
}

/** The queue is longer than the time the request has left. */
export class LimiterQueueTooLong extends Error {
  override name = "LimiterQueueTooLong";
  constructor(readonly waitMs: number) {
    super(`the App API rate-limit queue needs ${waitMs} ms, more than the time left`);
  }
}

export interface RateLimiter {
  /**
   * Waits for a slot. Rejects with `LimiterQueueTooLong` when the slot lies more
   * than `maxWaitMs` ahead, or with the signal's reason when it aborts first.
   */
  acquire(options?: { signal?: AbortSignal; maxWaitMs?: number }): Promise<LimiterGrant>;
  /** Requests granted in the last window (for tests and benchmarks). */
  recent(): number;
  readonly perWindow: number;
  readonly windowMs: number;
}

/** A sliding-window limiter: at most `perWindow` grants in any `windowMs`. */
export function createRateLimiter(perWindow: number, windowMs: number, clock: () => number = () => performance.now()): RateLimiter {
  // Grant times (past and reserved), ascending. A slot a window old can no longer matter.
  const slots: number[] = [];

  const prune = (now: number) => {
    while (slots.length > 0 && slots[0]! <= now - windowMs) slots.shift();
  };

  return {
    perWindow,
    windowMs,
    recent() {
      const now = clock();
      return slots.filter((t) => t > now - windowMs && t <= now).length;
    },
    acquire({ signal, maxWaitMs = Infinity } = {}) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const now = clock();
      prune(now);
      const nth = slots.length >= perWindow ? slots[slots.length - perWindow]! + windowMs : now;
      const at = Math.max(now, nth, slots.length ? slots[slots.length - 1]! : now);
      const wait = Math.ceil(at - now);
      if (wait > maxWaitMs) return Promise.reject(new LimiterQueueTooLong(wait));
      slots.push(at);
      if (wait <= 0) return Promise.resolve({ waitedMs: 0 });
      return new Promise<LimiterGrant>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          // Give the slot back; later requests keep theirs (never earlier than allowed).
          const i = slots.indexOf(at);
          if (i >= 0) slots.splice(i, 1);
          reject(signal!.reason);
        };
        // A plain timer held by this closure until it fires or the caller aborts.
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve({ waitedMs: wait });
        }, wait);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/** The App API's documented limit: 10 requests per second. */
export const APP_API_REQUESTS_PER_SECOND = 10;
