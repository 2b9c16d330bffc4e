// The alert threshold from benign reconstruction errors: fit a log-normal (mean and deviation of
// ln error) and take its quantile at 1 - false-positive rate. The empirical quantile is kept too,
// for the metadata, because a poor fit shows as a gap between the two.
export interface ThresholdFit {
  readonly threshold: number;
  readonly logMean: number;
  readonly logStd: number;
  readonly targetFpr: number;
  readonly empiricalQuantile: number;
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export function quantile(sorted: readonly number[], p: number): number {
  const pos = Math.min(sorted.length - 1, Math.max(0, p * (sorted.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function fitThreshold(errors: readonly number[], targetFpr: number): ThresholdFit {
  // a perfect reconstruction gives 0; floor it so the log stays finite
  const logs = errors.map((e) => Math.log(Math.max(e, 1e-12)));
  const logMean = logs.reduce((s, v) => s + v, 0) / logs.length;
  const logStd = Math.sqrt(logs.reduce((s, v) => s + (v - logMean) ** 2, 0) / Math.max(1, logs.length - 1));
  const threshold = Math.exp(logMean + logStd * normalQuantile(1 - targetFpr));
  const empiricalQuantile = quantile(
    [...errors].sort((x, y) => x - y),
    1 - targetFpr,
  );
  return { threshold, logMean, logStd, targetFpr, empiricalQuantile };
}
