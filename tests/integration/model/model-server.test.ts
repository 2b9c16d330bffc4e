// The HTTP model server on a free loopback port with real trained models: TF Serving routes,
// validation (400/404/413/503), bearer token, metrics, and hot pickup of a new version while
// requests keep flowing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { startModelServer, type RunningServer } from '../../../udf-bridge/model-server/serve.js';
import { Secret } from '../../../core/secret.js';
import { capturedContext, tempDir, trainFixtureModel } from './model-harness.js';

const TOKEN = 'model-test-token';
const BENIGN = [490, 92610, 4, 1, 0.0286, 0.0005, 0.0284, 14];
const SCAN = [1374, 78318, 1, 687, 0.4662, 0.4214, 0, 687];
const tmp = tempDir('ziem-model-serve-');
const models = join(tmp.dir, 'models');
let server: RunningServer;
const logs: string[] = [];

async function call(
  path: string,
  o: { method?: string; body?: string; token?: string | null } = {},
): Promise<{ status: number; body: string; json: () => Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.token !== null) headers['authorization'] = `Bearer ${o.token ?? TOKEN}`;
  const res = await fetch(server.url + path, { method: o.method ?? (o.body ? 'POST' : 'GET'), headers, body: o.body });
  const body = await res.text();
  return { status: res.status, body, json: () => JSON.parse(body) as Record<string, unknown> };
}

const predict = (model: string, instances: unknown): ReturnType<typeof call> =>
  call(`/v1/models/${model}:predict`, { body: JSON.stringify({ instances }) });

