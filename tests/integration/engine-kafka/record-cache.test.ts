// On Kafka, an aggregation writes through ksqlDB's record cache unless the session turns it off:
// by default the table topic gets the latest count per key per batch, with
// 'ksql.streams.statestore.cache.max.bytes'='0' every update; either way the final counts are
// right. Keyed outputs land on the partition Kafka's Java client would choose (murmur2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { KafkaDriver } from '../../../engine/runtime/kafka-driver.js';
import { murmur2 } from '../../../core/kafka/java-partitioner.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';
import { json, testKafka, waitFor, type TestKafka } from './kafka-helpers.js';

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'];
const N = 5_000;

let stack: TestStack;
let tk: TestKafka;
let driver: KafkaDriver;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
  driver = await KafkaDriver.connect({ bootstrap: stack.bootstrap });
  await tk.admin.createTopics({ topics: [{ topic: 'clicks', numPartitions: 1 }], waitForLeaders: true });
  // all input first: the queries then read it in a few large batches
  await tk.send(
    'clicks',
    Array.from({ length: N }, (_, i) => ({ value: JSON.stringify({ NAME: NAMES[i % NAMES.length] }) })),
  );
  await driver.refreshTopics();
});

const CLICKS = "CREATE STREAM CLICKS (NAME STRING) WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON');";

afterAll(async () => {
  await driver?.close();
  await tk?.close();
  await stack?.stop();
});

/** Runs a grouped count to the end of the input and returns what its table topic holds. */
async function countInto(table: string, setup: string[]): Promise<TopicRecord[]> {
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest', 'ksql.service.id': 'cache_' } });
  try {
    engine.execute(CLICKS);
    for (const s of setup) engine.execute(s);
    engine.execute(
      `CREATE TABLE ${table} WITH (PARTITIONS=3) AS SELECT NAME, COUNT(*) AS N FROM CLICKS GROUP BY NAME EMIT CHANGES;`,
    );
    await driver.settle();
    await waitFor(
      `${table} to commit every input`,
      () => driver.caughtUp(`_confluent-ksql-cache_query_CTAS_${table}_0`, 'clicks'),
      (done) => done,
    );
    return await driver.snapshot(table);
  } finally {
    engine.close();
  }
}

function latest(records: TopicRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) out.set(r.key!.toString(), (json(r) as { N: number }).N);
  return out;
}

describe('record cache on Kafka', () => {
  it('writes the latest count per key per batch by default, on the Java client partition of each key', async () => {
    const out = await countInto('CACHED', []);
    expect(latest(out)).toEqual(new Map(NAMES.map((n) => [n, N / NAMES.length])));
    // merged: far fewer records than inputs (a few batches × 5 keys)
    expect(out.length).toBeLessThan(N / 10);
    for (const r of out) expect(r.partition, r.key!.toString()).toBe((murmur2(r.key!) & 0x7fffffff) % 3);
  });

  it("writes every update with 'ksql.streams.statestore.cache.max.bytes'='0'", async () => {
    const out = await countInto('EVERY', ["SET 'ksql.streams.statestore.cache.max.bytes'='0';"]);
    expect(out).toHaveLength(N);
    expect(latest(out)).toEqual(new Map(NAMES.map((n) => [n, N / NAMES.length])));
    const alice = out.filter((r) => r.key!.toString() === 'alice').map((r) => (json(r) as { N: number }).N);
    expect(alice).toEqual(Array.from({ length: N / NAMES.length }, (_, i) => i + 1));
  });

  it('refuses a cache size that is not a number, naming the property', () => {
    const engine = new Engine({ driver, props: { 'ksql.service.id': 'cache_' } });
    try {
      engine.execute(CLICKS);
      engine.execute("SET 'ksql.streams.statestore.cache.max.bytes'='ten megabytes';");
      expect(() => engine.execute('CREATE TABLE BAD AS SELECT NAME, COUNT(*) AS N FROM CLICKS GROUP BY NAME;')).toThrow(
        /property ksql.streams.statestore.cache.max.bytes: expected a number of bytes/,
      );
    } finally {
      engine.close();
    }
  });
});
