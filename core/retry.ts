// The one retry helper (kafkajs's src/retry is the model): retries only errors whose `retriable`
// is true, with exponential backoff and full jitter, up to a number of retries and an optional
// total time; `bail` stops at once with the error given. `sleep`, `random` and `now` are injected
// so that tests control time. Giving up throws RetriesExhaustedError with the last error as cause.
import { RetriesExhaustedError } from './errors/ziem-error.js';
import { realSleep } from './clock.js';

export interface RetryOptions {
  /** Attempts after the first; `Infinity` retries until `maxRetryTimeMs` or `bail`. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  /** No new attempt starts once this long has passed since the first one began. */
  maxRetryTimeMs?: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now?: () => number;
  /** Told before each wait: the error being retried, the attempt that failed and the delay. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export const defaultRetry: RetryOptions = {
  retries: 5,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  multiplier: 2,
  sleep: realSleep,
  random: Math.random,
};

/** Stops retrying: `retry` rejects with `err` itself. */
export type Bail = (err: unknown) => never;

class Bailed {
  constructor(readonly err: unknown) {}
}

const bail: Bail = (err) => {
  throw new Bailed(err);
};

export function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}

export async function retry<T>(
  fn: (attempt: number, bail: Bail) => Promise<T>,
  o: RetryOptions = defaultRetry,
): Promise<T> {
  const now = o.now ?? Date.now;
  const started = now();
  let delay = o.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt, bail);
    } catch (err) {
      if (err instanceof Bailed) throw err.err;
      if (!isRetriable(err)) throw err;
      const wait = Math.round(o.random() * delay);
      const outOfTime = o.maxRetryTimeMs !== undefined && now() + wait - started > o.maxRetryTimeMs;
      if (attempt > o.retries || outOfTime) throw new RetriesExhaustedError(attempt, err);
      o.onRetry?.(err, attempt, wait);
      await o.sleep(wait);
      delay = Math.min(o.maxDelayMs, delay * o.multiplier);
    }
  }
}
