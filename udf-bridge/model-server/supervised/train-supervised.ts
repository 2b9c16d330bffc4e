// `ziem model train --supervised`: the attack classifier from a labelled dataset (`ziem model
// dataset`): scaling fitted on the training runs, class-weighted softmax training, the held-out runs
// evaluated, then model.json, weights.bin and metadata.json (last, as the anomaly model's, so a
// watching server never loads a half-written model).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelJobEnv } from '../job-env.js';
import { applyScaling, fitScaling } from '../scaling.js';
import { fileSaver, writeAtomic } from '../file-io.js';
import { METADATA_FILE } from '../metadata.js';
import { ModelError } from '../model-error.js';
import { checkOpts, minimumRows, versionFor, type TrainOpts } from '../train.js';
import { argmax, classReport } from './class-metrics.js';
import { classifierLayers, classProbabilities, classWeights } from './classifier-net.js';
import { DEFAULT_MEMBERS, MAX_MEMBERS, trainEnsemble } from './classifier-ensemble.js';
import { CLASSIFIER_FORMAT, type ClassifierMetadata } from './classifier-metadata.js';
import { readJsonRecords } from './json-source.js';
import { NORMAL_CLASS, type LabelledWindow } from './labelled-windows.js';
import { splitByRun } from './run-split.js';

export type SupervisedTrainOpts = Omit<TrainOpts, 'fpr'> & {
  /** nets in the ensemble (classifier-ensemble.ts); default DEFAULT_MEMBERS */
  members?: number | undefined;
};

/** Decodes one dataset line as `ziem model dataset` writes it. */
export function decodeLabelled(v: unknown): LabelledWindow | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const o = v as Record<string, unknown>;
  const f = o['features'];
  if (!Array.isArray(f) || f.length === 0 || !f.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return 'field features: expected a non-empty array of finite numbers';
  if (typeof o['class'] !== 'string' || o['class'] === '') return 'field class: expected a class name';
  if (typeof o['run'] !== 'string' || o['run'] === '') return 'field run: expected the run id (ziem model dataset)';
  const t = o['technique'];
  if (t !== undefined && (typeof t !== 'string' || t === '')) return 'field technique: expected a technique name';
  return {
    features: f as number[],
    class: o['class'],
    // a dataset from before families: its class was the technique
    technique: t ?? o['class'],
    run: o['run'],
    src: typeof o['src'] === 'string' ? o['src'] : '',
    windowStart: typeof o['windowStart'] === 'number' ? o['windowStart'] : 0,
  };
}

function checkData(rows: readonly LabelledWindow[], input: string): { width: number; classes: string[] } {
  const width = rows[0]?.features.length ?? 0;
  const bad = rows.findIndex((r) => r.features.length !== width);
  if (bad >= 0)
    throw new ModelError(
      'MODEL_INPUT',
      `${input}: row ${bad + 1} has ${rows[bad]!.features.length} features, the first has ${width}`,
    );
  // normal first, then attacks by name: a stable output order whatever order the data came in
  const classes = [...new Set(rows.map((r) => r.class))].sort((a, b) =>
    a === NORMAL_CLASS ? -1 : b === NORMAL_CLASS ? 1 : a.localeCompare(b),
  );
  if (classes.length < 2)
    throw new ModelError(
      'MODEL_TOO_LITTLE_DATA',
      `${input}: one class only (${classes[0] ?? 'none'}); a classifier needs two or more`,
      {
        hint: 'run attack-sim scenarios (or `ziem attack-sim campaign`) and build the dataset again',
      },
    );
  return { width, classes };
}

export async function trainSupervised(env: ModelJobEnv, o: SupervisedTrainOpts): Promise<ClassifierMetadata> {
  const started = env.now();
  const rows = await readJsonRecords(o.input, decodeLabelled, { bootstrap: env.bootstrap, flag: '--input' });
  const { width, classes } = checkData(rows, o.input);
  checkOpts(o, width);
  const members = o.members ?? DEFAULT_MEMBERS;
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS)
    throw new ModelError('MODEL_USAGE', `--members ${members}: expected 1..${MAX_MEMBERS}`);
  const split = splitByRun(rows, o.seed);
  const train = rows.filter((r) => split.trainRuns.has(r.run));
  const held = rows.filter((r) => split.heldOutRuns.has(r.run));
  if (train.length < minimumRows(width))
    throw new ModelError(
      'MODEL_TOO_LITTLE_DATA',
      `${o.input}: ${train.length} training windows, but training needs at least ${minimumRows(width)} for ${width} features`,
      { hint: 'run a longer campaign (ziem attack-sim campaign --duration 30m) and build the dataset again' },
    );
  const index = new Map(classes.map((c, i) => [c, i]));
  const targets = train.map((r) => index.get(r.class)!);
  const weights = classWeights(targets, classes.length);
  env.log(
    `training a ${classes.length}-class classifier (${members} nets averaged) on ${train.length} windows of ${split.trainRuns.size} runs; ${held.length} windows of ${split.heldOutRuns.size} runs held out`,
  );
  const scaling = fitScaling(
    train.map((r) => r.features),
    width,
  );
  const { model, losses } = await trainEnsemble(
    width,
    classes.length,
    members,
    applyScaling(
      scaling,
      train.map((r) => r.features),
    ),
    targets,
    weights,
    o,
  );
  const heldProbs = await classProbabilities(
    model,
    applyScaling(
      scaling,
      held.map((r) => r.features),
    ),
    width,
  );
  const meta: ClassifierMetadata = {
    format: CLASSIFIER_FORMAT,
    version: versionFor(o.out, o.modelVersion),
    width,
    featureNames: o.featureNames ?? Array.from({ length: width }, (_, i) => `f${i}`),
    classes,
    layers: classifierLayers(width, classes.length),
    scaling,
    training: {
      rows: rows.length,
      trainRows: train.length,
      heldOutRows: held.length,
      runs: new Set(rows.map((r) => r.run)).size,
      heldOutRuns: [...split.heldOutRuns].sort(),
      unjudgedTechniques: split.unjudged,
      classWeights: Object.fromEntries(classes.map((c, i) => [c, weights[i]!])),
      seed: o.seed,
      members,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      // the members' mean loss per epoch
      losses: losses[0]!.map((_, e) => losses.reduce((a, l) => a + l[e]!, 0) / losses.length),
      input: o.input,
      trainedAt: new Date(env.now()).toISOString(),
      durationMs: env.now() - started,
    },
    heldOut:
      held.length === 0
        ? undefined
        : classReport(
            classes,
            held.map((r) => index.get(r.class)!),
            heldProbs.map(argmax),
          ),
  };
  await mkdir(o.out, { recursive: true });
  await model.save(fileSaver(o.out));
  model.dispose();
  await writeAtomic(join(o.out, METADATA_FILE), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}
