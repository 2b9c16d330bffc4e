// metadata.json beside a model: feature names, scaling, threshold, training stats and version.
// The server trusts nothing in it until readMetadata has checked every field it relies on.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scaling } from './scaling.js';
import type { ThresholdFit } from './threshold.js';
import { ModelError } from './model-error.js';

export const METADATA_FILE = 'metadata.json';
export const METADATA_FORMAT = 'ziem-anomaly-model/1';

export interface TrainingStats {
  readonly rows: number;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly losses: number[];
  readonly validationError: { mean: number; p50: number; p99: number; max: number };
  readonly input: string;
  readonly trainedAt: string;
  readonly durationMs: number;
}

export interface ModelMetadata {
  readonly format: typeof METADATA_FORMAT;
  readonly version: number;
  readonly width: number;
  readonly featureNames: string[];
  readonly layers: number[];
  readonly scaling: Scaling;
  readonly threshold: ThresholdFit;
  readonly training: TrainingStats;
}

const isNumArray = (v: unknown, n: number): boolean =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Problems with a parsed metadata object, each naming the field. */
export function metadataProblems(m: Record<string, unknown>): string[] {
  const p: string[] = [];
  if (m['format'] !== METADATA_FORMAT) p.push(`field format: expected "${METADATA_FORMAT}"`);
  const width = m['width'];
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1)
    return [...p, 'field width: expected a positive integer'];
  if (typeof m['version'] !== 'number' || !Number.isInteger(m['version']) || (m['version'] as number) < 1)
    p.push('field version: expected a positive integer');
  const names = m['featureNames'];
  if (!Array.isArray(names) || names.length !== width || !names.every((x) => typeof x === 'string'))
    p.push(`field featureNames: expected ${width} strings`);
  const s = m['scaling'] as Record<string, unknown> | undefined;
  if (s?.['kind'] !== 'log1p-zscore' || !isNumArray(s['mean'], width) || !isNumArray(s['std'], width))
    p.push(`field scaling: expected kind log1p-zscore with ${width} means and deviations`);
  const t = m['threshold'] as Record<string, unknown> | undefined;
  if (typeof t?.['threshold'] !== 'number' || !Number.isFinite(t['threshold']))
    p.push('field threshold.threshold: expected a finite number');
  return p;
}

/** metadata.json of a model directory, parsed but not yet checked. */
export async function readMetadataJson(dir: string): Promise<unknown> {
  const path = join(dir, METADATA_FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ModelError('MODEL_LOAD', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Checks parsed metadata with `problemsOf`, throwing every problem at once, naming the file. */
export function checkedMetadata<T>(
  dir: string,
  parsed: unknown,
  problemsOf: (m: Record<string, unknown>) => string[],
): T {
  const problems =
    typeof parsed === 'object' && parsed !== null
      ? problemsOf(parsed as Record<string, unknown>)
      : ['expected a JSON object'];
  if (problems.length > 0) throw new ModelError('MODEL_LOAD', `${join(dir, METADATA_FILE)}: ${problems.join('; ')}`);
  return parsed as T;
}

export async function readMetadata(dir: string): Promise<ModelMetadata> {
  return checkedMetadata<ModelMetadata>(dir, await readMetadataJson(dir), metadataProblems);
}
