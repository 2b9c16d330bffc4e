// `ziem deploy` / `ziem destroy` on the local target, for real: the stack's JVMs, a netns sandbox,
// the capture agent, the engine server (a stack component) and the model server (from the built dist/), the migrations, the graph
// constraints and the sink connectors. A trained model is put in place first, so the warm-up is
// not part of this test. Checks the plan, convergence, restart of one part, `ziem alerts`, destroy.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { ephemeralConfig } from '../../../cli/stack/ephemeral-config.js';
import { freePort, isPortFree } from '../../../cli/stack/ports.js';
import { stackStatus } from '../../../cli/stack/status.js';
import { readState } from '../../../cli/sandbox/state.js';
import { deploy } from '../../../cli/targets/deploy.js';
import { computePlan } from '../../../cli/targets/local/local-target.js';
import { callsModel } from '../../../cli/targets/local/plan.js';
import { destroy } from '../../../cli/targets/destroy.js';
import { run as runAlerts } from '../../../cli/alerts/alerts.js';
import { captureRunning } from '../../../cli/targets/local/live-state.js';
import { graphSchemaPresent } from '../../../cli/graph/graph-schema.js';
import { modelDir, serviceHealthy, servicePid, stopService } from '../../../cli/model/model-service.js';
import { ksqlComponent } from '../../../cli/stack/component-ksql.js';
import { runningPid } from '../../../cli/stack/preflight.js';
import { runInfo } from '../../../cli/ksql/info.js';
import { openKsqlSession } from '../../../cli/ksql/ksql-session.js';
import { readTopicToEnd } from '../../../cli/alerts/topic-read.js';
import { attackAndDetect } from '../../../cli/sandbox/attacks/expect-detection.js';
import { trainModel } from '../../../udf-bridge/model-server/train.js';
import { testNetwork, leftovers } from '../sandbox/sandbox-fixture.js';
import { modelJobEnv } from '../../../cli/model/job-env.js';

const ROOT = join(import.meta.dirname, '../../..');
let ctx: Context;
let out: string[] = [];
let stateDir: string;
let prefix: string;

const ctxWith = (json = false): Context =>
  makeContext({
    config: ctx.config,
    stdout: { write: (s: string) => out.push(s) },
    stderr: process.stderr,
    env: process.env,
    json,
  });

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'ziem-deploy-'));
  const net = testNetwork();
  prefix = net.prefix;
  const config = await ephemeralConfig(stateDir, {
    'ksql.url': `http://127.0.0.1:${await freePort()}`,
    'sandbox.prefix': net.prefix,
    'sandbox.cidr': net.cidr,
    'ksql.migrationsDir': join(ROOT, 'ksql'),
    'connectors.dir': join(ROOT, 'connectors'),
  });
  ctx = makeContext({
    config,
    stdout: { write: (s: string) => out.push(s) },
    stderr: process.stderr,
    env: process.env,
  });
  // a small benign model, so deploy serves it instead of recording a warm-up
  const rows = Array.from({ length: 120 }, (_, i) =>
    JSON.stringify({
      features: [5 + (i % 40), 400 + 80 * (i % 40), 1 + (i % 3), 1 + (i % 4), 0.1, 0.1, 0, 0.05, 0.6, 0, 80],
    }),
  );
  const file = join(stateDir, 'benign.jsonl');
  writeFileSync(file, rows.join('\n') + '\n');
  await trainModel(modelJobEnv(ctx), {
    input: file,
    out: modelDir(stateDir),
    seed: 1,
    epochs: 3,
    batchSize: 32,
    learningRate: 0.005,
    fpr: 0.01,
  });
});

