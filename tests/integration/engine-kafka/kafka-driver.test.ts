// The engine's persistent queries on a real Kafka broker through the Kafka driver: topics created
// with the given partitions and cleanup policy, outputs produced, offsets committed per query group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { KafkaDriver } from '../../../engine/runtime/kafka-driver.js';
import { KafkaDriverError } from '../../../engine/runtime/kafka-records.js';
import { freePort } from './server-process.js';
import { json, testKafka, waitFor, type TestKafka } from './kafka-helpers.js';

let stack: TestStack;
let tk: TestKafka;
let driver: KafkaDriver;
let engine: Engine;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
  driver = await KafkaDriver.connect({ bootstrap: stack.bootstrap });
  engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest', 'ksql.service.id': 'drv_' } });
});

afterAll(async () => {
  engine?.close();
  await driver?.close();
  await tk?.close();
  await stack?.stop();
});

describe('Kafka driver', () => {
  it('creates topics with the requested partitions and cleanup policy', async () => {
    engine.execute(
      "CREATE STREAM S1 (ID INT KEY, NAME STRING, AMOUNT DOUBLE) WITH (KAFKA_TOPIC='s1', PARTITIONS=3, VALUE_FORMAT='JSON');",
    );
    engine.execute(
      "CREATE TABLE T1 (ID INT PRIMARY KEY, NAME STRING) WITH (KAFKA_TOPIC='t1', PARTITIONS=2, VALUE_FORMAT='JSON');",
    );
    await driver.settle();
    const meta = await waitFor(
      'topic metadata',
      () => tk.admin.fetchTopicMetadata({ topics: ['s1', 't1'] }),
      () => true,
    );
    expect(meta.topics.find((t) => t.name === 's1')!.partitions).toHaveLength(3);
    expect(meta.topics.find((t) => t.name === 't1')!.partitions).toHaveLength(2);
    const cfg = await tk.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: 't1', configNames: ['cleanup.policy'] }],
    });
    expect(cfg.resources[0]!.configEntries[0]!.configValue).toBe('compact');
  });

  it('runs a projection and filter query, and commits only what it processed', async () => {
    engine.execute(
      'CREATE STREAM BIG AS SELECT ID, UCASE(NAME) AS NAME, AMOUNT * 2 AS DOUBLED FROM S1 WHERE AMOUNT > 10 EMIT CHANGES;',
    );
    await driver.settle();
    await driver.ready();
    const inputs = Array.from({ length: 300 }, (_, i) => ({
      key: null,
      value: JSON.stringify({ NAME: `n${i}`, AMOUNT: i % 20 }),
    }));
    await tk.send('s1', inputs);
    const out = await waitFor(
      'BIG outputs',
      () => tk.read('BIG'),
      (r) => r.length >= 135,
    );
    expect(out).toHaveLength(135);
    const values = out.map(json) as Array<{ NAME: string; DOUBLED: number }>;
    expect(values.every((v) => v.DOUBLED > 20 && v.NAME.startsWith('N'))).toBe(true);
    const spec = await waitFor(
      'BIG metadata',
      () => tk.admin.fetchTopicMetadata({ topics: ['BIG'] }),
      () => true,
    );
    expect(spec.topics[0]!.partitions).toHaveLength(3);
    const committed = await waitFor(
      'committed offsets',
      () => tk.admin.fetchOffsets({ groupId: '_confluent-ksql-drv_query_CSAS_BIG_0', topics: ['s1'] }),
      (r) => r[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0) === 300,
    );
    expect(committed[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0)).toBe(300);
  });

  it('keys a grouped count by the group column and writes the latest count per key', async () => {
    engine.execute('CREATE TABLE COUNTS AS SELECT NAME, COUNT(*) AS N FROM S1 GROUP BY NAME EMIT CHANGES;');
    await driver.settle();
    const out = await waitFor(
      'COUNTS outputs',
      () => tk.read('COUNTS'),
      (r) => r.length >= 300,
    );
    const latest = new Map<string, number>();
    for (const r of out) latest.set(r.key!.toString(), (json(r) as { N: number }).N);
    expect(latest.size).toBe(300);
    expect([...latest.values()].every((n) => n === 1)).toBe(true);
  });

  it('drops records still queued for a topic it deletes, so they hold up no later send', async () => {
    // a short produce deadline: a record sent to the deleted topic would fail the flush in 3 s
    const d = await KafkaDriver.connect({ bootstrap: stack.bootstrap, produceRetryMs: 3_000 });
    try {
      d.createTopic('doomed', { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
      d.createTopic('kept', { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
      await d.settle();
      const rec = (v: string) => ({
        key: null,
        value: Buffer.from(v),
        timestamp: Date.now(),
        headers: [],
        partition: 0,
      });
      d.produce('doomed', rec('{"X":1}'));
      const taken = d.flush();
      d.produce('doomed', rec('{"X":2}'));
      d.deleteTopic('doomed');
      await expect(taken).resolves.toBeUndefined();
      d.produce('kept', rec('{"X":3}'));
      await expect(d.settle()).resolves.toBeUndefined();
      expect((await tk.read('kept')).map((r) => r.value?.toString())).toEqual(['{"X":3}']);
    } finally {
      await d.close();
    }
  });

  it('keeps each topic in produced order while flushes to several topics are in flight together', async () => {
    const d = await KafkaDriver.connect({ bootstrap: stack.bootstrap });
    try {
      for (const t of ['lane-a', 'lane-b', 'lane-c'])
        d.createTopic(t, { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
      await d.settle();
      const flushes: Array<Promise<void>> = [];
      const settledInOrder: number[] = [];
      // 30 flushes, not awaited one by one: each carries 1..3 topics (big values: several requests)
      for (let f = 0; f < 30; f++) {
        for (const [i, t] of ['lane-a', 'lane-b', 'lane-c'].entries()) {
          if ((f + i) % 3 === 2) continue;
          for (let n = 0; n < 40; n++)
            d.produce(t, {
              key: null,
              value: Buffer.from(JSON.stringify({ F: f, N: n, PAD: 'x'.repeat(20_000) })),
              timestamp: Date.now(),
              headers: [],
              partition: 0,
            });
        }
        flushes.push(d.flush().then(() => void settledInOrder.push(f)));
      }
      await Promise.all(flushes);
      // a flush resolves only after every earlier one (a commit waits on it)
      expect(settledInOrder).toEqual([...Array(30).keys()]);
      for (const [i, t] of ['lane-a', 'lane-b', 'lane-c'].entries()) {
        const got = (await tk.read(t)).map((r) => {
          const v = JSON.parse(r.value!.toString()) as { F: number; N: number };
          return [v.F, v.N];
        });
        const want = [...Array(30).keys()]
          .filter((f) => (f + i) % 3 !== 2)
          .flatMap((f) => [...Array(40).keys()].map((n) => [f, n]));
        expect(got).toEqual(want);
      }
    } finally {
      await d.close();
    }
  });

  it('fails to connect with an error naming the bootstrap servers', async () => {
    const bootstrap = `127.0.0.1:${await freePort()}`;
    const err = await KafkaDriver.connect({ bootstrap }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaDriverError);
    expect((err as Error).message).toContain(`cannot connect to Kafka at ${bootstrap}`);
  });

  it('answers a snapshot of a topic with every record up to its end', async () => {
    const recs = await driver.snapshot('s1');
    expect(recs).toHaveLength(300);
    expect(new Set(recs.map((r) => r.partition)).size).toBeGreaterThan(1);
  });
});
