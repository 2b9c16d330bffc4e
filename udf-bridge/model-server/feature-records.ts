// Decodes feature records: JSON lines with a `features` array of numbers (or `FEATURES`, as ksqlDB
// writes HOST_ACTIVITY) and, for evaluation, a `label`. Pure: callers hand in text and a source
// name; every problem names source:line and the first few are reported together.
import { ModelError } from './model-error.js';

export interface FeatureSet {
  readonly rows: number[][];
  /** 1 = attack, 0 = benign; present only when labels were required. */
  readonly labels: number[];
  readonly width: number;
}

const MAX_REPORTED = 5;
const LABEL_WORDS: Record<string, number> = { benign: 0, normal: 0, attack: 1, anomaly: 1, malicious: 1 };

function decodeLabel(v: unknown): number | string {
  if (v === 0 || v === 1) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.toLowerCase() in LABEL_WORDS) return LABEL_WORDS[v.toLowerCase()]!;
  return `"label" must be 0, 1, true, false, "benign" or "attack" (got ${JSON.stringify(v) ?? 'nothing'})`;
}

/** One record, or a problem text. */
export function decodeRecord(value: unknown, wantLabel: boolean): { features: number[]; label: number } | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  const f = o['features'] ?? o['FEATURES'];
  if (!Array.isArray(f) || f.length === 0) return 'expected a non-empty "features" array of numbers';
  for (let i = 0; i < f.length; i++) {
    if (typeof f[i] !== 'number' || !Number.isFinite(f[i]))
      return `features[${i}] is ${JSON.stringify(f[i]) ?? 'undefined'}, expected a finite number`;
  }
  if (!wantLabel) return { features: f as number[], label: 0 };
  const label = decodeLabel(o['label'] ?? o['LABEL']);
  return typeof label === 'string' ? label : { features: f as number[], label };
}

export function parseFeatureLines(text: string, source: string, wantLabel: boolean): FeatureSet {
  const rows: number[][] = [];
  const labels: number[] = [];
  const problems: string[] = [];
  let width = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && problems.length < MAX_REPORTED; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${source}:${i + 1}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const rec = decodeRecord(value, wantLabel);
    if (typeof rec === 'string') {
      problems.push(`${source}:${i + 1}: ${rec}`);
      continue;
    }
    if (width === 0) width = rec.features.length;
    if (rec.features.length !== width) {
      problems.push(`${source}:${i + 1}: ${rec.features.length} features, but earlier lines have ${width}`);
      continue;
    }
    rows.push(rec.features);
    if (wantLabel) labels.push(rec.label);
  }
  if (problems.length > 0) {
    throw new ModelError('MODEL_INPUT', `malformed feature records:\n  ${problems.join('\n  ')}`, {
      hint:
        'each line must be a JSON object like {"features": [1, 0.5, 3]}' + (wantLabel ? ' with "label": 0 or 1' : ''),
    });
  }
  return { rows, labels, width };
}
