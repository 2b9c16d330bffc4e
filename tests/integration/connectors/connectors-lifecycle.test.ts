// `ziem connectors` against the real local stack (Kafka, Connect with the Neo4j sink, Neo4j), started
// once: dry run, create with secret placeholders, idempotent re-apply, update, adding a file, a task
// that FAILS (unknown Neo4j user) reported by status and apply, fixed and restarted, then delete.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import type { Admin, Producer } from 'kafkajs';
import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { ConnectClient } from '../../../core/connect/connect-client.js';
import { runConnectorsApply } from '../../../cli/connectors/apply.js';
import { runConnectorsStatus } from '../../../cli/connectors/status.js';
import { runConnectorsRestart } from '../../../cli/connectors/restart.js';
import { runConnectorsDelete } from '../../../cli/connectors/delete.js';
import { runCli } from '../../../cli/main.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { scalar, testDriver, waitFor } from '../support/graph-checks.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/connectors');
const SINK_PASSWORD = 'zt-sink-pw-4f9c2e71';

let stack: TestStack;
let admin: Admin;
let producer: Producer;
let driver: Driver;
let connect: ConnectClient;
let work: string;
let dir: string;

interface Run {
  ctx: Context;
  out: () => string;
  err: () => string;
}

/** A fresh context per command, as the CLI builds one per process, with captured output. */
function cli(json = false): Run {
  let out = '';
  let err = '';
  const env = {
    ZIEM_NEO4J_URI: stack.boltUrl,
    ZIEM_NEO4J_PASSWORD: stack.neo4jPassword,
    ZT_SINK_PASSWORD: SINK_PASSWORD,
  };
  const config = loadConfig({
    env: {},
    cwd: work,
    flags: {
      stateDir: join(work, 'state'),
      'connect.url': stack.connectUrl,
      'connectors.dir': dir,
      'connectors.timeoutMs': 60_000,
    },
  });
  const ctx = makeContext({
    config,
    json,
    env,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { ctx, out: () => out, err: () => err };
}

function addFixture(file: string): void {
  copyFileSync(join(FIXTURES, file), join(dir, file));
}

function expectNoSecrets(text: string): void {
  for (const s of [stack.neo4jPassword, SINK_PASSWORD]) expect(text).not.toContain(s);
}

beforeAll(async () => {
  // Connect's worker resolves the placeholders from its own environment, as a real deployment's
  // does: ZIEM_NEO4J_* are the stack's own, the alerts sink's password is inherited from here
  process.env['ZT_SINK_PASSWORD'] = SINK_PASSWORD;
  stack = await startTestStack({ components: ['kafka', 'connect', 'neo4j'] });
  work = mkdtempSync(join(tmpdir(), 'ziem-connectors-'));
  // the connectors directory holds only what a test step adds
  dir = join(work, 'connectors');
  mkdirSync(dir);
  addFixture('hosts-sink.json');
  addFixture('sink.properties');
  const kafka = new Kafka({ clientId: 'ziem-connectors-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'zt-hosts' }, { topic: 'zt-alerts' }], waitForLeaders: true });
  producer = kafka.producer();
  await producer.connect();
  driver = testDriver(stack.boltUrl, stack.neo4jUser, stack.neo4jPassword);
  connect = new ConnectClient({ baseUrl: stack.connectUrl });
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await driver?.close();
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('ziem connectors', () => {
  it('--dry-run plans a create with placeholders shown, secrets masked, and changes nothing', async () => {
    const r = cli();
    const res = await runConnectorsApply(r.ctx, { dryRun: true });
    expect(res.plan.steps.map((s) => [s.name, s.action])).toEqual([['zt-hosts-sink', 'create']]);
    expect(r.out()).toMatch(/^create\s+zt-hosts-sink \(connectors\/hosts-sink\.json\)/m);
    expect(r.out()).toContain('+ neo4j.authentication.basic.password = ${env:ZIEM_NEO4J_PASSWORD}');
    expect(r.out()).toContain('1 of 1 connectors would change');
    expectNoSecrets(r.out() + r.err());
    expect(await connect.connectors()).toEqual([]);
  });

  it('creates the connector with placeholders its worker resolves, waits for RUNNING, and the sink writes to Neo4j', async () => {
    const before = readFileSync(join(dir, 'hosts-sink.json'), 'utf8');
    const r = cli();
    const res = await runConnectorsApply(r.ctx, { dryRun: false });
    expect(res.applied).toEqual([
      { name: 'zt-hosts-sink', source: 'connectors/hosts-sink.json', action: 'create', state: 'RUNNING', tasks: 1 },
    ]);
    expect(r.err()).toContain('creating zt-hosts-sink');
    expect(r.out()).toMatch(/created\s+zt-hosts-sink .*: RUNNING, 1 task/);
    expectNoSecrets(r.out() + r.err());
    expect(readFileSync(join(dir, 'hosts-sink.json'), 'utf8')).toBe(before);
    // Connect holds the placeholder, its worker resolved it: the sink can log in and write
    expect((await connect.getConfig('zt-hosts-sink'))['neo4j.authentication.basic.password']).toBe(
      '${env:ZIEM_NEO4J_PASSWORD}',
    );
    await producer.send({ topic: 'zt-hosts', messages: [{ key: '"a"', value: JSON.stringify({ ip: '10.9.0.1' }) }] });
    await waitFor(
      'the host node',
      () => scalar(driver, "MATCH (h:ZtHost {ip: '10.9.0.1'}) RETURN count(h)"),
      (n) => n === 1,
      60_000,
    );
  });

  it('a re-apply changes nothing and says so', async () => {
    const r = cli(true);
    const res = await runConnectorsApply(r.ctx, { dryRun: false });
    expect(res.plan.steps.map((s) => s.action)).toEqual(['unchanged']);
    expect(r.err()).not.toContain('updating');
    expect(JSON.parse(r.out())).toMatchObject({
      dryRun: false,
      applied: [{ name: 'zt-hosts-sink', action: 'unchanged', state: 'RUNNING' }],
    });
  });

  it('an edited file updates only the keys that changed', async () => {
    const path = join(dir, 'hosts-sink.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"neo4j.batch-size": 500', '"neo4j.batch-size": 250'));
    const dry = cli();
    const plan = await runConnectorsApply(dry.ctx, { dryRun: true });
    expect(plan.plan.steps[0]).toMatchObject({
      action: 'update',
      changes: [{ key: 'neo4j.batch-size', kind: 'changed', from: '500', to: '250' }],
    });
    const r = cli();
    await runConnectorsApply(r.ctx, { dryRun: false });
    expect(r.out()).toMatch(/updated\s+zt-hosts-sink .*RUNNING/);
    expect((await connect.getConfig('zt-hosts-sink'))['neo4j.batch-size']).toBe('250');
  });

  it('after adding a file only the new connector is created', async () => {
    addFixture('alerts-sink.json');
    const r = cli();
    const res = await runConnectorsApply(r.ctx, { dryRun: false });
    expect(res.plan.steps.map((s) => [s.name, s.action])).toEqual([
      ['zt-alerts-sink', 'create'],
      ['zt-hosts-sink', 'unchanged'],
    ]);
    expect(res.applied.every((a) => a.state === 'RUNNING')).toBe(true);
    expect(r.err()).not.toContain('updating zt-hosts-sink');
    // a relative file placeholder reaches the worker with the connectors directory's absolute path
    expect((await connect.getConfig('zt-alerts-sink'))['neo4j.authentication.basic.username']).toBe(
      `${'$'}{file:${join(dir, 'sink.properties')}:neo4j.user}`,
    );
  });

  it('status --json and apply report a FAILED task with its trace', async () => {
    // user ziem_sink does not exist yet: the first write fails the task for good
    await producer.send({ topic: 'zt-alerts', messages: [{ key: '"a1"', value: JSON.stringify({ id: 'a1' }) }] });
    await waitFor(
      'the alerts task to fail',
      async () => (await connect.status('zt-alerts-sink')).tasks[0]?.state,
      (s) => s === 'FAILED',
      60_000,
    );

    const st = cli(true);
    await runConnectorsStatus(st.ctx);
    const report = JSON.parse(st.out()) as {
      connectors: Array<{
        name: string;
        state: string;
        source?: string;
        tasks: Array<{ state: string; trace?: string }>;
      }>;
    };
    expect(report.connectors.map((c) => [c.name, c.state, c.source])).toEqual([
      ['zt-alerts-sink', 'RUNNING', 'connectors/alerts-sink.json'],
      ['zt-hosts-sink', 'RUNNING', 'connectors/hosts-sink.json'],
    ]);
    const alerts = report.connectors[0];
    expect(alerts?.tasks[0]?.state).toBe('FAILED');
    expect(alerts?.tasks[0]?.trace).toMatch(/credentials/);

    const human = cli();
    await runConnectorsStatus(human.ctx);
    expect(human.out()).toMatch(/zt-alerts-sink\s+sink\s+RUNNING\s+0\/1 RUNNING/);
    expect(human.out()).toMatch(/task 0 FAILED on .*credentials/);

    const r = cli();
    await expect(runConnectorsApply(r.ctx, { dryRun: false })).rejects.toMatchObject({
      code: 'CONNECTORS_NOT_RUNNING',
      message: expect.stringContaining('zt-alerts-sink (FAILED)'),
    });
    // the whole trace, Connect's wrapper first, then the sink's own reason among the causes
    expect(r.err()).toMatch(
      /zt-alerts-sink task 0 FAILED on worker [^\n]*:\n {4}org\.apache\.kafka\.connect\.errors\.ConnectException: Exiting WorkerSinkTask[\s\S]*Caused by: .*credentials/,
    );
    expectNoSecrets(r.out() + r.err() + st.out() + human.out());
  });

  it('restart brings the failed task back once the cause is fixed', async () => {
    await driver.executeQuery(
      `CREATE USER ziem_sink SET PASSWORD '${SINK_PASSWORD}' CHANGE NOT REQUIRED`,
      {},
      { database: 'system' },
    );
    const r = cli();
    const res = await runConnectorsRestart(r.ctx, { name: 'zt-alerts-sink', all: false });
    expect(res).toEqual({ name: 'zt-alerts-sink', restarted: ['task 0'], state: 'RUNNING', tasks: 1 });
    expect(r.out()).toContain('zt-alerts-sink: RUNNING, 1 task(s) (restarted task 0)');
    // the record that failed the task is redelivered: its offset was never committed
    await waitFor(
      'the alert node',
      () => scalar(driver, "MATCH (a:ZtAlert {id: 'a1'}) RETURN count(a)"),
      (n) => n === 1,
      60_000,
    );
    await expect(runConnectorsRestart(cli().ctx, { name: 'no-such-connector', all: false })).rejects.toMatchObject({
      code: 'CONNECTOR_NOT_FOUND',
    });
  });

  it('delete removes the connector, warns that its file remains, and rejects unknown names', async () => {
    const r = cli();
    await runConnectorsDelete(r.ctx, { name: 'zt-hosts-sink' });
    expect(await connect.connectors()).toEqual(['zt-alerts-sink']);
    expect(r.out()).toBe('deleted zt-hosts-sink\n');
    expect(r.err()).toContain('connectors/hosts-sink.json still describes zt-hosts-sink');
    await expect(runConnectorsDelete(cli().ctx, { name: 'zt-hosts-sink' })).rejects.toThrow(
      /no connector named zt-hosts-sink on Kafka Connect at http/,
    );
    const plan = await runConnectorsApply(cli().ctx, { dryRun: true });
    expect(plan.plan.steps.map((s) => [s.name, s.action])).toEqual([
      ['zt-alerts-sink', 'unchanged'],
      ['zt-hosts-sink', 'create'],
    ]);
  });

  it('a config Connect rejects fails the apply naming the file and the setting', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        name: 'zt-broken',
        config: {
          'connector.class': 'org.neo4j.connectors.kafka.sink.Neo4jConnector',
          topics: 'zt-hosts',
          'tasks.max': 'many',
        },
      }),
    );
    try {
      const err = await runConnectorsApply(cli().ctx, { dryRun: false }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CONNECT', status: 400 });
      expect((err as Error).message).toMatch(
        /^connectors\/broken\.json: Kafka Connect PUT \/connectors\/zt-broken\/config failed with HTTP 400: .*tasks\.max/s,
      );
      expect(await connect.connectors()).not.toContain('zt-broken');
    } finally {
      rmSync(broken);
    }
  });

  it('the ziem command wires it all: --json status, exit 0 for a dry run, exit 1 and a message for an unknown name', async () => {
    const io = () => {
      const o = { out: '', err: '' };
      const env = {
        ZIEM_CONNECT_URL: stack.connectUrl,
        ZIEM_CONNECTORS_DIR: dir,
        ZIEM_NEO4J_URI: stack.boltUrl,
        ZIEM_NEO4J_PASSWORD: stack.neo4jPassword,
        ZT_SINK_PASSWORD: SINK_PASSWORD,
      };
      return {
        o,
        io: {
          stdout: { write: (t: string) => (o.out += t) },
          stderr: { write: (t: string) => (o.err += t) },
          env,
          cwd: work,
        },
      };
    };
    const a = io();
    expect(await runCli(['--json', 'connectors', 'status'], a.io)).toBe(0);
    expect((JSON.parse(a.o.out) as { connectors: Array<{ name: string }> }).connectors.map((c) => c.name)).toEqual([
      'zt-alerts-sink',
      'zt-hosts-sink',
    ]);
    const b = io();
    expect(await runCli(['connectors', 'apply', '--dry-run'], b.io)).toBe(0);
    expect(b.o.out).toContain('create    zt-hosts-sink (connectors/hosts-sink.json)');
    expectNoSecrets(b.o.out + b.o.err);
    const c = io();
    expect(await runCli(['connectors', 'restart', 'nope'], c.io)).toBe(1);
    expect(c.o.err).toContain('error: no connector named nope on Kafka Connect at ' + stack.connectUrl);
    expect(c.o.out).toBe('');
  });
});
