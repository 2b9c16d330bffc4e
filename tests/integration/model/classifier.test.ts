// The supervised attack classifier end to end: a seeded campaign through the real ksql/ pipeline,
// `ziem model dataset` joining HOST_WINDOWS to the ground truth, `ziem model train --supervised`
// with its split by run, `ziem model evaluate` on the held-out runs, and the model server's
// :predict (class probabilities) and :classify (TF Serving's classification shape) over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as runDataset } from '../../../cli/model/dataset-command.js';
import { run as runTrain } from '../../../cli/model/train-command.js';
import { run as runEvaluate } from '../../../cli/model/evaluate-command.js';
import { startModelServer, type RunningServer } from '../../../udf-bridge/model-server/serve.js';
import { TRAIN_DEFAULTS } from '../../../udf-bridge/model-server/train.js';
import { ModelError } from '../../../udf-bridge/model-server/model-error.js';
import { runCampaign } from '../../fixtures/model/campaign.js';
import { DEFAULT_MEMBERS, trainEnsemble } from '../../../udf-bridge/model-server/supervised/classifier-ensemble.js';
import { classProbabilities } from '../../../udf-bridge/model-server/supervised/classifier-net.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { remoteFunctionSettings } from '../../../engine/exec/functions/remote-settings.js';
import { capturedContext, tempDir } from './model-harness.js';

const tmp = tempDir('ziem-classifier-');
const windowsFile = join(tmp.dir, 'host-windows.jsonl');
const labelsFile = join(tmp.dir, 'labels.jsonl');
const dataset = join(tmp.dir, 'ds.jsonl');
const modelDir = join(tmp.dir, 'models', 'attack-class');
let server: RunningServer | undefined;

const jsonl = (rows: readonly unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const trainOpts = { ...TRAIN_DEFAULTS, input: dataset, out: modelDir, epochs: 60, supervised: true };

let summary: { windows: number; byClass: Record<string, number> };

beforeAll(async () => {
  const c = runCampaign(11, 8);
  writeFileSync(windowsFile, jsonl(c.windows));
  writeFileSync(labelsFile, jsonl(c.labels));
  const { ctx, out } = capturedContext(tmp.dir, true);
  await runDataset(ctx, { from: windowsFile, labels: labelsFile, out: dataset });
  summary = JSON.parse(out.join('')) as typeof summary;
});

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('ziem model dataset', () => {
  it("labels the attacker's windows with each run's technique and family, every other window normal", () => {
    expect(Object.keys(summary.byClass).sort()).toEqual([
      'host-sweep',
      'normal',
      'port-scan',
      'ssh-brute-force',
      'syn-flood',
    ]);
    const ds = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ds).toHaveLength(summary.windows);
    const pairs = new Set(ds.map((d) => `${String(d['technique'])} ${String(d['class'])}`));
    expect([...pairs].sort()).toEqual([
      'bruteforce ssh-brute-force',
      'icmp-sweep host-sweep',
      'normal normal',
      'portscan-syn port-scan',
      'synflood syn-flood',
    ]);
    // victims answer the attacker but are not attackers: their windows stay normal
    expect(ds.filter((d) => d['src'] !== '10.77.0.5').every((d) => d['class'] === 'normal')).toBe(true);
    // one run id per run: 8 runs of each of 4 techniques
    const attackRuns = new Set(ds.filter((d) => d['class'] !== 'normal').map((d) => d['run']));
    expect(attackRuns.size).toBe(32);
  });

  it('names the file and line of a malformed record', async () => {
    const bad = join(tmp.dir, 'bad-labels.jsonl');
    writeFileSync(bad, '{"scenario":"portscan","src":"10.77.0.5","startedAt":5,"endedAt":1}\n');
    const { ctx } = capturedContext(tmp.dir);
    await expect(runDataset(ctx, { from: windowsFile, labels: bad, out: join(tmp.dir, 'x.jsonl') })).rejects.toThrow(
      `${bad}:1: fields startedAt, endedAt`,
    );
  });
});

