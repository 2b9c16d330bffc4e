// `ziem model train`: fit scaling on benign feature vectors, train the autoencoder on 80 % of them
// (seeded split), set the threshold from the held-out 20 % errors, and write model.json,
// weights.bin and metadata.json (last, so a watching server never loads a half-written model).
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ModelJobEnv } from './job-env.js';
import { loadFeatures } from './feature-source.js';
import { fitScaling, applyScaling, type Scaling } from './scaling.js';
import { buildAutoencoder, trainAutoencoder, reconstructionErrors, layerSizes } from './autoencoder.js';
import { fitThreshold, quantile } from './threshold.js';
import { seededRandom, shuffledIndices } from './prng.js';
import { fileSaver, writeAtomic } from './file-io.js';
import { METADATA_FILE, METADATA_FORMAT, type ModelMetadata } from './metadata.js';
import { ModelError } from './model-error.js';

export interface TrainOpts {
  input: string;
  out: string;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  fpr: number;
  featureNames?: string[] | undefined;
  modelVersion?: number | undefined;
}

export const TRAIN_DEFAULTS = { seed: 42, epochs: 40, batchSize: 32, learningRate: 0.005, fpr: 0.01 } as const;
const VALIDATION_FRACTION = 0.2;

export const minimumRows = (width: number): number => Math.max(50, 5 * width);

/** Every option problem at once; the supervised trainer has no --fpr, so it passes none. */
export function checkOpts(o: Omit<TrainOpts, 'fpr'> & { fpr?: number }, width: number): void {
  const bad: string[] = [];
  if (!Number.isInteger(o.seed) || o.seed < 0) bad.push(`--seed ${o.seed}: expected a non-negative integer`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1 || o.epochs > 10_000)
    bad.push(`--epochs ${o.epochs}: expected 1..10000`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    bad.push(`--batch-size ${o.batchSize}: expected a positive integer`);
  if (!(o.learningRate > 0 && o.learningRate < 1))
    bad.push(`--learning-rate ${o.learningRate}: expected a number in (0, 1)`);
  if (o.fpr !== undefined && !(o.fpr > 0 && o.fpr < 0.5)) bad.push(`--fpr ${o.fpr}: expected a number in (0, 0.5)`);
  if (o.featureNames && o.featureNames.length !== width)
    bad.push(`--feature-names: ${o.featureNames.length} names, but the data has ${width} features`);
  if (bad.length > 0) throw new ModelError('MODEL_USAGE', bad.join('; '));
}

/** The version recorded in metadata: the flag, else a numeric directory name (TF Serving layout), else 1. */
export function versionFor(out: string, flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const name = basename(resolve(out));
  // the same rule as the server's version directories (model-registry.ts); version 0 is not a version
  return /^\d{1,9}$/.test(name) && Number(name) > 0 ? Number(name) : 1;
}

interface Fitted {
  rows: number;
  trainRows: number;
  valErrors: number[];
  losses: number[];
  scaling: Scaling;
  width: number;
}

function buildMetadata(env: ModelJobEnv, o: TrainOpts, f: Fitted, started: number): ModelMetadata {
  const sorted = [...f.valErrors].sort((a, b) => a - b);
  return {
    format: METADATA_FORMAT,
    version: versionFor(o.out, o.modelVersion),
    width: f.width,
    featureNames: o.featureNames ?? Array.from({ length: f.width }, (_, i) => `f${i}`),
    layers: layerSizes(f.width),
    scaling: f.scaling,
    threshold: fitThreshold(f.valErrors, o.fpr),
    training: {
      rows: f.rows,
      trainRows: f.trainRows,
      validationRows: sorted.length,
      seed: o.seed,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      losses: f.losses,
      input: o.input,
      validationError: {
        mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        max: sorted[sorted.length - 1]!,
      },
      trainedAt: new Date(env.now()).toISOString(),
      durationMs: env.now() - started,
    },
  };
}

export async function trainModel(env: ModelJobEnv, o: TrainOpts): Promise<ModelMetadata> {
  const started = env.now();
  const data = await loadFeatures(o.input, { bootstrap: env.bootstrap, wantLabel: false });
  checkOpts(o, data.width);
  const need = minimumRows(data.width);
  if (data.rows.length < need) {
    throw new ModelError(
      'MODEL_TOO_LITTLE_DATA',
      `${o.input}: ${data.rows.length} feature vectors, but training needs at least ${need} for ${data.width || 'any'} features`,
      {
        hint: 'capture more benign traffic before training',
      },
    );
  }
  env.log(`training on ${data.rows.length} vectors of ${data.width} features from ${o.input}`);
  // the threshold is fitted on held-out vectors: training errors would understate benign error
  const order = shuffledIndices(data.rows.length, seededRandom(o.seed));
  const nVal = Math.max(1, Math.round(data.rows.length * VALIDATION_FRACTION));
  const valRows = order.slice(0, nVal).map((i) => data.rows[i]!);
  const trainRows = order.slice(nVal).map((i) => data.rows[i]!);
  const scaling = fitScaling(trainRows, data.width);
  const model = await buildAutoencoder(data.width, o.seed);
  const losses = await trainAutoencoder(model, applyScaling(scaling, trainRows), data.width, o);
  const valErrors = Array.from(await reconstructionErrors(model, applyScaling(scaling, valRows), data.width));
  const meta = buildMetadata(
    env,
    o,
    { rows: data.rows.length, trainRows: trainRows.length, valErrors, losses, scaling, width: data.width },
    started,
  );
  await mkdir(o.out, { recursive: true });
  await model.save(fileSaver(o.out));
  model.dispose();
  await writeAtomic(join(o.out, METADATA_FILE), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}