beforeAll(async () => {
  const { ctx } = capturedContext(tmp.dir);
  await trainFixtureModel(ctx, join(models, 'anomaly'), { seed: 7 });
  mkdirSync(join(models, 'broken'));
  writeFileSync(join(models, 'broken', 'model.json'), '{"not":"a model"}');
  writeFileSync(join(models, 'broken', 'metadata.json'), '{}');
  server = await startModelServer({
    modelsDir: models,
    host: '127.0.0.1',
    port: 0,
    maxBatch: 512,
    maxBodyBytes: 64 * 1024,
    pollIntervalMs: 100,
    token: new Secret(TOKEN),
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(`warning: ${m}`) },
  });
});

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('model server', () => {
  it('scores one vector and batches, attacks above the threshold', async () => {
    const single = await predict('anomaly', [BENIGN]);
    expect(single.status).toBe(200);
    const [benign] = single.json()['predictions'] as number[];
    const meta = (await call('/v1/models/anomaly/metadata')).json()['metadata'] as {
      ziem: { threshold: { threshold: number }; width: number };
    };
    expect(meta.ziem.width).toBe(8);
    expect(benign).toBeLessThan(meta.ziem.threshold.threshold);
    const batch = await predict('anomaly', [...Array.from({ length: 255 }, () => BENIGN), SCAN]);
    const scores = batch.json()['predictions'] as number[];
    expect(scores).toHaveLength(256);
    expect(scores[0]).toBeCloseTo(benign!, 5);
    expect(scores[255]).toBeGreaterThan(meta.ziem.threshold.threshold);
  });

  it('answers status, health and version routes like TensorFlow Serving', async () => {
    expect((await call('/v1/models/anomaly')).json()).toEqual({
      model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }],
    });
    expect(
      (await call('/v1/models/anomaly/versions/1:predict', { body: JSON.stringify({ instances: [BENIGN] }) })).status,
    ).toBe(200);
    expect(
      (await call('/v1/models/anomaly/versions/9:predict', { body: JSON.stringify({ instances: [BENIGN] }) })).status,
    ).toBe(404);
    const health = await call('/healthz', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toContain('"anomaly"');
  });

  it('rejects bad input with a JSON error and keeps serving', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['{"instances":[[1,2]]}', 400, /instances\[0\] has 2 values, the model expects 8/],
      ['{"instances":[[1,2,3,4,5,6,7,"x"]]}', 400, /instances\[0\]\[7\] is "x"/],
      ['{"instances":[[NaN,2,3,4,5,6,7,8]]}', 400, /not valid JSON/],
      ['{"signature_name":"x"}', 400, /missing field "instances"/],
      [
        JSON.stringify({ instances: Array.from({ length: 513 }, () => BENIGN) }),
        400,
        /513 instances exceed the batch limit of 512/,
      ],
    ];
    for (const [body, status, msg] of cases) {
      const res = await call('/v1/models/anomaly:predict', { body });
      expect(res.status).toBe(status);
      expect(res.json()['error']).toMatch(msg);
    }
    const big = await call('/v1/models/anomaly:predict', {
      body: JSON.stringify({ instances: [BENIGN], pad: 'x'.repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.json()['error']).toMatch(/exceeds the limit of 65536/);
    expect((await predict('nope', [BENIGN])).status).toBe(404);
    const broken = await predict('broken', [BENIGN]);
    expect(broken.status).toBe(503);
    expect(broken.json()['error']).toMatch(/model "broken" is not loaded/);
    expect((await call('/v1/models/anomaly:predict', { method: 'GET' })).status).toBe(405);
    expect((await predict('anomaly', [BENIGN])).status).toBe(200);
  });

  it('never crashes on a malformed HTTP request', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(server.port, '127.0.0.1', () =>
        sock.write('POST /v1/models/anomaly:predict HTTP/1.1\r\nContent-Length: abc\r\n\r\n'),
      );
      let got = '';
      sock.on('data', (d) => (got += d.toString()));
      sock.on('close', () => resolve(got));
      sock.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('malformed HTTP request');
    expect((await predict('anomaly', [BENIGN])).status).toBe(200);
  });

  it('requires the bearer token except on /healthz', async () => {
    expect((await call('/v1/models/anomaly', { token: null })).status).toBe(401);
    expect((await call('/metrics', { token: 'wrong' })).status).toBe(401);
  });

  it('exposes request counts, latency histogram and errors in /metrics', async () => {
    const res = await call('/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/ziem_model_server_requests_total\{route="predict",code="200"\} \d+/);
    expect(res.body).toMatch(/ziem_model_server_requests_total\{route="predict",code="400"\} [5-9]/);
    expect(res.body).toMatch(/ziem_model_server_request_duration_seconds_bucket\{route="predict",le="\+Inf"\} \d+/);
    expect(res.body).toMatch(/ziem_model_server_errors_total\{reason="too_large"\} 1/);
    expect(res.body).toMatch(/ziem_model_server_predictions_total\{model="anomaly"\} \d+/);
    expect(res.body).toContain('ziem_model_server_model_loaded{model="anomaly",version="1"} 1');
  });

  it('picks up a new version directory without downtime', async () => {
    const { ctx } = capturedContext(tmp.dir);
    const live = join(models, 'rolling');
    await trainFixtureModel(ctx, join(live, '1'), { seed: 1, epochs: 3 });
    await server.registry.poll();
    const v1 = (await predict('rolling', [SCAN])).json()['predictions'] as number[];
    // train version 2 elsewhere and move it in with one rename, as a deploy would
    await trainFixtureModel(ctx, join(tmp.dir, 'staging', '2'), { seed: 2, epochs: 20, modelVersion: 2 });
    let stop = false;
    const statuses: number[] = [];
    const load = (async () => {
      while (!stop) statuses.push((await predict('rolling', [SCAN])).status);
    })();
    renameSync(join(tmp.dir, 'staging', '2'), join(live, '2'));
    const deadline = Date.now() + 20_000;
    let version = '1';
    while (version !== '2' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      version = ((await call('/v1/models/rolling')).json()['model_version_status'] as Array<{ version: string }>)[0]!
        .version;
    }
    stop = true;
    await load;
    expect(version).toBe('2');
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const v2 = (await predict('rolling', [SCAN])).json()['predictions'] as number[];
    expect(v2[0]).not.toBe(v1[0]);
    expect(JSON.parse(readFileSync(join(live, '2', 'metadata.json'), 'utf8')).version).toBe(2);
  });

  it('keeps serving the old version when a new one is broken', async () => {
    mkdirSync(join(models, 'rolling', '3'));
    // model.json first, metadata.json last, as train writes them (an older metadata.json means "still writing")
    writeFileSync(
      join(models, 'rolling', '3', 'model.json'),
      '{"modelTopology":{},"weightsManifest":[{"paths":["missing.bin"],"weights":[]}]}',
    );
    await new Promise((r) => setTimeout(r, 20));
    cpSync(join(models, 'rolling', '2', 'metadata.json'), join(models, 'rolling', '3', 'metadata.json'));
    const deadline = Date.now() + 10_000;
    while (!logs.some((l) => l.includes('rolling') && l.includes('keeps serving')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(logs.some((l) => l.includes('version 2 keeps serving'))).toBe(true);
    expect((await predict('rolling', [SCAN])).status).toBe(200);
    expect(
      ((await call('/v1/models/rolling')).json()['model_version_status'] as Array<{ version: string }>)[0]!.version,
    ).toBe('2');
  });

  it('waits for metadata.json before loading a version being written', async () => {
    const v2 = join(models, 'rolling', '2');
    const v4 = join(models, 'rolling', '4');
    mkdirSync(v4);
    cpSync(join(v2, 'metadata.json'), join(v4, 'metadata.json'));
    await new Promise((r) => setTimeout(r, 20));
    cpSync(join(v2, 'weights.bin'), join(v4, 'weights.bin'));
    cpSync(join(v2, 'model.json'), join(v4, 'model.json'));
    for (let i = 0; i < 3; i++) await server.registry.poll();
    expect(logs.some((l) => l.includes(v4))).toBe(false);
    writeFileSync(join(v4, 'metadata.json'), readFileSync(join(v2, 'metadata.json')));
    // a scan already running may have started before the write; the next one sees it
    await server.registry.poll();
    await server.registry.poll();
    expect(logs.some((l) => l.includes(`loaded from ${v4}`))).toBe(true);
    expect((await predict('rolling', [SCAN])).status).toBe(200);
  });
});
