// Saves and loads a TF.js layers model as model.json + weights.bin in a directory, the same layout
// tfjs-converter and tf.loadLayersModel('http://…') use, without tfjs-node's file:// handler.
import { readFile, realpath, writeFile, rename } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { ModelError } from './model-error.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Writes a file beside its final name, then renames, so a reader never sees half a file. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

function concatWeights(data: io.WeightData): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), off);
    off += p.byteLength;
  }
  return out;
}

export function fileSaver(dir: string): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (!artifacts.weightData || !artifacts.weightSpecs)
        throw new ModelError('MODEL_SAVE', 'model has no weights to save');
      const weights = concatWeights(artifacts.weightData);
      const json = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeAtomic(join(dir, WEIGHTS_FILE), weights);
      await writeAtomic(join(dir, MODEL_FILE), JSON.stringify(json));
      return {
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength },
      };
    },
  };
}

interface ModelJson {
  modelTopology?: object;
  weightsManifest?: Array<{ paths: string[]; weights: io.WeightsManifestEntry[] }>;
}

/** A weights file named by model.json, refused unless it lies inside the model directory (after
 *  symbolic links): a model.json must not make the server read `../../etc/passwd`. */
async function weightsPath(dir: string, modelJson: string, p: unknown): Promise<string> {
  const refuse = (why: string): ModelError =>
    new ModelError('MODEL_LOAD', `${modelJson}: weights path ${JSON.stringify(p)} ${why}`, {
      hint: 'weightsManifest paths are file names inside the model directory, such as weights.bin',
    });
  if (typeof p !== 'string' || p === '') throw refuse('is not a file name');
  if (isAbsolute(p)) throw refuse('is absolute: it must be inside the model directory');
  const inside = (root: string, file: string): boolean => {
    const r = relative(root, file);
    return r !== '' && r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r);
  };
  const file = resolve(dir, p);
  if (!inside(resolve(dir), file)) throw refuse('leaves the model directory');
  let real: string;
  try {
    real = await realpath(file);
  } catch (err) {
    throw new ModelError('MODEL_LOAD', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!inside(await realpath(dir), real)) throw refuse('leaves the model directory (through a symbolic link)');
  return real;
}

export function fileLoader(dir: string): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const path = join(dir, MODEL_FILE);
      let json: ModelJson;
      try {
        json = JSON.parse(await readFile(path, 'utf8')) as ModelJson;
      } catch (err) {
        throw new ModelError('MODEL_LOAD', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
      }
      if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
        throw new ModelError(
          'MODEL_LOAD',
          `${path}: not a TF.js layers model (modelTopology or weightsManifest missing)`,
        );
      }
      const specs: io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(new Uint8Array(await readFile(await weightsPath(dir, path, p))));
      }
      const weights = concatWeights(
        buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
      );
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: weights.buffer as ArrayBuffer,
        format: 'layers-model',
      };
    },
  };
}
