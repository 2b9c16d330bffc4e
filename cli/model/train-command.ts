// `ziem model train`: trains the autoencoder (udf-bridge/model-server/train.ts) and prints a summary.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors/ziem-error.js';
import { emit, type Context } from '../context.js';
import { trainModel, type TrainOpts } from '../../udf-bridge/model-server/train.js';
import { modelJobEnv } from './job-env.js';
import { trainSupervised } from '../../udf-bridge/model-server/supervised/train-supervised.js';

/** --out names a directory to write: an existing file there is refused before any training. */
function checkOut(out: string): void {
  let st;
  try {
    st = statSync(out);
  } catch {
    return;
  }
  if (!st.isDirectory())
    throw new UsageError(`--out ${out}: a file, not a directory; --out names the model directory to write`);
}

export async function run(ctx: Context, o: TrainOpts & { supervised?: boolean; members?: number }): Promise<void> {
  checkOut(resolve(o.out));
  if (o.members !== undefined && !o.supervised)
    throw new UsageError('--members applies to the attack classifier only (--supervised)');
  if (o.supervised) return runSupervised(ctx, o);
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

async function runSupervised(ctx: Context, o: TrainOpts & { members?: number }): Promise<void> {
  const meta = await trainSupervised(modelJobEnv(ctx), o);
  const summary = {
    out: resolve(o.out),
    version: meta.version,
    width: meta.width,
    classes: meta.classes,
    rows: meta.training.rows,
    heldOutRows: meta.training.heldOutRows,
    finalLoss: meta.training.losses[meta.training.losses.length - 1],
    heldOutMacroF1: meta.heldOut?.macroF1,
    unjudgedTechniques: meta.training.unjudgedTechniques,
  };
  emit(
    ctx,
    summary,
    () =>
      `classifier written to ${summary.out} (version ${summary.version}, ${summary.width} features, ${summary.classes.length} classes: ${summary.classes.join(', ')})\n` +
      `final loss ${summary.finalLoss?.toFixed(5)}; ` +
      (summary.heldOutMacroF1 === undefined
        ? 'no class had two runs, so nothing was held out'
        : `held-out macro F1 ${summary.heldOutMacroF1.toFixed(4)} on ${summary.heldOutRows} windows`) +
      (summary.unjudgedTechniques.length
        ? `\ntechniques with one run (trained on, not judged): ${summary.unjudgedTechniques.join(', ')}`
        : ''),
  );
}