afterAll(async () => {
  if (ctx) await destroy(ctx, { purge: true }).catch(() => undefined);
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

/** The repository's migrations: the last version, and the last before the first that calls the model. */
function migrationVersions(): { last: number; rules: number } {
  const dir = join(import.meta.dirname, '../../../ksql');
  const files = readdirSync(dir)
    .filter((f) => /^V\d+__.*\.sql$/.test(f))
    .map((f) => ({
      version: Number(/^V(\d+)/.exec(f)?.[1]),
      model: callsModel(readFileSync(join(dir, f), 'utf8')),
    }))
    .sort((a, b) => a.version - b.version);
  const firstModel = files.find((f) => f.model)?.version ?? Infinity;
  return {
    last: files.at(-1)?.version ?? 0,
    rules: files.filter((f) => f.version < firstModel).at(-1)?.version ?? 0,
  };
}
const VERSIONS = migrationVersions();

describe('ziem deploy on the local target', () => {
  it('plans every step but the training on a fresh state directory', async () => {
    const plan = await computePlan(ctx);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'stack-up',
      'sandbox-up',
      'capture-start',
      'ksql-apply',
      'graph-schema',
      'connectors-apply',
      'model-serve',
      'ksql-apply',
      'ui-serve',
    ]);
    expect(plan.steps[0]).toEqual({ kind: 'stack-up', components: ['kafka', 'neo4j', 'connect', 'ksql'] });
    // the rules first; the model's alerts once the model serves, with its threshold
    expect(plan.steps[3]).toEqual({ kind: 'ksql-apply', from: undefined, to: VERSIONS.rules });
    expect(VERSIONS.rules).toBeLessThan(VERSIONS.last);
    expect(plan.steps[7]).toEqual({ kind: 'ksql-apply', from: VERSIONS.rules, to: VERSIONS.last, model: true });
    expect(plan.notes).toEqual([]);
  });

  it('applies the plan: every part runs and answers', async () => {
    out = [];
    const r = await deploy(ctx, { target: 'local' });
    expect(r.applied.map((a) => a.step)).toHaveLength(9);
    expect(out.join('')).toContain('plan (9 steps):');
    const status = await stackStatus(ctx);
    expect(status.every((c) => c.healthy)).toBe(true);
    expect(status.find((c) => c.name === 'ksql')?.version).toBe('0.29.0');
    expect(readState(stateDir)?.layout.bridge).toBe(`${prefix}br`);
    expect(captureRunning(ctx)).toBe(true);
    expect((await runInfo(ctxWith(true))).current).toBe(VERSIONS.last);
    // the engine scores with the served model: DESCRIBE FUNCTION answers, and V000023 got the model's threshold
    const meta = JSON.parse(readFileSync(join(modelDir(stateDir), 'metadata.json'), 'utf8')) as {
      threshold: { threshold: number };
    };
    const scores = await openKsqlSession(ctxWith(true)).client.ksql('SHOW QUERIES;');
    expect(JSON.stringify(scores)).toContain('HOST_SCORES');
    expect(JSON.stringify(scores)).toContain(`SCORE > ${meta.threshold.threshold}`);
    expect(await graphSchemaPresent(ctx)).toBe(true);
    const model = (await fetch(`http://${ctx.config.bindHost}:${ctx.config.modelServer.port}/v1/models/anomaly`).then(
      (x) => x.json(),
    )) as { model_version_status: Array<{ state: string }> };
    expect(model.model_version_status[0]?.state).toBe('AVAILABLE');
    // the network map serves the graph (on loopback, no token), never the database password
    expect(await serviceHealthy(ctx.config, 'ui')).toBe(true);
    // the map's API answers (its hosts from real sink data are checked in tests/integration/ui)
    const map = await fetch(`http://${ctx.config.bindHost}:${ctx.config.ui.port}/api/graph`).then((x) => x.text());
    expect(Array.isArray((JSON.parse(map) as { hosts: { ip: unknown } }).hosts.ip)).toBe(true);
    expect(map).not.toContain(ctx.secrets.at(-1) ?? '<none>');
    expect(out.join('')).not.toContain(ctx.secrets.at(-1) ?? '<none>');
  });

  it('converges: a second deploy has nothing to do', async () => {
    out = [];
    const r = await deploy(ctx, {});
    expect(r.plan.steps).toEqual([]);
    expect(r.applied).toEqual([]);
    expect(out.join('')).toContain('nothing to do');
  });

  it('restarts only the part that stopped', async () => {
    const old = servicePid(ctx.config, 'model');
    expect(await stopService(ctx.config, 'model', ctx.clock)).toBe(old);
    const plan = await computePlan(ctx);
    expect(plan.steps).toEqual([{ kind: 'model-serve' }]);
    await deploy(ctx, {});
    expect(await serviceHealthy(ctx.config, 'model')).toBe(true);
    expect(servicePid(ctx.config, 'model')).not.toBe(old);
  });

  it('`ziem alerts` prints the ALERTS records as lines or JSON lines and stops at the end', async () => {
    const kafka = new Kafka({ brokers: [ctx.config.kafka.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer();
    await p.connect();
    const value = {
      KIND: 'PORT_SCAN',
      SRC: '10.9.9.9',
      DST: '10.9.9.8',
      WINDOW_START: 1_795_659_170_000,
      WINDOW_END: 1_795_659_180_000,
      SCORE: 100,
      REASON: 'test',
    };
    await p.send({ topic: 'ALERTS', messages: [{ value: JSON.stringify(value) }, { value: null }] });
    await p.disconnect();
    // ALERTS itself holds the record as soon as the send is acknowledged
    out = [];
    await runAlerts(ctxWith(false), { raw: true });
    expect(out.join('')).toMatch(/PORT_SCAN\s+10\.9\.9\.9 → 10\.9\.9\.8 score 100/);
    // the default reads ALERTS_ENRICHED, which the deployed pipeline fills from ALERTS a moment later
    const deadline = Date.now() + 60_000;
    do {
      out = [];
      await runAlerts(ctxWith(false), {});
    } while (!/PORT_SCAN\s+10\.9\.9\.9/.test(out.join('')) && Date.now() < deadline);
    expect(out.join('')).toMatch(/PORT_SCAN\s+10\.9\.9\.9 → 10\.9\.9\.8 score 100/);
    out = [];
    await runAlerts(ctxWith(true), {});
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(lines).toEqual([expect.objectContaining({ kind: 'PORT_SCAN', src: '10.9.9.9', dst: '10.9.9.8' })]);
  });

  // The pipeline's part is played by the test: once the attack's label is written, the test writes
  // the PORT_SCAN record the rule would raise (a real pipeline may raise its own too; either matches).
  it('attack-sim --expect-detection runs the real attack and matches the alert that follows it', async () => {
    const kafka = new Kafka({ brokers: [ctx.config.kafka.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer();
    await p.connect();
    const attacker = readState(stateDir)!.layout.hosts.find((h) => h.role === 'attacker')!.ip;
    const alert = (ws: number, src: string): { value: string } => ({
      value: JSON.stringify({
        KIND: 'PORT_SCAN',
        SRC: src,
        DST: '10.0.0.1',
        WINDOW_START: ws,
        WINDOW_END: ws + 10_000,
        SCORE: 100,
        REASON: 'test',
      }),
    });
    await p.send({ topic: 'ALERTS', messages: [alert(Date.now() - 120_000, attacker)] }); // an old scan: not this run
    const before = (await readTopicToEnd(ctx.config.kafka.bootstrap, 'ziem-attack-labels')).length;
    const detection = attackAndDetect(ctxWith(false), 'portscan', {}, 30_000);
    let label: { startedAt: number } | undefined;
    while (!label) {
      const labels = await readTopicToEnd(ctx.config.kafka.bootstrap, 'ziem-attack-labels');
      if (labels.length > before) label = JSON.parse(labels.at(-1)!.toString()) as { startedAt: number };
      else await new Promise((r) => setTimeout(r, 200));
    }
    const ws = label.startedAt - (label.startedAt % 10_000);
    await p.send({ topic: 'ALERTS', messages: [alert(ws, '10.0.0.99'), alert(ws, attacker)] }); // another source, then ours
    await p.disconnect();
    const d = await detection;
    expect(d).toMatchObject({
      scenario: 'portscan',
      src: attacker,
      detected: true,
      alert: { kind: 'PORT_SCAN', src: attacker },
    });
    expect(d.seconds).toBeGreaterThanOrEqual(0);
    expect(d.seconds).toBeLessThan(30);
  });

  it('destroy undoes everything, and a second destroy has nothing to do', async () => {
    const ports = [
      ctx.config.kafka.port,
      ctx.config.connect.port,
      ctx.config.neo4j.boltPort,
      ctx.config.modelServer.port,
      ctx.config.ui.port,
      Number(new URL(ctx.config.ksql.url).port),
    ];
    const r = await destroy(ctx, {});
    expect([...r.stopped].sort()).toEqual(['capture', 'connect', 'kafka', 'ksql', 'model', 'neo4j', 'sandbox', 'ui']);
    expect(await leftovers(prefix)).toEqual([]);
    expect(captureRunning(ctx)).toBe(false);
    expect(runningPid(ksqlComponent, ctx.config, ctx.log)).toBeUndefined();
    for (const port of ports) expect(await isPortFree(ctx.config.bindHost, port), `port ${port}`).toBe(true);
    expect((await destroy(ctx, {})).stopped).toEqual([]);
  });
});
