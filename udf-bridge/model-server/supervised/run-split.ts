// The held-out split of the supervised model: by run, never by window, so no window of a run used
// for training is judged in evaluation (adjacent windows of one scan are near copies). Stratified
// by technique, finer than the class (a family): per technique, about a fifth of its runs (at
// least one when it has two or more) is held out, seeded, so every technique is judged.
import { seededRandom, shuffledIndices } from '../prng.js';

export const HELD_OUT_FRACTION = 0.2;

export interface RunSplit {
  readonly trainRuns: ReadonlySet<string>;
  readonly heldOutRuns: ReadonlySet<string>;
  /** techniques with a single run: trained on, but not judged */
  readonly unjudged: string[];
}

export function splitByRun(
  rows: ReadonlyArray<{ class: string; technique?: string; run: string }>,
  seed: number,
): RunSplit {
  const runsByClass = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.run)) continue;
    seen.add(r.run);
    const key = r.technique ?? r.class;
    runsByClass.set(key, [...(runsByClass.get(key) ?? []), r.run]);
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
