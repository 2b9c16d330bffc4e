// `ziem model evaluate`: scores labelled vectors and reports ROC AUC, the true-positive rate at 1 %
// false positives, and the confusion matrix at the model's own threshold. The metrics are pure
// functions of (scores, labels) so they are tested without a model.
import { resolve } from 'node:path';
import type { ModelJobEnv } from './job-env.js';
import { loadFeatures } from './feature-source.js';
import { loadScorer } from './scorer.js';
import { ModelError } from './model-error.js';

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface Evaluation {
  model: string;
  version: number;
  samples: number;
  attacks: number;
  auc: number;
  tprAt1PctFpr: number;
  threshold: number;
  confusion: Confusion;
  precision: number;
  recall: number;
}

/** ROC AUC as the Mann–Whitney statistic; tied scores count one half. */
export function rocAuc(scores: ArrayLike<number>, labels: readonly number[]): number {
  const idx = labels.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) rankSumPos += avgRank;
    i = j + 1;
  }
  const pos = labels.filter((l) => l === 1).length;
  const neg = labels.length - pos;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** The highest TPR of any cut whose false-positive rate stays at or under maxFpr. */
export function tprAtFpr(scores: ArrayLike<number>, labels: readonly number[], maxFpr: number): number {
  const idx = labels.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const pos = labels.filter((l) => l === 1).length;
  const neg = labels.length - pos;
  let tp = 0;
  let fp = 0;
  let best = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) {
      if (labels[idx[j]!] === 1) tp++;
      else fp++;
      j++;
    }
    if (fp / neg <= maxFpr) best = tp / pos;
    i = j;
  }
  return best;
}

export function confusionAt(scores: ArrayLike<number>, labels: readonly number[], threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  labels.forEach((l, i) => {
    const alert = scores[i]! > threshold;
    if (l === 1 && alert) c.tp++;
    else if (l === 1) c.fn++;
    else if (alert) c.fp++;
    else c.tn++;
  });
  return c;
}

export async function evaluateModel(env: ModelJobEnv, o: { model: string; input: string }): Promise<Evaluation> {
  const scorer = await loadScorer(resolve(o.model));
  try {
    const data = await loadFeatures(o.input, { bootstrap: env.bootstrap, wantLabel: true });
    if (data.width !== scorer.meta.width)
      throw new ModelError(
        'MODEL_INPUT',
        `${o.input}: vectors have ${data.width} features, the model expects ${scorer.meta.width}`,
      );
    const attacks = data.labels.filter((l) => l === 1).length;
    if (attacks === 0 || attacks === data.labels.length) {
      throw new ModelError(
        'MODEL_INPUT',
        `${o.input}: evaluation needs both benign (label 0) and attack (label 1) records; found ${attacks} attacks in ${data.labels.length}`,
      );
    }
    const scores = await scorer.score(data.rows);
    const threshold = scorer.meta.threshold.threshold;
    const confusion = confusionAt(scores, data.labels, threshold);
    return {
      model: o.model,
      version: scorer.meta.version,
      samples: data.labels.length,
      attacks,
      auc: rocAuc(scores, data.labels),
      tprAt1PctFpr: tprAtFpr(scores, data.labels, 0.01),
      threshold,
      confusion,
      precision: confusion.tp + confusion.fp === 0 ? 0 : confusion.tp / (confusion.tp + confusion.fp),
      recall: confusion.tp / attacks,
    };
  } finally {
    scorer.dispose();
  }
}
