// `ziem model evaluate`: an anomaly model prints AUC, TPR and the confusion matrix at its threshold;
// an attack classifier prints per-class precision, recall, F1 and its confusion matrix.
import { resolve } from 'node:path';
import { emit, type Context } from '../context.js';
import { evaluateModel } from '../../udf-bridge/model-server/evaluate.js';
import { loadServedModel } from '../../udf-bridge/model-server/served-model.js';
import { evaluateClassifier } from '../../udf-bridge/model-server/supervised/evaluate-classifier.js';
import { renderClassReport } from '../../udf-bridge/model-server/supervised/class-report-text.js';
import { parseMinProbability } from '../../udf-bridge/model-server/supervised/operating-point.js';
import { UsageError } from '../../core/errors/ziem-error.js';
import { modelJobEnv } from './job-env.js';

export interface EvaluateOptions {
  model: string;
  input: string;
  heldOut?: boolean;
  /** a classifier's operating point (default 0.9, the pipeline's attack_class_min_probability) */
  minProbability?: string;
}

function minProbabilityOf(o: EvaluateOptions): number {
  try {
    return parseMinProbability(o.minProbability);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function run(ctx: Context, o: EvaluateOptions): Promise<void> {
  const minProbability = minProbabilityOf(o);
  const served = await loadServedModel(resolve(o.model));
  if (served.kind === 'classifier') {
    try {
      const e = await evaluateClassifier(modelJobEnv(ctx), served, { ...o, minProbability });
      emit(ctx, e, () => renderClassReport(e));
    } finally {
      served.dispose();
    }
    return;
  }
  served.dispose();
  const e = await evaluateModel(modelJobEnv(ctx), o);
  const c = e.confusion;
  emit(ctx, e, () =>
    [
      `model ${e.model} (version ${e.version}) on ${e.samples} vectors (${e.attacks} attacks)`,
      `AUC              ${e.auc.toFixed(4)}`,
      `TPR at 1% FPR    ${e.tprAt1PctFpr.toFixed(4)}`,
      `threshold        ${e.threshold.toPrecision(5)}   precision ${e.precision.toFixed(4)}   recall ${e.recall.toFixed(4)}`,
      `                 predicted attack   predicted benign`,
      `actual attack    ${String(c.tp).padStart(16)}   ${String(c.fn).padStart(16)}`,
      `actual benign    ${String(c.fp).padStart(16)}   ${String(c.tn).padStart(16)}`,
    ].join('\n'),
  );
}
