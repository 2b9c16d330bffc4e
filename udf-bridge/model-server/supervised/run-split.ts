// The held-out split of the supervised model: by run, never by window, so no window of a run used
// for training is judged in evaluation (adjacent windows of one scan are near copies). Per class,
// about a fifth of its runs (at least one when it has two or more) is held out, seeded.
import { seededRandom, shuffledIndices } from '../prng.js';

export const HELD_OUT_FRACTION = 0.2;

export interface RunSplit {
  readonly trainRuns: ReadonlySet<string>;
  readonly heldOutRuns: ReadonlySet<string>;
  /** classes with a single run: trained on, but not judged */
  readonly unjudged: string[];
}

export function splitByRun(rows: ReadonlyArray<{ class: string; run: string }>, seed: number): RunSplit {
  const runsByClass = new Map<string, string[]>();
  for (const r of rows) {
    const runs = runsByClass.get(r.class) ?? [];
    if (!runs.includes(r.run)) runs.push(r.run);
    runsByClass.set(r.class, runs);
  }
  const random = seededRandom(seed ^ 0x5b1d);
  const train = new Set<string>();
  const held = new Set<string>();
  const unjudged: string[] = [];
  for (const cls of [...runsByClass.keys()].sort()) {
    const runs = runsByClass.get(cls)!.sort();
    if (runs.length < 2) {
      runs.forEach((r) => train.add(r));
      unjudged.push(cls);
      continue;
    }
    const n = Math.max(1, Math.round(runs.length * HELD_OUT_FRACTION));
    shuffledIndices(runs.length, random).forEach((i, k) => (k < n ? held : train).add(runs[i]!));
  }
  return { trainRuns: train, heldOutRuns: held, unjudged };
}
