// Training and evaluation with TF.js on the wasm backend: files written, determinism by seed,
// clear refusals for malformed and too little data, and metrics on the labelled fixture.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { trainModel } from '../../../udf-bridge/model-server/train.js';
import { run as runTrain } from '../../../cli/model/train-command.js';
import { evaluateModel } from '../../../udf-bridge/model-server/evaluate.js';
import { run as runEvaluate } from '../../../cli/model/evaluate-command.js';
import { tfReady } from '../../../udf-bridge/model-server/tf-runtime.js';
import { ModelError } from '../../../udf-bridge/model-server/model-error.js';
import { capturedContext, tempDir, trainOpts, EVAL_FILE } from './model-harness.js';
import { modelJobEnv } from '../../../cli/model/job-env.js';

const tmp = tempDir('ziem-model-train-');
afterAll(() => tmp.remove());

describe('ziem model train', () => {
  it('runs on the wasm backend', async () => {
    await tfReady();
    expect(tf.getBackend()).toBe('wasm');
  });

  it('writes model.json, weights.bin and metadata.json with scaling, threshold and stats', async () => {
    const { ctx, out, err } = capturedContext(tmp.dir);
    const dir = join(tmp.dir, 'models', 'anomaly');
    await runTrain(ctx, trainOpts(dir, { seed: 7 }));
    for (const f of ['model.json', 'weights.bin', 'metadata.json']) expect(existsSync(join(dir, f))).toBe(true);
    const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({ format: 'ziem-anomaly-model/1', version: 1, width: 8, layers: [6, 4, 6, 8] });
    expect(meta.featureNames[3]).toBe('distinct_ports');
    expect(meta.scaling.mean).toHaveLength(8);
    expect(meta.threshold.threshold).toBeGreaterThan(meta.training.validationError.p50);
    expect(meta.training).toMatchObject({ rows: 1000, trainRows: 800, validationRows: 200, seed: 7, epochs: 15 });
    expect(meta.training.losses.at(-1)).toBeLessThan(meta.training.losses[0]);
    expect(out.join('')).toContain('model written to');
    expect(err.join('')).toContain('training on 1000 vectors of 8 features');
  });

  it('gives identical weights for the same seed and different ones for another seed', async () => {
    const { ctx } = capturedContext(tmp.dir);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(tmp.dir, 'seed', n));
    await trainModel(modelJobEnv(ctx), trainOpts(a!, { seed: 5 }));
    await trainModel(modelJobEnv(ctx), trainOpts(b!, { seed: 5 }));
    await trainModel(modelJobEnv(ctx), trainOpts(c!, { seed: 6 }));
    const w = (d: string): Buffer => readFileSync(join(d, 'weights.bin'));
    expect(w(a!).equals(w(b!))).toBe(true);
    expect(w(a!).equals(w(c!))).toBe(false);
    const t = (d: string): number => JSON.parse(readFileSync(join(d, 'metadata.json'), 'utf8')).threshold.threshold;
    expect(t(a!)).toBe(t(b!));
  });

  it('takes the version from a numeric directory name', async () => {
    const { ctx } = capturedContext(tmp.dir);
    const meta = await trainModel(
      modelJobEnv(ctx),
      trainOpts(join(tmp.dir, 'versions', 'anomaly', '3'), { epochs: 2 }),
    );
    expect(meta.version).toBe(3);
  });

  it('refuses malformed input naming the line', async () => {
    const { ctx } = capturedContext(tmp.dir);
    const bad = join(tmp.dir, 'bad.jsonl');
    writeFileSync(bad, '{"features":[1,2,3]}\n{"features":[1,2,"three"]}\n');
    await expect(trainModel(modelJobEnv(ctx), trainOpts(join(tmp.dir, 'x'), { input: bad }))).rejects.toThrow(
      /bad\.jsonl:2: features\[2\] is "three"/,
    );
  });

  it('refuses too little data', async () => {
    const { ctx } = capturedContext(tmp.dir);
    const few = join(tmp.dir, 'few.jsonl');
    writeFileSync(few, Array.from({ length: 20 }, (_, i) => JSON.stringify({ features: [i, i * 2, 1] })).join('\n'));
    const err = await trainModel(
      modelJobEnv(ctx),
      trainOpts(join(tmp.dir, 'y'), { input: few, featureNames: undefined }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('MODEL_TOO_LITTLE_DATA');
    expect((err as Error).message).toMatch(/20 feature vectors, but training needs at least 50/);
  });

  it('names a missing input file', async () => {
    const { ctx } = capturedContext(tmp.dir);
    await expect(
      trainModel(modelJobEnv(ctx), trainOpts(join(tmp.dir, 'z'), { input: join(tmp.dir, 'nope.jsonl') })),
    ).rejects.toThrow(/cannot read --input .*nope\.jsonl: ENOENT/);
  });
});

describe('ziem model evaluate', () => {
  it('separates the fixture attacks and reports a consistent confusion matrix', async () => {
    const { ctx, out } = capturedContext(tmp.dir, true);
    const dir = join(tmp.dir, 'models', 'anomaly');
    const e = await evaluateModel(modelJobEnv(ctx), { model: dir, input: EVAL_FILE });
    expect(e.samples).toBe(720);
    expect(e.attacks).toBe(120);
    expect(e.auc).toBeGreaterThan(0.95);
    expect(e.tprAt1PctFpr).toBeGreaterThan(0.8);
    const c = e.confusion;
    expect(c.tp + c.fn).toBe(120);
    expect(c.fp + c.tn).toBe(600);
    expect(c.fp / 600).toBeLessThan(0.05);
    await runEvaluate(ctx, { model: dir, input: EVAL_FILE });
    expect(JSON.parse(out.join(''))).toMatchObject({ samples: 720, attacks: 120, confusion: c });
  });

  it('refuses data without both classes', async () => {
    const { ctx } = capturedContext(tmp.dir);
    const onlyBenign = join(tmp.dir, 'benign-labelled.jsonl');
    writeFileSync(onlyBenign, '{"features":[1,2,3,4,5,6,7,8],"label":0}\n');
    await expect(
      evaluateModel(modelJobEnv(ctx), { model: join(tmp.dir, 'models', 'anomaly'), input: onlyBenign }),
    ).rejects.toThrow(/needs both benign/);
  });
});
