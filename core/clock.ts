// Time as a dependency: the clock every long-running part is handed (tests pass their own) and the
// real sleep behind it. Nothing here knows about commands or output.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: realSleep,
};
