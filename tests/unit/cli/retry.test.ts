import { describe, expect, it } from 'vitest';
import { retry, type RetryOptions } from '../../../cli/clients/retry.js';
import { RetriesExhaustedError, ZiemError } from '../../../cli/errors/ziem-error.js';

function options(sleeps: number[]): RetryOptions {
  return {
    retries: 3,
    initialDelayMs: 100,
    maxDelayMs: 300,
    multiplier: 2,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
  };
}

describe('retry', () => {
  it('retries retriable errors with capped exponential backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const value = await retry(async () => {
      calls++;
      if (calls < 4) throw new ZiemError('BUSY', 'busy', { retriable: true });
      return 'done';
    }, options(sleeps));
    expect(value).toBe('done');
    expect(sleeps).toEqual([100, 200, 300]);
  });

  it('does not retry errors that are not retriable', async () => {
    const sleeps: number[] = [];
    const err = new ZiemError('AUTH', 'bad credentials');
    await expect(
      retry(async () => {
        throw err;
      }, options(sleeps)),
    ).rejects.toBe(err);
    expect(sleeps).toEqual([]);
  });

  it('gives up with RetriesExhaustedError carrying the attempts and the last cause', async () => {
    const last = new ZiemError('BUSY', 'still busy', { retriable: true });
    const p = retry(async () => {
      throw last;
    }, options([]));
    await expect(p).rejects.toBeInstanceOf(RetriesExhaustedError);
    await p.catch((e: RetriesExhaustedError) => {
      expect(e.attempts).toBe(4);
      expect(e.cause).toBe(last);
    });
  });
});
