// Model server hardening (issue 16 item 11): maxBatch has a ceiling (a config error above it, and
// the server refuses it too), a model.json whose weights path leaves the model directory (by `..`,
// an absolute path or a symbolic link) is not loaded while the good model keeps serving, and the
// real `ziem model serve` stops on SIGTERM in the middle of a large prediction, without finishing it.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { startModelServer } from '../../../udf-bridge/model-server/serve.js';
import { builtCli, freePort } from '../engine-kafka/server-process.js';
import { capturedContext, tempDir, trainFixtureModel } from './model-harness.js';

const tmp = tempDir('ziem-model-hardening-');
const models = join(tmp.dir, 'models');
const log = { info: () => undefined, warn: () => undefined };

beforeAll(async () => {
  const { ctx } = capturedContext(tmp.dir);
  await trainFixtureModel(ctx, join(models, 'anomaly'), { seed: 5, epochs: 3 });
}, 120_000);

afterAll(() => tmp.remove());

const serverOptions = (maxBatch: number): Parameters<typeof startModelServer>[0] => ({
  modelsDir: models,
  host: '127.0.0.1',
  port: 0,
  maxBatch,
  maxBodyBytes: 64 * 1024 * 1024,
  pollIntervalMs: 60_000,
  token: undefined,
  log,
});

describe('maxBatch ceiling', () => {
  it('modelServer.maxBatch above 65536 is a configuration error; the server refuses it too', async () => {
    expect(() => loadConfig({ env: { ZIEM_MODEL_SERVER_MAX_BATCH: '1000000' }, cwd: tmp.dir })).toThrow(
      /modelServer\.maxBatch/,
    );
    expect(loadConfig({ env: { ZIEM_MODEL_SERVER_MAX_BATCH: '65536' }, cwd: tmp.dir }).modelServer.maxBatch).toBe(
      65_536,
    );
    await expect(startModelServer(serverOptions(1_000_000))).rejects.toThrow(/maxBatch 1000000 is out of range/);
  });
});

describe('weights paths', () => {
  it('a model.json whose weights path leaves the model directory is refused; the good model serves', async () => {
    const withPaths = (name: string, paths: string[]): void => {
      cpSync(join(models, 'anomaly'), join(models, name), { recursive: true });
      const file = join(models, name, 'model.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
      json.weightsManifest[0]!.paths = paths;
      writeFileSync(file, JSON.stringify(json));
      // metadata.json must stay newer than model.json, as train writes them
      writeFileSync(join(models, name, 'metadata.json'), readFileSync(join(models, name, 'metadata.json')));
    };
    withPaths('dotdot', ['../../../../../../etc/passwd']);
    withPaths('absolute', ['/etc/passwd']);
    cpSync(join(models, 'anomaly'), join(models, 'linked'), { recursive: true });
    unlinkSync(join(models, 'linked', 'weights.bin'));
    symlinkSync('/etc/passwd', join(models, 'linked', 'weights.bin'));
    writeFileSync(join(models, 'linked', 'metadata.json'), readFileSync(join(models, 'linked', 'metadata.json')));
    const server = await startModelServer(serverOptions(512));
    try {
      for (const name of ['dotdot', 'absolute', 'linked']) {
        const st = server.registry.status(name);
        expect(st?.state, name).toBe('UNAVAILABLE');
        expect(st?.error, name).toMatch(/weights path .* (leaves the model directory|is absolute)/);
      }
      expect(server.registry.status('anomaly')?.state).toBe('AVAILABLE');
    } finally {
      await server.close();
    }
  });
});

describe('SIGTERM during a prediction', () => {
  it('`ziem model serve` exits promptly on SIGTERM while predicting 65536 vectors, without answering', async () => {
    const cli = await builtCli();
    const port = await freePort();
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZIEM_')));
    const child = spawn(process.execPath, [cli, 'model', 'serve', '--models', models, '--port', String(port)], {
      cwd: tmp.dir,
      env: { ...env, ZIEM_MODEL_SERVER_MAX_BATCH: '65536', ZIEM_MODEL_SERVER_MAX_BODY_BYTES: String(64 << 20) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('serving')) resolve();
      });
    });
    const row = [490, 92610, 4, 1, 0.0286, 0.0005, 0.0284, 14];
    const body = JSON.stringify({ instances: Array.from({ length: 65_536 }, () => row) });
    const answer = new Promise<number | string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/models/anomaly:predict' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', (err) => resolve(err.message));
      // SIGTERM as soon as the whole request is on its way
      req.end(body, () => child.kill('SIGTERM'));
    });
    expect(await exited).toBe(0);
    expect(await answer).not.toBe(200);
  }, 60_000);
});
