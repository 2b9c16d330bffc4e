// `ziem assets import` and `ziem intel import` against a real Kafka broker: the topic is created
// compacted with one partition, one record per address (key the address, value the JSON the
// ASSETS table reads), a re-import updates in place; a bad file writes nothing (not even the
// topic); an existing topic that is not compacted is refused, naming why. The embedded engine on
// Kafka then creates ASSETS (ksql/V000019) over the imported topic without complaint. `ziem alerts`
// reads ALERTS_ENRICHED (the names) once that topic exists, and ALERTS with --raw.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigResourceTypes } from 'kafkajs';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { runImport } from '../../../cli/inventory/import.js';
import { run as runAlerts } from '../../../cli/alerts/alerts.js';
import { InventoryFileError } from '../../../cli/inventory/inventory-error.js';
import { startKafkaEngine } from '../../../engine/server/kafka-engine.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';

let stack: TestStack;
let ctx: Context;
let kafka: Kafka;
const out: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'ziem-assets-import-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(tmp, name), text);
  return join(tmp, name);
};

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  const config = loadConfig({ env: {}, cwd: resolve('.'), flags: { 'kafka.bootstrap': stack.bootstrap } });
  ctx = makeContext({
    config,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: () => true },
    json: true,
  });
  kafka = new Kafka({ clientId: 'assets-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await stack?.stop();
});

async function topicFacts(topic: string): Promise<{ partitions: number; policy: string } | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const c = await admin.describeConfigs({
      resources: [{ type: 2 as ConfigResourceTypes, name: topic, configNames: ['cleanup.policy'] }],
      includeSynonyms: false,
    });
    return { partitions: meta!.partitions.length, policy: c.resources[0]!.configEntries[0]!.configValue };
  } finally {
    await admin.disconnect();
  }
}

async function records(topic: string, count: number): Promise<Array<[string, string]>> {
  const consumer = kafka.consumer({ groupId: `assets-test-${Math.random().toString(16).slice(2)}` });
  await consumer.connect();
  const got: Array<[string, string]> = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push([message.key!.toString(), message.value!.toString()]);
          if (got.length === count) done();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe('ziem assets import on Kafka', () => {
  it('creates the compacted topic and writes one keyed record per asset; a re-import updates', async () => {
    const csv = file('inv.csv', 'ip,name,owner,criticality\n10.0.0.5,db-1,dba,critical\n10.0.0.6,printer,,low\n');
    const r = await runImport(ctx, { kind: 'assets', file: csv });
    expect(r).toEqual({ kind: 'assets', file: csv, topic: 'ziem-assets', records: 2, topicState: 'created' });
    expect(JSON.parse(out.at(-1)!)).toEqual(r);
    expect(await topicFacts('ziem-assets')).toEqual({ partitions: 1, policy: 'compact' });
    const again = file('inv2.csv', 'ip,name,owner,criticality\n10.0.0.6,printer-2,facilities,medium\n');
    expect((await runImport(ctx, { kind: 'assets', file: again })).topicState).toBe('existing');
    expect(await records('ziem-assets', 3)).toEqual([
      ['10.0.0.5', '{"NAME":"db-1","OWNER":"dba","CRITICALITY":"critical"}'],
      ['10.0.0.6', '{"NAME":"printer","OWNER":null,"CRITICALITY":"low"}'],
      ['10.0.0.6', '{"NAME":"printer-2","OWNER":"facilities","CRITICALITY":"medium"}'],
    ]);
  });

  it('the migration creates ASSETS over the imported topic', async () => {
    const ke = await startKafkaEngine({ bootstrap: stack.bootstrap, serviceId: 'assets_', log: () => undefined });
    try {
      const sql = readFileSync('ksql/V000019__Assets.sql', 'utf8');
      const create = sql.slice(sql.indexOf('CREATE TABLE')).replace('${assets_topic}', 'ziem-assets');
      ke.engine.execute(create);
      expect(ke.engine.catalog.get('ASSETS')?.topic).toBe('ziem-assets');
    } finally {
      await ke.close();
    }
  });

  it('a bad file writes nothing, not even the topic', async () => {
    const bad = file('bad.csv', 'ip,name,owner,criticality\n10.0.0.7,ok,me,low\n10.0.0.8,,me,low\n');
    const err = await runImport(ctx, { kind: 'assets', file: bad, topic: 'assets-bad' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryFileError);
    expect((err as Error).message).toContain(`${bad}:3: field name is empty`);
    expect(await topicFacts('assets-bad')).toBeUndefined();
  });

  it('refuses an existing topic that is not compacted', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'intel-plain', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const list = file('bad.txt', '203.0.113.5,feed,c2\n');
    await expect(runImport(ctx, { kind: 'intel', file: list, topic: 'intel-plain' })).rejects.toThrow(
      'topic intel-plain exists but its cleanup.policy is "delete", not compact',
    );
    const r = await runImport(ctx, { kind: 'intel', file: list });
    expect(r).toMatchObject({ topic: 'ziem-intel', records: 1, topicState: 'created' });
    expect(await records('ziem-intel', 1)).toEqual([['203.0.113.5', '{"INTEL_SOURCE":"feed","DESCRIPTION":"c2"}']]);
  });
});

describe('ziem alerts with ALERTS_ENRICHED', () => {
  it('prints the asset names from ALERTS_ENRICHED where it exists, ALERTS itself with --raw', async () => {
    const alert = {
      KIND: 'PORT_SCAN',
      SRC: '10.0.0.9',
      DST: '10.0.0.5',
      WINDOW_START: 1_795_659_120_000,
      WINDOW_END: 1_795_659_130_000,
      SCORE: 100,
      REASON: '100 destination ports',
      ATTACK_CLASS: null,
      CLASS_PROBABILITY: null,
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'ALERTS', messages: [{ value: JSON.stringify(alert) }] });
    const human = makeContext({
      config: ctx.config,
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: () => true },
    });
    out.length = 0;
    await runAlerts(human, {});
    expect(out.join('')).not.toContain('victim');
    await producer.send({
      topic: 'ALERTS_ENRICHED',
      messages: [
        {
          key: '10.0.0.9',
          value: JSON.stringify({ ...alert, VICTIM_NAME: 'db-1', VICTIM_CRITICALITY: 'critical', ATTACKER_NAME: null }),
        },
      ],
    });
    await producer.disconnect();
    out.length = 0;
    await runAlerts(ctx, {});
    expect(JSON.parse(out.join(''))).toMatchObject({
      kind: 'PORT_SCAN',
      victimName: 'db-1',
      victimCriticality: 'critical',
    });
    expect(JSON.parse(out.join(''))).not.toHaveProperty('attackerName');
    out.length = 0;
    await runAlerts(human, { raw: true });
    expect(out.join('')).toContain('PORT_SCAN');
    expect(out.join('')).not.toContain('victim db-1');
    out.length = 0;
    await runAlerts(human, {});
    expect(out.join('')).toContain('victim db-1 (critical)  100 destination ports');
  });
});
