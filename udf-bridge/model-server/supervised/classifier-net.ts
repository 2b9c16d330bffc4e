// The attack classifier's network: standardised features → two ReLU layers → softmax over the
// classes, trained with class-weighted cross-entropy so a class of few windows (a short flood) is
// not drowned by the many windows of normal traffic (weights tempered: CLASS_WEIGHT_POWER). Seeded initialisers and shuffles: the same seed and
// data give the same weights.
import type * as TF from '@tensorflow/tfjs';
import { tfReady } from '../tf-runtime.js';
import { seededRandom, shuffledIndices } from '../prng.js';

export interface ClassifierTrainOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export function classifierLayers(width: number, classes: number): number[] {
  return [Math.max(16, 2 * width), Math.max(8, width), classes];
}

export async function buildClassifier(width: number, classes: number, seed: number): Promise<TF.Sequential> {
  const tf = await tfReady();
  const model = tf.sequential();
  classifierLayers(width, classes).forEach((units, i, all) => {
    model.add(
      tf.layers.dense({
        units,
        inputShape: i === 0 ? [width] : undefined,
        activation: i === all.length - 1 ? 'softmax' : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        biasInitializer: 'zeros',
      }),
    );
  });
  return model;
}

/**
 * How strongly class weights undo class frequency: 1 would make every class count the same in
 * total, 0 would weigh every window alike. Full inverse frequency gives a technique of a handful
 * of windows hundreds of times a normal window's weight, and the net then calls normal-looking
 * windows (a sweep's few packets) that rare class; the square root keeps rare classes heard
 * without that.
 */
export const CLASS_WEIGHT_POWER = 0.5;

/**
 * Weights of (1 / class frequency) ^ power, normalised so the mean weight per window is 1 (the
 * loss divides by the batch's weights; the normalisation keeps the logged losses comparable).
 */
export function classWeights(targets: readonly number[], classes: number, power = CLASS_WEIGHT_POWER): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const t of targets) counts[t]!++;
  const raw = counts.map((c) => (c === 0 ? 0 : (targets.length / c) ** power));
  const mean = targets.reduce((s, t) => s + raw[t]!, 0) / Math.max(1, targets.length);
  return raw.map((w) => w / mean);
}

/** Trains on row-major scaled data with integer class targets; returns the mean loss of each epoch. */
export async function trainClassifier(
  model: TF.Sequential,
  data: Float32Array,
  targets: readonly number[],
  weights: readonly number[],
  o: ClassifierTrainOptions,
): Promise<number[]> {
  const tf = await tfReady();
  const width = data.length / targets.length;
  const classes = weights.length;
  const optimizer = tf.train.adam(o.learningRate);
  const random = seededRandom(o.seed ^ 0xc1a55);
  const losses: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffledIndices(targets.length, random);
    let sum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += o.batchSize) {
      const idx = order.slice(start, start + o.batchSize);
      const batch = new Float32Array(idx.length * width);
      idx.forEach((r, k) => batch.set(data.subarray(r * width, (r + 1) * width), k * width));
      const x = tf.tensor2d(batch, [idx.length, width]);
      const y = tf.oneHot(
        tf.tensor1d(
          idx.map((r) => targets[r]!),
          'int32',
        ),
        classes,
      );
      const w = tf.tensor1d(idx.map((r) => weights[targets[r]!]!));
      const loss = optimizer.minimize(() => {
        const p = (model.apply(x, { training: true }) as TF.Tensor).clipByValue(1e-7, 1);
        const ce = tf.neg(tf.sum(tf.mul(y, tf.log(p)), 1));
        return tf.div(tf.sum(tf.mul(ce, w)), tf.sum(w)) as TF.Scalar;
      }, true);
      sum += (await loss!.data())[0]!;
      tf.dispose([x, y, w, loss!]);
      batches++;
    }
    losses.push(sum / batches);
  }
  optimizer.dispose();
  return losses;
}

/** Class probabilities per row of row-major scaled data. */
export async function classProbabilities(
  model: TF.LayersModel,
  data: Float32Array,
  width: number,
): Promise<number[][]> {
  const tf = await tfReady();
  const rows = data.length / width;
  if (rows === 0) return [];
  const out = tf.tidy(() => model.predict(tf.tensor2d(data, [rows, width])) as TF.Tensor);
  const probs = (await out.array()) as number[][];
  out.dispose();
  return probs;
}
