import { describe, expect, it } from 'vitest';
import { confusionAt, rocAuc, tprAtFpr } from '../../../udf-bridge/model-server/evaluate.js';
import { fitThreshold, normalQuantile, quantile } from '../../../udf-bridge/model-server/threshold.js';
import { applyScaling, fitScaling } from '../../../udf-bridge/model-server/scaling.js';
import { seededRandom, shuffledIndices } from '../../../udf-bridge/model-server/prng.js';

describe('evaluation metrics', () => {
  it('AUC is 1 for a perfect ranking, 0.5 for all ties, and counts ties as half', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 1, 0, 1])).toBe(0.875);
  });

  it('TPR at an FPR limit takes the best cut within the limit', () => {
    const scores = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    const labels = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0];
    expect(tprAtFpr(scores, labels, 0)).toBeCloseTo(2 / 3);
    expect(tprAtFpr(scores, labels, 1 / 7)).toBe(1);
  });

  it('confusion at a threshold alerts strictly above it', () => {
    expect(confusionAt([0.5, 2, 1, 3], [0, 1, 1, 0], 1)).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
  });
});

describe('threshold', () => {
  it('normalQuantile matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it('a log-normal fit of log-normal errors puts the threshold near the true quantile', () => {
    const r = seededRandom(3);
    const errors = Array.from({ length: 20_000 }, () => {
      const z = normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, r())));
      return Math.exp(-2 + 0.5 * z);
    });
    const fit = fitThreshold(errors, 0.01);
    const truth = Math.exp(-2 + 0.5 * 2.326348);
    expect(fit.threshold / truth).toBeGreaterThan(0.97);
    expect(fit.threshold / truth).toBeLessThan(1.03);
    expect(fit.empiricalQuantile / truth).toBeGreaterThan(0.95);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

describe('scaling and seeded shuffles', () => {
  it('standardises squashed values and gives constant features a unit scale', () => {
    const s = fitScaling(
      [
        [0, 5],
        [Math.E - 1, 5],
      ],
      2,
    );
    expect(s.mean[0]).toBeCloseTo(0.5);
    expect(s.std[1]).toBe(1);
    expect(Array.from(applyScaling(s, [[Math.E - 1, 5]]))).toEqual([expect.closeTo(1, 6), 0]);
  });

  it('the same seed gives the same order, another seed another', () => {
    expect(shuffledIndices(50, seededRandom(9))).toEqual(shuffledIndices(50, seededRandom(9)));
    expect(shuffledIndices(50, seededRandom(9))).not.toEqual(shuffledIndices(50, seededRandom(10)));
    expect([...shuffledIndices(50, seededRandom(9))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});
