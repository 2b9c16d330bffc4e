import { describe, expect, it } from 'vitest';
import { retry, type RetryOptions } from '../../../core/retry.js';
import { RetriesExhaustedError, ZiemError } from '../../../core/errors/ziem-error.js';

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

  it('stops at once on bail, rejecting with the error given', async () => {
    const sleeps: number[] = [];
    const reason = new Error('closed');
    let calls = 0;
    const p = retry(async (_attempt, bail) => {
      calls++;
      if (calls === 2) bail(reason);
      throw new ZiemError('BUSY', 'busy', { retriable: true });
    }, options(sleeps));
    await expect(p).rejects.toBe(reason);
    expect(calls).toBe(2);
    expect(sleeps).toEqual([100]);
  });

  it('starts no attempt past maxRetryTimeMs, and tells onRetry of each wait', async () => {
    let t = 0;
    const told: Array<[number, number]> = [];
    const p = retry(
      async () => {
        t += 50;
        throw new ZiemError('BUSY', 'busy', { retriable: true });
      },
      {
        ...options([]),
        retries: Infinity,
        maxRetryTimeMs: 500,
        now: () => t,
        sleep: async (ms) => void (t += ms),
        onRetry: (_e, attempt, ms) => void told.push([attempt, ms]),
      },
    );
    await expect(p).rejects.toBeInstanceOf(RetriesExhaustedError);
    // 50 + 100 | 50 + 200 | 50 + 300: the next wait (300) would end past 500
    expect(told).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(t).toBeLessThanOrEqual(500);
  });
});
