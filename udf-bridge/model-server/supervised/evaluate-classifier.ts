// `ziem model evaluate` of an attack classifier: the labelled dataset's windows (every window, or
// with --held-out only those of the runs training held out) classified, and the per-class report.
import { resolve } from 'node:path';
import type { ModelJobEnv } from '../job-env.js';
import { ModelError } from '../model-error.js';
import { argmax, classReport, type ClassReport } from './class-metrics.js';
import { readJsonRecords } from './json-source.js';
import type { Classifier } from './loaded-classifier.js';
import { decodeLabelled } from './train-supervised.js';

export interface ClassifierEvaluation extends ClassReport {
  readonly model: string;
  readonly version: number;
  /** windows whose class the model does not know (a technique it never saw), counted apart */
  readonly unknownClass: Record<string, number>;
}

export async function evaluateClassifier(
  env: ModelJobEnv,
  model: Classifier,
  o: { model: string; input: string; heldOut?: boolean },
): Promise<ClassifierEvaluation> {
  let rows = await readJsonRecords(o.input, decodeLabelled, { bootstrap: env.bootstrap, flag: '--input' });
  if (o.heldOut) {
    const held = new Set(model.meta.training.heldOutRuns);
    rows = rows.filter((r) => held.has(r.run));
  }
  if (rows.length === 0)
    throw new ModelError(
      'MODEL_INPUT',
      `${o.input}: no labelled windows${o.heldOut ? " of the model's held-out runs" : ''}`,
    );
  const wrong = rows.find((r) => r.features.length !== model.meta.width);
  if (wrong)
    throw new ModelError(
      'MODEL_INPUT',
      `${o.input}: windows have ${wrong.features.length} features, the model expects ${model.meta.width}`,
    );
  const index = new Map(model.meta.classes.map((c, i) => [c, i]));
  const unknownClass: Record<string, number> = {};
  const known = rows.filter((r) => {
    if (index.has(r.class)) return true;
    unknownClass[r.class] = (unknownClass[r.class] ?? 0) + 1;
    return false;
  });
  const probs = await model.probabilities(known.map((r) => r.features));
  const report = classReport(
    model.meta.classes,
    known.map((r) => index.get(r.class)!),
    probs.map(argmax),
  );
  return { model: resolve(o.model), version: model.meta.version, unknownClass, ...report };
}

/** The report as text: a per-class table and the confusion matrix (rows actual, columns predicted). */
export function renderClassReport(e: ClassifierEvaluation): string {
  const w = Math.max(8, ...e.classes.map((c) => c.length));
  const lines = [
    `model ${e.model} (version ${e.version}) on ${e.samples} windows`,
    `${'class'.padEnd(w)}  precision  recall     f1  support`,
    ...e.perClass.map(
      (m) =>
        `${m.class.padEnd(w)}  ${m.precision.toFixed(4).padStart(9)}  ${m.recall.toFixed(4).padStart(6)}  ${m.f1.toFixed(4).padStart(5)}  ${String(m.support).padStart(7)}`,
    ),
    `macro F1 ${e.macroF1.toFixed(4)}` +
      (e.normalAsAttackRate === undefined
        ? ''
        : `   normal windows called an attack ${(e.normalAsAttackRate * 100).toFixed(3)} %`),
    '',
    `confusion (rows actual, columns predicted, in the order above)`,
    ...e.confusion.map((row, i) => `${e.classes[i]!.padEnd(w)}  ${row.map((v) => String(v).padStart(6)).join(' ')}`),
  ];
  const unknown = Object.entries(e.unknownClass);
  if (unknown.length > 0)
    lines.push('', `not judged (classes the model never saw): ${unknown.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return lines.join('\n');
}
