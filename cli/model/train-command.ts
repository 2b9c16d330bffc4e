// `ziem model train`: trains the autoencoder (udf-bridge/model-server/train.ts) and prints a summary.
import { resolve } from 'node:path';
import { emit, type Context } from '../context.js';
import { trainModel, type TrainOpts } from '../../udf-bridge/model-server/train.js';
import { modelJobEnv } from './job-env.js';

export async function run(ctx: Context, o: TrainOpts): Promise<void> {
  const meta = await trainModel(modelJobEnv(ctx), o);
  const summary = {
    out: resolve(o.out),
    version: meta.version,
    width: meta.width,
    rows: meta.training.rows,
    finalLoss: meta.training.losses[meta.training.losses.length - 1],
    threshold: meta.threshold.threshold,
  };
  emit(
    ctx,
    summary,
    () =>
      `model written to ${summary.out} (version ${summary.version}, ${summary.width} features, ${summary.rows} vectors)\n` +
      `final loss ${summary.finalLoss?.toFixed(5)}, threshold ${summary.threshold.toPrecision(5)} at ${(o.fpr * 100).toFixed(2)}% FPR`,
  );
}
