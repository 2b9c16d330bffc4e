// metadata.json beside an attack classifier: its classes (in output order), feature names, scaling,
// layers, training stats and the held-out evaluation. A different format name from the anomaly
// model's, so the server and evaluate know which model a directory holds.
import type { Scaling } from '../scaling.js';
import type { ClassReport } from './class-metrics.js';

export const CLASSIFIER_FORMAT = 'ziem-attack-classifier/1';

export interface ClassifierTraining {
  readonly rows: number;
  readonly trainRows: number;
  readonly heldOutRows: number;
  readonly runs: number;
  readonly heldOutRuns: string[];
  readonly unjudgedTechniques: string[];
  readonly classWeights: Record<string, number>;
  readonly seed: number;
  /** nets averaged in the model (classifier-ensemble.ts); absent in models from before ensembles: 1 */
  readonly members?: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly losses: number[];
  readonly input: string;
  readonly trainedAt: string;
  readonly durationMs: number;
}

export interface ClassifierMetadata {
  readonly format: typeof CLASSIFIER_FORMAT;
  readonly version: number;
  readonly width: number;
  readonly featureNames: string[];
  readonly classes: string[];
  readonly layers: number[];
  readonly scaling: Scaling;
  readonly training: ClassifierTraining;
  /** the held-out runs' report; absent when no class had two runs */
  readonly heldOut: ClassReport | undefined;
}

const isNumArray = (v: unknown, n: number): boolean =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Problems with a parsed classifier metadata object, each naming the field. */
export function classifierMetadataProblems(m: Record<string, unknown>): string[] {
  const p: string[] = [];
  const width = m['width'];
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1)
    return ['field width: expected a positive integer'];
  if (typeof m['version'] !== 'number' || !Number.isInteger(m['version']) || (m['version'] as number) < 1)
    p.push('field version: expected a positive integer');
  const names = m['featureNames'];
  if (!Array.isArray(names) || names.length !== width || !names.every((x) => typeof x === 'string'))
    p.push(`field featureNames: expected ${width} strings`);
  const classes = m['classes'];
  if (
    !Array.isArray(classes) ||
    classes.length < 2 ||
    !classes.every((x) => typeof x === 'string' && x !== '') ||
    new Set(classes).size !== classes.length
  )
    p.push('field classes: expected two or more distinct class names');
  const s = m['scaling'] as Record<string, unknown> | undefined;
  if (s?.['kind'] !== 'log1p-zscore' || !isNumArray(s['mean'], width) || !isNumArray(s['std'], width))
    p.push(`field scaling: expected kind log1p-zscore with ${width} means and deviations`);
  return p;
}
