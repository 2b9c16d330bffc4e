// An ensemble of attack classifiers saved as one layers model: k members (classifier-net.ts), each
// with its own seeded initialisers and shuffles, trained apart, then joined into one functional
// model whose output is the mean of their softmaxes. The model server, ATTACK_CLASS and evaluate
// load it like a single network; averaging k independently trained nets keeps one net's
// overconfident mistake (a normal window called an attack at p ≥ 0.9) from passing alone.
import type * as TF from '@tensorflow/tfjs';
import { tfReady } from '../tf-runtime.js';
import { buildClassifier, trainClassifier, type ClassifierTrainOptions } from './classifier-net.js';

/** Members by default: ten nets cost ten trainings (seconds each) and one call per window. On the
 *  recorded campaigns ten averaged nets kept every seed's held-out normal windows below p 0.9
 *  where five let one through for some seeds (README, "Attack classifier"). */
export const DEFAULT_MEMBERS = 10;
export const MAX_MEMBERS = 25;

/** The seed of member i: far apart, so members share no initialiser or shuffle stream. */
const memberSeed = (seed: number, i: number): number => seed + 7919 * i;

export interface TrainedEnsemble {
  readonly model: TF.LayersModel;
  /** the member nets (their layers are the ensemble's: disposing the model disposes them) */
  readonly nets: TF.LayersModel[];
  /** each member's mean loss per epoch */
  readonly losses: number[][];
}

/** Trains `members` classifiers on the same scaled data and joins them, output = mean of softmaxes. */
export async function trainEnsemble(
  width: number,
  classes: number,
  members: number,
  data: Float32Array,
  targets: readonly number[],
  weights: readonly number[],
  o: ClassifierTrainOptions,
): Promise<TrainedEnsemble> {
  const tf = await tfReady();
  const nets: TF.Sequential[] = [];
  const losses: number[][] = [];
  for (let i = 0; i < members; i++) {
    const seed = memberSeed(o.seed, i);
    const net = await buildClassifier(width, classes, seed);
    losses.push(await trainClassifier(net, data, targets, weights, { ...o, seed }));
    nets.push(net);
  }
  if (members === 1) return { model: nets[0]!, nets, losses };
  // the members' layers, applied again to one shared input: their trained weights, one graph
  const input = tf.input({ shape: [width] });
  const outputs = nets.map((net) =>
    net.layers.reduce<TF.SymbolicTensor>((t, layer) => layer.apply(t) as TF.SymbolicTensor, input),
  );
  const mean = tf.layers.average().apply(outputs) as TF.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: mean }), nets, losses };
}
