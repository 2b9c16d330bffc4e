// Aggregation state in a compacted changelog topic, on a real Kafka: the topic is named as ksqlDB
// names it and holds the latest state per key and window; a restarted server restores from it
// without reading the source again (its records are deleted before the restart) and continues
// with the right counts; DROP and TERMINATE delete the changelog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { startEngineServer, stopEngineServer, type EngineServer } from './engine-server.js';
import { json, testKafka, waitFor, type TestKafka } from './kafka-helpers.js';
import { EARLIEST, ksql } from './rest-helpers.js';

const SERVICE = 'clog_';
/** The query's consumer group and changelog, named after its id once it is created. */
let GROUP = '';
let CHANGELOG = '';
const KEYS = 8;
const WINDOW = 60_000;
// an hour ago, on a minute: the broker's retention keeps every record
const BASE = Math.floor(Date.now() / WINDOW) * WINDOW - 3_600_000;
const record = (i: number): { key: string; value: string; timestamp: number } => ({
  key: `k${i % KEYS}`,
  value: JSON.stringify({ V: i % 5 }),
  timestamp: BASE + i * 100,
});

let stack: TestStack;
let tk: TestKafka;
let running: EngineServer | undefined;

const startServer = (): Promise<EngineServer> => startEngineServer(stack.bootstrap, SERVICE);

async function stopServer(): Promise<void> {
  await stopEngineServer(running);
  running = undefined;
}

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
});

afterAll(async () => {
  await stopServer();
  await tk?.close();
  await stack?.stop();
});

/** COUNT and SUM per key@windowStart over records [0, n). */
function expected(n: number): Map<string, { N: number; S: number }> {
  const m = new Map<string, { N: number; S: number }>();
  for (let i = 0; i < n; i++) {
    const r = record(i);
    const k = `${r.key}@${Math.floor(r.timestamp / WINDOW) * WINDOW}`;
    const cur = m.get(k) ?? { N: 0, S: 0 };
    m.set(k, { N: cur.N + 1, S: cur.S + (i % 5) });
  }
  return m;
}

/** The changelog compacted by hand: latest live entry per key, as key@windowStart → accumulators. */
async function changelogTable(): Promise<Map<string, { N: number; S: number }>> {
  const latest = new Map<string, { k: unknown; a: number[]; w: number[]; p: Record<string, number> } | null>();
  for (const r of await tk.read(CHANGELOG)) latest.set(r.key!.toString(), r.value === null ? null : (json(r) as never));
  const m = new Map<string, { N: number; S: number }>();
  for (const e of latest.values()) if (e) m.set(`${(e.k as string[])[0]}@${e.w[0]}`, { N: e.a[0]!, S: e.a[1]! });
  return m;
}

/** The output topic as a table: latest value per key@windowStart. */
async function outputTable(): Promise<Map<string, { N: number; S: number }>> {
  const m = new Map<string, { N: number; S: number }>();
  for (const r of await tk.read('AGG')) {
    const k = r.key!;
    m.set(
      `${k.subarray(0, k.length - 8).toString()}@${Number(k.readBigInt64BE(k.length - 8))}`,
      json(r) as { N: number; S: number },
    );
  }
  return m;
}

const caughtUp = (): Promise<boolean> => running!.ke.driver.caughtUp(GROUP, 'clog_ev');

describe('changelog-backed aggregation state', () => {
  it('keeps the latest state per key and window in a compacted changelog and restores from it', async () => {
    running = await startServer();
    await ksql(
      running.url,
      "CREATE STREAM EV (K STRING KEY, V INT) WITH (KAFKA_TOPIC='clog_ev', PARTITIONS=2, VALUE_FORMAT='JSON');",
    );
    // a long grace period: no window closes, so the changelog holds every key and window
    const created = await ksql(
      running.url,
      'CREATE TABLE AGG AS SELECT K, COUNT(*) AS N, SUM(V) AS S FROM EV WINDOW TUMBLING (SIZE 60 SECONDS, GRACE PERIOD 2 HOURS) GROUP BY K EMIT CHANGES;',
      EARLIEST,
    );
    const queryId = (created[0]!['commandStatus'] as { queryId: string }).queryId;
    GROUP = `_confluent-ksql-${SERVICE}query_${queryId}`;
    CHANGELOG = `${GROUP}-Aggregate-Aggregate-Materialize-changelog`;
    const FIRST = 3_300; // mid-window: the window open at the restart needs its restored count
    const TOTAL = 4_200;
    await tk.send(
      'clog_ev',
      Array.from({ length: FIRST }, (_, i) => record(i)),
    );
    await waitFor('the query to commit the first records', caughtUp, (done) => done, 20_000).catch(
      async (err: unknown) => {
        const plog = await tk.read(`${SERVICE}ksql_processing_log`);
        throw new Error(
          `${(err as Error).message}\ntopics: ${(await tk.admin.listTopics()).join(', ')}\n${plog
            .slice(0, 5)
            .map((r) => r.value?.toString())
            .join('\n')}`,
        );
      },
    );

    const meta = await tk.admin.fetchTopicMetadata({ topics: [CHANGELOG] });
    expect(meta.topics[0]!.partitions).toHaveLength(2);
    const cfg = await tk.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: CHANGELOG, configNames: ['cleanup.policy'] }],
    });
    expect(cfg.resources[0]!.configEntries[0]!.configValue).toBe('compact');
    expect(await changelogTable()).toEqual(expected(FIRST));

    await stopServer();
    // the source's records are gone: a restart can only get the state from the changelog
    const ends = await tk.admin.fetchTopicOffsets('clog_ev');
    await tk.admin.deleteTopicRecords({
      topic: 'clog_ev',
      partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
    });
    await tk.send(
      'clog_ev',
      Array.from({ length: TOTAL - FIRST }, (_, i) => record(FIRST + i)),
    );

    running = await startServer();
    await waitFor('the restarted query to catch up', caughtUp, (done) => done);
    const want = expected(TOTAL);
    const got = await waitFor(
      'the final AGG table',
      outputTable,
      (t) => t.size === want.size && [...want].every(([k, v]) => t.get(k)?.N === v.N),
    );
    expect(got).toEqual(want);
    expect(await changelogTable()).toEqual(want);
  });

  it('deletes the changelog when the table is dropped', async () => {
    expect(await tk.admin.listTopics()).toContain(CHANGELOG);
    await ksql(running!.url, 'DROP TABLE AGG DELETE TOPIC;');
    // the two deletions are queued one after the other: wait for both
    const left = await waitFor(
      'the changelog and table topics to go',
      () => tk.admin.listTopics(),
      (names) => !names.includes(CHANGELOG) && !names.includes('AGG'),
    );
    expect(left).not.toContain('AGG');
  });

  it('deletes the changelog when its query is terminated', async () => {
    const created = await ksql(
      running!.url,
      'CREATE TABLE AGG2 AS SELECT K, COUNT(*) AS N FROM EV WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY K EMIT CHANGES;',
      EARLIEST,
    );
    const queryId = (created[0]!['commandStatus'] as { queryId: string }).queryId;
    const changelog = `_confluent-ksql-${SERVICE}query_${queryId}-Aggregate-Aggregate-Materialize-changelog`;
    await waitFor(
      'the changelog topic to exist',
      () => tk.admin.listTopics(),
      (names) => names.includes(changelog),
    );
    await ksql(running!.url, `TERMINATE ${queryId};`);
    await waitFor(
      'the changelog topic to go',
      () => tk.admin.listTopics(),
      (names) => !names.includes(changelog),
    );
    expect(await tk.admin.listTopics()).toContain('AGG2');
  });
});
