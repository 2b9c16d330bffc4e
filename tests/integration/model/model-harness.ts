// Shared setup for the model integration tests: a temp directory, a Context with captured output,
// and training on the committed fixture.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { trainModel, TRAIN_DEFAULTS, type TrainOpts } from '../../../udf-bridge/model-server/train.js';
import { FEATURE_NAMES } from '../../fixtures/model/host-activity.js';
import { modelJobEnv } from '../../../cli/model/job-env.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/model/', import.meta.url));
export const TRAIN_FILE = join(FIXTURES, 'benign-train.jsonl');
export const EVAL_FILE = join(FIXTURES, 'labelled-eval.jsonl');

export interface Captured {
  ctx: Context;
  out: string[];
  err: string[];
}

export function capturedContext(cwd: string, json = false): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const config = loadConfig({ env: {}, cwd });
  const ctx = makeContext({
    config,
    json,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  return { ctx, out, err };
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function trainOpts(out: string, over: Partial<TrainOpts> = {}): TrainOpts {
  return { ...TRAIN_DEFAULTS, input: TRAIN_FILE, out, epochs: 15, featureNames: FEATURE_NAMES, ...over };
}

export async function trainFixtureModel(ctx: Context, out: string, over: Partial<TrainOpts> = {}): Promise<void> {
  await trainModel(modelJobEnv(ctx), trainOpts(out, over));
}
