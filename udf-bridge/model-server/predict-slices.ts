// Bounds on one prediction: the largest batch a server may be configured for, and prediction in
// slices with a turn of the event loop between them, so a large batch neither holds the process
// for long stretches nor delays SIGTERM (the WASM backend computes on the main thread).
import { ModelError } from './model-error.js';

/** The most feature vectors one predict/classify request may carry (modelServer.maxBatch's ceiling). */
export const MAX_BATCH_LIMIT = 65_536;

/** Rows predicted between two turns of the event loop. */
const SLICE_ROWS = 1_024;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

export function checkMaxBatch(maxBatch: number): void {
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT)
    throw new ModelError(
      'MODEL_SERVE',
      `maxBatch ${maxBatch} is out of range: between 1 and ${MAX_BATCH_LIMIT} (modelServer.maxBatch)`,
    );
}

/** `predict` over consecutive slices of `rows`, results in order; stops once `open()` turns false
 *  (the model was unloaded: the server is stopping or a new version replaced it). */
export async function predictInSlices<T>(
  rows: readonly (readonly number[])[],
  predict: (slice: readonly (readonly number[])[]) => Promise<ArrayLike<T>>,
  open: () => boolean,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += SLICE_ROWS) {
    if (i > 0) await nextTurn();
    if (!open()) throw new ModelError('MODEL_SERVE', 'the model was unloaded while it was predicting');
    const part = await predict(rows.slice(i, i + SLICE_ROWS));
    for (let k = 0; k < part.length; k++) out.push(part[k]!);
  }
  return out;
}
