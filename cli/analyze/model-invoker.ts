// The model functions for `ziem analyze --model <dir> [--classifier <dir>]`: the trained models loaded
// in this process (the model server's own scorer and classifier), answering the engine's remote calls
// without an HTTP server. ANOMALY_SCORE is the autoencoder's score, ATTACK_CLASS the classifier's top
// class; without a classifier ATTACK_CLASS answers null, and the processing log says why.
import { loadScorer, type Scorer } from '../../udf-bridge/model-server/scorer.js';
import { loadClassifier, type Classifier } from '../../udf-bridge/model-server/supervised/loaded-classifier.js';
import type { RemoteCall, RemoteInvoker, RemoteOutcome } from '../../engine/exec/functions/remote-function.js';

export interface InProcessModel {
  invoker: RemoteInvoker;
  /** The model's alert threshold, from its metadata.json. */
  threshold: number;
  dispose(): void;
}

function widthProblem(call: RemoteCall, width: number): RemoteOutcome | undefined {
  return call.features.length === width
    ? undefined
    : { value: null, problem: `features have ${call.features.length} values, the model ${width}` };
}

async function score(scorer: Scorer, call: RemoteCall): Promise<RemoteOutcome> {
  const bad = widthProblem(call, scorer.meta.width);
  if (bad) return bad;
  const v = (await scorer.score([call.features]))[0];
  return v === undefined || !Number.isFinite(v) ? { value: null, problem: 'no finite score' } : { value: v };
}

async function classify(classifier: Classifier | undefined, call: RemoteCall): Promise<RemoteOutcome> {
  if (classifier === undefined)
    return { value: null, problem: 'no classifier: give `ziem analyze --classifier <dir>`' };
  const bad = widthProblem(call, classifier.meta.width);
  if (bad) return bad;
  const p = (await classifier.probabilities([call.features]))[0] ?? [];
  let best = -1;
  for (let i = 0; i < p.length; i++) if (best < 0 || (p[i] as number) > (p[best] as number)) best = i;
  const label = classifier.meta.classes[best];
  const probability = p[best];
  return label === undefined || probability === undefined || !Number.isFinite(probability)
    ? { value: null, problem: 'no finite class probability' }
    : { value: { LABEL: label, PROBABILITY: probability } };
}

export async function loadInProcessModel(dir: string, classifierDir?: string): Promise<InProcessModel> {
  const scorer = await loadScorer(dir);
  let classifier: Classifier | undefined;
  try {
    classifier = classifierDir !== undefined ? await loadClassifier(classifierDir) : undefined;
  } catch (err) {
    scorer.dispose();
    throw err;
  }
  const invoker: RemoteInvoker = {
    invoke: (call) => (call.fn.toUpperCase() === 'ATTACK_CLASS' ? classify(classifier, call) : score(scorer, call)),
    close: () => undefined,
  };
  return {
    invoker,
    threshold: scorer.meta.threshold.threshold,
    dispose: () => {
      scorer.dispose();
      classifier?.dispose();
    },
  };
}
