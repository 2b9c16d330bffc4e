// `ziem model …` through the real CLI entry (runCli): flag wiring, exit codes and messages.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../cli/main.js';
import { tempDir, TRAIN_FILE, EVAL_FILE } from './model-harness.js';

const tmp = tempDir('ziem-model-cli-');
afterAll(() => tmp.remove());

async function ziem(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: {},
    cwd: tmp.dir,
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('ziem model (CLI)', () => {
  it('trains and evaluates with --json output', async () => {
    const model = join(tmp.dir, 'models', 'anomaly');
    const t = await ziem(
      '--json',
      'model',
      'train',
      '--input',
      TRAIN_FILE,
      '--out',
      model,
      '--seed',
      '3',
      '--epochs',
      '5',
    );
    expect(t.code).toBe(0);
    expect(JSON.parse(t.out)).toMatchObject({ version: 1, width: 8, rows: 1000 });
    const e = await ziem('--json', 'model', 'evaluate', '--model', model, '--input', EVAL_FILE);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.out)).toHaveProperty('auc');
  });

  it('exits 1 naming the line of malformed input', async () => {
    const bad = join(tmp.dir, 'bad.jsonl');
    writeFileSync(bad, '{"features":[1,2]}\n{"features":[1]\n');
    const r = await ziem('model', 'train', '--input', bad, '--out', join(tmp.dir, 'x'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(r.err).toMatch(/hint: each line must be a JSON object/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await ziem('model', 'train', '--out', 'x')).code).toBe(2);
    const r = await ziem('model', 'train', '--input', TRAIN_FILE, '--out', 'x', '--seed', 'abc');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seed expects a whole number/);
  });

  it('refuses to serve a missing models directory', async () => {
    const r = await ziem('model', 'serve', '--models', join(tmp.dir, 'none'), '--port', '0');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--models .*none: not a directory/);
  });
});
