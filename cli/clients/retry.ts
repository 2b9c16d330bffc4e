// The one retry helper: retries only errors whose `retriable` is true, with exponential backoff
// and full jitter; `sleep` and `random` are injected so tests control time.
import { RetriesExhaustedError } from '../errors/ziem-error.js';

export interface RetryOptions {
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const defaultRetry: RetryOptions = {
  retries: 5,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  multiplier: 2,
  sleep: realSleep,
  random: Math.random,
};

function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = defaultRetry): Promise<T> {
  let delay = o.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetriable(err)) throw err;
      if (attempt > o.retries) throw new RetriesExhaustedError(attempt, err);
      await o.sleep(Math.round(o.random() * delay));
      delay = Math.min(o.maxDelayMs, delay * o.multiplier);
    }
  }
}