describe('ziem model train --supervised', () => {
  it('holds out whole runs and classifies them: macro F1 ≥ 0.9, normal called an attack < 0.1 %', async () => {
    const { ctx, out } = capturedContext(tmp.dir);
    await runTrain(ctx, trainOpts);
    expect(out.join('')).toContain('held-out macro F1');
    const meta = JSON.parse(readFileSync(join(modelDir, 'metadata.json'), 'utf8'));
    expect(meta.format).toBe('ziem-attack-classifier/1');
    expect(meta.classes[0]).toBe('normal');
    const ds = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { run: string });
    const held = new Set<string>(meta.training.heldOutRuns);
    expect(held.size).toBeGreaterThanOrEqual(5);
    // no run has windows on both sides of the split
    expect(meta.training.heldOutRows).toBe(ds.filter((d) => held.has(d.run)).length);
    const e = capturedContext(tmp.dir, true);
    await runEvaluate(e.ctx, { model: modelDir, input: dataset, heldOut: true });
    const text = capturedContext(tmp.dir);
    await runEvaluate(text.ctx, { model: modelDir, input: dataset, heldOut: true });
    expect(text.out.join('')).toMatch(/macro F1 \d\.\d{4}\s+normal windows called an attack/);
    expect(text.out.join('')).toContain('at the operating point (an attack only at p ≥ 0.9)');
    expect(text.out.join('')).toMatch(/\nportscan-syn\s+port-scan\s+\d+\s+\d\.\d{3}\s+\d\.\d{3}/);
    interface Report {
      macroF1: number;
      normalAsAttackRate: number;
      samples: number;
      confusion: number[][];
    }
    const report = JSON.parse(e.out.join('')) as Report & {
      minProbability: number;
      atMinProbability: Report;
      techniques: Array<{ technique: string; class: string; windows: number; recallAtMinProbability: number }>;
    };
    expect(report.samples).toBe(meta.training.heldOutRows);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(report.normalAsAttackRate).toBeLessThan(0.001);
    // at the pipeline's operating point: the same bars
    expect(report.minProbability).toBe(0.9);
    expect(report.atMinProbability.samples).toBe(report.samples);
    expect(report.atMinProbability.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(report.atMinProbability.normalAsAttackRate).toBeLessThan(0.001);
    // every technique held out, its windows counted once
    expect(report.techniques.map((t) => t.technique).sort()).toEqual([
      'bruteforce',
      'icmp-sweep',
      'normal',
      'portscan-syn',
      'synflood',
    ]);
    expect(report.techniques.reduce((s, t) => s + t.windows, 0)).toBe(report.samples);
    // a stricter operating point calls no more windows an attack
    const strict = capturedContext(tmp.dir, true);
    await runEvaluate(strict.ctx, { model: modelDir, input: dataset, heldOut: true, minProbability: '0.999' });
    const s = JSON.parse(strict.out.join('')) as { atMinProbability: Report };
    const attacksCalled = (c: number[][]): number =>
      c.reduce((n, row) => n + row.slice(1).reduce((a, b) => a + b, 0), 0);
    expect(attacksCalled(s.atMinProbability.confusion)).toBeLessThanOrEqual(
      attacksCalled(report.atMinProbability.confusion),
    );
  });

  it('refuses an operating point that is not a probability, naming the flag', async () => {
    const { ctx } = capturedContext(tmp.dir);
    await expect(
      runEvaluate(ctx, { model: modelDir, input: dataset, heldOut: true, minProbability: '2' }),
    ).rejects.toThrow(/--min-probability 2: expected a probability between 0 and 1/);
  });

  it('averages ten nets by default, each trained apart; --members outside 1..25 is refused before training', async () => {
    const meta = JSON.parse(readFileSync(join(modelDir, 'metadata.json'), 'utf8'));
    expect(meta.training.members).toBe(DEFAULT_MEMBERS);
    expect(DEFAULT_MEMBERS).toBe(10);
    const { ctx } = capturedContext(tmp.dir);
    await expect(runTrain(ctx, { ...trainOpts, out: join(tmp.dir, 'm0'), members: 0 })).rejects.toThrow(
      /--members 0: expected 1\.\.25/,
    );
    await expect(
      runTrain(ctx, { ...TRAIN_DEFAULTS, input: dataset, out: join(tmp.dir, 'm2'), members: 3 }),
    ).rejects.toThrow(/--members applies to the attack classifier only/);
  });

  it("the ensemble's output is the mean of its members' softmaxes", async () => {
    const x = new Float32Array([0.5, -1, 2, 0, 1, -0.5]);
    const targets = [0, 1, 2];
    const o = { seed: 3, epochs: 2, batchSize: 2, learningRate: 0.01 };
    const one = await trainEnsemble(2, 3, 1, x, targets, [1, 1, 1], o);
    const three = await trainEnsemble(2, 3, 3, x, targets, [1, 1, 1], o);
    expect(three.losses).toHaveLength(3);
    // member 0 of the ensemble is the single net of the same seed
    expect(three.losses[0]).toEqual(one.losses[0]);
    const p3 = await classProbabilities(three.model, x, 2);
    const members = await Promise.all(three.nets.map((n) => classProbabilities(n, x, 2)));
    expect(members[0]).toEqual(await classProbabilities(one.model, x, 2));
    p3.forEach((row, i) =>
      row.forEach((p, c) => expect(p).toBeCloseTo(members.reduce((a, m) => a + m[i]![c]!, 0) / 3, 6)),
    );
    // the members differ (their own seeds), so the mean is not any one of them
    expect(members[1]).not.toEqual(members[0]);
    one.model.dispose();
    three.model.dispose();
  });

  it('refuses a dataset of one class', async () => {
    const one = join(tmp.dir, 'one-class.jsonl');
    writeFileSync(one, jsonl([{ features: [1, 2], class: 'normal', run: 'a' }]));
    const { ctx } = capturedContext(tmp.dir);
    await expect(runTrain(ctx, { ...trainOpts, input: one, out: join(tmp.dir, 'm1') })).rejects.toThrow(ModelError);
  });
});

