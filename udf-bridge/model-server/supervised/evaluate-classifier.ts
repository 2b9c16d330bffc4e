// `ziem model evaluate` of an attack classifier: the labelled dataset's windows (every window, or
// with --held-out only those of the runs training held out) classified, and the per-class report
// twice: at argmax, and at the operating point the pipeline uses (an attack only at probability ≥
// --min-probability, operating-point.ts), plus each technique's recall. Rendering: class-report-text.ts.
import { resolve } from 'node:path';
import type { ModelJobEnv } from '../job-env.js';
import { ModelError } from '../model-error.js';
import { argmax, classReport, type ClassReport } from './class-metrics.js';
import { readJsonRecords } from './json-source.js';
import { NORMAL_CLASS } from './labelled-windows.js';
import type { Classifier } from './loaded-classifier.js';
import { DEFAULT_MIN_PROBABILITY, predictAt } from './operating-point.js';
import { techniqueRecall, type TechniqueRecall } from './technique-recall.js';
import { decodeLabelled } from './train-supervised.js';

export interface ClassifierEvaluation extends ClassReport {
  readonly model: string;
  readonly version: number;
  /** windows whose class the model does not know (a technique it never saw), counted apart */
  readonly unknownClass: Record<string, number>;
  /** the operating point: an attack class only at this probability or more, else normal */
  readonly minProbability: number;
  readonly atMinProbability: ClassReport;
  readonly techniques: TechniqueRecall[];
}

export async function evaluateClassifier(
  env: ModelJobEnv,
  model: Classifier,
  o: { model: string; input: string; heldOut?: boolean; minProbability?: number },
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
  const classes = model.meta.classes;
  const index = new Map(classes.map((c, i) => [c, i]));
  const unknownClass: Record<string, number> = {};
  const known = rows.filter((r) => {
    if (index.has(r.class)) return true;
    unknownClass[r.class] = (unknownClass[r.class] ?? 0) + 1;
    return false;
  });
  const minProbability = o.minProbability ?? DEFAULT_MIN_PROBABILITY;
  const probs = await model.probabilities(known.map((r) => r.features));
  const actual = known.map((r) => index.get(r.class)!);
  const top = probs.map(argmax);
  const normal = classes.indexOf(NORMAL_CLASS);
  const at = probs.map((p) => predictAt(p, normal, minProbability));
  return {
    model: resolve(o.model),
    version: model.meta.version,
    unknownClass,
    ...classReport(classes, actual, top),
    minProbability,
    atMinProbability: classReport(classes, actual, at),
    techniques: techniqueRecall(known, classes, top, at),
  };
}
