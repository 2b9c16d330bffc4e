// The autoencoder: n → ¾n → ½n → ¾n → n dense layers (Kitsune's compression ratio), tanh inside and
// linear output over standardised features. Every initialiser is seeded and the epoch shuffle uses
// the seeded generator, so the same seed and data give the same weights.
import type * as TF from '@tensorflow/tfjs';
import { tfReady } from './tf-runtime.js';
import { seededRandom, shuffledIndices } from './prng.js';

export interface TrainOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export function layerSizes(width: number): number[] {
  const hidden = Math.max(2, Math.ceil(width * 0.75));
  const bottleneck = Math.max(1, Math.ceil(width * 0.5));
  return [hidden, bottleneck, hidden, width];
}

export async function buildAutoencoder(width: number, seed: number): Promise<TF.Sequential> {
  const tf = await tfReady();
  const sizes = layerSizes(width);
  const model = tf.sequential();
  sizes.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        inputShape: i === 0 ? [width] : undefined,
        activation: i === sizes.length - 1 ? 'linear' : 'tanh',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        biasInitializer: 'zeros',
      }),
    );
  });
  return model;
}

/** Trains on row-major scaled data; returns the loss of each epoch. */
export async function trainAutoencoder(
  model: TF.Sequential,
  data: Float32Array,
  width: number,
  o: TrainOptions,
): Promise<number[]> {
  const tf = await tfReady();
  model.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'meanSquaredError' });
  const rows = data.length / width;
  const random = seededRandom(o.seed ^ 0x5eed);
  const losses: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffledIndices(rows, random);
    let sum = 0;
    let batches = 0;
    for (let start = 0; start < rows; start += o.batchSize) {
      const idx = order.slice(start, start + o.batchSize);
      const batch = new Float32Array(idx.length * width);
      idx.forEach((r, k) => batch.set(data.subarray(r * width, (r + 1) * width), k * width));
      const x = tf.tensor2d(batch, [idx.length, width]);
      const loss = (await model.trainOnBatch(x, x)) as number;
      x.dispose();
      sum += loss;
      batches++;
    }
    losses.push(sum / batches);
  }
  return losses;
}

/** Mean squared reconstruction error per row of row-major scaled data. */
export async function reconstructionErrors(
  model: TF.LayersModel,
  data: Float32Array,
  width: number,
): Promise<Float32Array> {
  const tf = await tfReady();
  const rows = data.length / width;
  const out = tf.tidy(() => {
    const x = tf.tensor2d(data, [rows, width]);
    const y = model.predict(x) as TF.Tensor;
    return tf.mean(tf.squaredDifference(x, y), 1);
  });
  const errors = (await out.data()) as Float32Array;
  out.dispose();
  return errors;
}