describe('the model server with a classifier', () => {
  beforeAll(async () => {
    server = await startModelServer({
      modelsDir: join(tmp.dir, 'models'),
      host: '127.0.0.1',
      port: 0,
      maxBatch: 64,
      maxBodyBytes: 64 * 1024,
      pollIntervalMs: 100,
      token: undefined,
      log: { info: () => undefined, warn: () => undefined },
    });
  });

  const post = async (verb: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${server!.url}/v1/models/attack-class:${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it(':predict gives class probabilities, :classify the classes ranked, for the same windows', async () => {
    const meta = JSON.parse(readFileSync(join(modelDir, 'metadata.json'), 'utf8'));
    const ds = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { features: number[]; class: string });
    const scan = ds.find((d) => d.class === 'port-scan')!;
    const normal = ds.find((d) => d.class === 'normal')!;
    const p = await post('predict', { instances: [scan.features, normal.features] });
    expect(p.status).toBe(200);
    const probs = p.json['predictions'] as number[][];
    expect(probs).toHaveLength(2);
    for (const row of probs) {
      expect(row).toHaveLength(meta.classes.length);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    }
    const named = Object.fromEntries(meta.featureNames.map((n: string, i: number) => [n, scan.features[i]]));
    const c = await post('classify', { examples: [named, { features: normal.features }] });
    expect(c.status).toBe(200);
    const result = c.json['result'] as Array<Array<[string, number]>>;
    expect(result[0]![0]![0]).toBe('port-scan');
    expect(result[1]![0]![0]).toBe('normal');
    expect(result[0]![0]![1]).toBeCloseTo(Math.max(...probs[0]!), 5);
    expect(result[0]!.map(([, s]) => s)).toEqual([...result[0]!.map(([, s]) => s)].sort((a, b) => b - a));
  });

  it(':classify names the example and feature of a bad request', async () => {
    const c = await post('classify', { examples: [{ f0: 1 }] });
    expect(c.status).toBe(400);
    expect(c.json['error']).toContain('examples[0]: feature "f1" is missing');
  });

  it('ATTACK_CLASS(features) in the embedded engine returns the top class of :classify', async () => {
    const ds = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { features: number[] });
    const vectors = [ds.find((d) => JSON.stringify(d).includes('"ssh-brute-force"'))!.features, ds[0]!.features];
    const driver = new MemoryDriver();
    const engine = new Engine({
      driver,
      props: { 'auto.offset.reset': 'earliest' },
      remoteFunctions: remoteFunctionSettings({
        'ksql.functions.attack_class.url': server!.url,
        'ksql.functions.attack_class.model': 'attack-class',
        'ksql.functions.attack_class.kind': 'classify',
      }),
    });
    engine.execute(
      "CREATE STREAM W (SRC STRING KEY, FEATURES ARRAY<DOUBLE>) WITH (KAFKA_TOPIC='w', VALUE_FORMAT='JSON', KEY_FORMAT='KAFKA', PARTITIONS=1);",
    );
    engine.execute("CREATE STREAM C WITH (KAFKA_TOPIC='c') AS SELECT SRC, ATTACK_CLASS(FEATURES) AS CLS FROM W;");
    vectors.forEach((f, i) =>
      driver.produce('w', {
        key: Buffer.from(`h${i}`),
        value: Buffer.from(JSON.stringify({ FEATURES: f })),
        timestamp: 1,
        headers: [],
        partition: 0,
      }),
    );
    const deadline = Date.now() + 10_000;
    while (driver.read('c').length < vectors.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const got = driver
      .read('c')
      .map((r) => (JSON.parse(r.value!.toString()) as { CLS: { LABEL: string; PROBABILITY: number } }).CLS);
    const direct = await post('classify', { examples: vectors.map((features) => ({ features })) });
    const expected = (direct.json['result'] as Array<Array<[string, number]>>).map((r) => r[0]!);
    expect(got.map((c) => [c.LABEL, c.PROBABILITY])).toEqual(expected);
    expect(got[0]!.LABEL).toBe('ssh-brute-force');
    await engine.close?.();
  });
});
