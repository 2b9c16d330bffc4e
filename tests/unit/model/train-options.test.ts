import { describe, expect, it } from 'vitest';
import { minimumRows, versionFor } from '../../../udf-bridge/model-server/train.js';
import { layerSizes } from '../../../udf-bridge/model-server/autoencoder.js';

describe('training choices', () => {
  it('sizes the autoencoder from the feature count, never below 2 hidden and 1 bottleneck units', () => {
    expect(layerSizes(8)).toEqual([6, 4, 6, 8]);
    expect(layerSizes(1)).toEqual([2, 1, 2, 1]);
    expect(layerSizes(20)).toEqual([15, 10, 15, 20]);
  });

  it('asks for at least 50 vectors, or 5 per feature', () => {
    expect(minimumRows(3)).toBe(50);
    expect(minimumRows(40)).toBe(200);
  });

  it('takes the version from the flag, else a numeric directory, else 1', () => {
    expect(versionFor('models/anomaly', undefined)).toBe(1);
    expect(versionFor('models/anomaly/7', undefined)).toBe(7);
    expect(versionFor('models/anomaly/7/', 3)).toBe(3);
    expect(versionFor('models/anomaly/007', undefined)).toBe(7);
    expect(versionFor('models/anomaly/0', undefined)).toBe(1);
  });
});
