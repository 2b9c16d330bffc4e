// A loaded attack classifier: its layers model and metadata, giving class probabilities for raw
// feature vectors (scaled as in training), in the order of `meta.classes`.
import { checkedMetadata, readMetadataJson } from '../metadata.js';
import { loadLayers } from '../scorer.js';
import { applyScaling } from '../scaling.js';
import { ModelError } from '../model-error.js';
import { predictInSlices } from '../predict-slices.js';
import { classProbabilities } from './classifier-net.js';
import { classifierMetadataProblems, type ClassifierMetadata } from './classifier-metadata.js';

export interface Classifier {
  readonly dir: string;
  readonly meta: ClassifierMetadata;
  probabilities(rows: readonly (readonly number[])[]): Promise<number[][]>;
  dispose(): void;
}

export async function loadClassifier(dir: string, parsedMetadata?: unknown): Promise<Classifier> {
  const meta = checkedMetadata<ClassifierMetadata>(
    dir,
    parsedMetadata ?? (await readMetadataJson(dir)),
    classifierMetadataProblems,
  );
  const model = await loadLayers(dir);
  const inShape = (model.inputs[0]?.shape ?? []) as Array<number | null>;
  const outShape = (model.outputs[0]?.shape ?? []) as Array<number | null>;
  if (inShape[1] !== meta.width || outShape[1] !== meta.classes.length) {
    model.dispose();
    throw new ModelError(
      'MODEL_LOAD',
      `${dir}: model shape ${String(inShape[1])} → ${String(outShape[1])} differs from metadata (${meta.width} features → ${meta.classes.length} classes)`,
    );
  }
  let loaded = true;
  return {
    dir,
    meta,
    probabilities: (rows) =>
      predictInSlices(
        rows,
        (slice) => classProbabilities(model, applyScaling(meta.scaling, slice), meta.width),
        () => loaded,
      ),
    dispose: () => {
      loaded = false;
      model.dispose();
    },
  };
}
