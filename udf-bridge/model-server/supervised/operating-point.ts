// The classifier's operating point, as the pipeline raises CLASSIFIED_ATTACK
// (ksql/V000023__Anomaly_alerts.sql): a window is called an attack only when its most probable
// attack class has at least the minimum probability, and normal otherwise. Pure.
import { argmax } from './class-metrics.js';

/** The pipeline's `attack_class_min_probability` default (DEFINEd in V000023). */
export const DEFAULT_MIN_PROBABILITY = 0.9;

/** The predicted class index of one probability row at `minProbability`; `normal` is its index. */
export function predictAt(row: readonly number[], normal: number, minProbability: number): number {
  let best = -1;
  for (let i = 0; i < row.length; i++) if (i !== normal && (best < 0 || row[i]! > row[best]!)) best = i;
  if (normal < 0) return argmax(row);
  return best >= 0 && row[best]! >= minProbability ? best : normal;
}

/** A probability in [0, 1] given on the command line, or a clear error naming the flag. */
export function parseMinProbability(text: string | undefined, flag = '--min-probability'): number {
  if (text === undefined) return DEFAULT_MIN_PROBABILITY;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new RangeError(`${flag} ${text}: expected a probability between 0 and 1`);
  return n;
}
