// A loaded model version: the layers model plus its metadata, scoring raw feature vectors as the
// mean squared reconstruction error in scaled space (the value the UDF returns).
import { tfReady } from './tf-runtime.js';
import type * as TF from '@tensorflow/tfjs';
import { fileLoader } from './file-io.js';
import { readMetadata, type ModelMetadata } from './metadata.js';
import { applyScaling } from './scaling.js';
import { reconstructionErrors } from './autoencoder.js';
import { ModelError } from './model-error.js';
import { predictInSlices } from './predict-slices.js';

export interface Scorer {
  readonly dir: string;
  readonly meta: ModelMetadata;
  score(rows: readonly (readonly number[])[]): Promise<Float32Array>;
  dispose(): void;
}

/** The layers model (model.json + weights.bin) of a model directory. */
export async function loadLayers(dir: string): Promise<TF.LayersModel> {
  const tf = await tfReady();
  try {
    return await tf.loadLayersModel(fileLoader(dir));
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError('MODEL_LOAD', `cannot load the model in ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

export async function loadScorer(dir: string): Promise<Scorer> {
  const meta = await readMetadata(dir);
  const model = await loadLayers(dir);
  const inShape = (model.inputs[0]?.shape ?? []) as Array<number | null>;
  if (inShape[1] !== meta.width) {
    model.dispose();
    throw new ModelError(
      'MODEL_LOAD',
      `${dir}: model input width ${String(inShape[1])} differs from metadata width ${meta.width}`,
    );
  }
  let loaded = true;
  return {
    dir,
    meta,
    score: async (rows) =>
      Float32Array.from(
        await predictInSlices(
          rows,
          (slice) => reconstructionErrors(model, applyScaling(meta.scaling, slice), meta.width),
          () => loaded,
        ),
      ),
    dispose: () => {
      loaded = false;
      model.dispose();
    },
  };
}
