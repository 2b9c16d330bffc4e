// Standardisation fitted on training data: a signed log1p squashes heavy-tailed counts and byte
// totals, then a z-score per feature. Constant features get a unit scale so they never divide by 0.
export interface Scaling {
  readonly kind: 'log1p-zscore';
  readonly mean: number[];
  readonly std: number[];
}

const squash = (x: number): number => Math.sign(x) * Math.log1p(Math.abs(x));

export function fitScaling(rows: readonly number[][], width: number): Scaling {
  const mean = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j]! += squash(r[j]!);
  for (let j = 0; j < width; j++) mean[j] = mean[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < width; j++) sq[j]! += (squash(r[j]!) - mean[j]!) ** 2;
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / rows.length);
    return sd > 1e-9 ? sd : 1;
  });
  return { kind: 'log1p-zscore', mean, std };
}

/** Scales rows into one row-major Float32Array, ready for a tensor. */
export function applyScaling(s: Scaling, rows: readonly (readonly number[])[]): Float32Array {
  const w = s.mean.length;
  const out = new Float32Array(rows.length * w);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let j = 0; j < w; j++) out[i * w + j] = (squash(r[j]!) - s.mean[j]!) / s.std[j]!;
  }
  return out;
}
