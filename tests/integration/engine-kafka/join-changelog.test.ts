// Join state in compacted changelog topics, on a real Kafka: a stream-table join (packets enriched
// by an assets table keyed by IP) and a stream-stream join WITHIN a window keep their stores in
// changelogs named as ksqlDB names them; a restarted server restores them without reading the
// sources again (their records are deleted before the restart), so packets after the restart are
// still enriched with the assets sent before it, and a right row after the restart still joins a
// left row from before it. EXPLAIN (ksqlDB's queryDescription on /ksql) names the join, its
// changelogs and its repartition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { startEngineServer, stopEngineServer, type EngineServer } from './engine-server.js';
import { json, testKafka, waitFor, type TestKafka } from './kafka-helpers.js';
import { EARLIEST, ksql } from './rest-helpers.js';

const SERVICE = 'jclog_';
// an hour ago: the broker's retention keeps every record
const BASE = Date.now() - 3_600_000;

let stack: TestStack;
let tk: TestKafka;
let running: EngineServer | undefined;

const startServer = (): Promise<EngineServer> => startEngineServer(stack.bootstrap, SERVICE, () => undefined);

async function stopServer(): Promise<void> {
  await stopEngineServer(running);
  running = undefined;
}

/** Deletes every record of a topic so far: a restart cannot rebuild state from it. */
async function emptyTopic(topic: string): Promise<void> {
  const ends = await tk.admin.fetchTopicOffsets(topic);
  await tk.admin.deleteTopicRecords({
    topic,
    partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
  });
}

const caughtUp = async (group: string, topics: string[]): Promise<boolean> =>
  (await Promise.all(topics.map((t) => running!.ke.driver.caughtUp(group, t)))).every(Boolean);

async function created(sql: string): Promise<string> {
  const res = await ksql(running!.url, sql, EARLIEST);
  return `_confluent-ksql-${SERVICE}query_${(res[0]!['commandStatus'] as { queryId: string }).queryId}`;
}

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
  running = await startServer();
});

afterAll(async () => {
  await stopServer();
  await tk?.close();
  await stack?.stop();
});

describe('changelog-backed join state on Kafka', () => {
  it('stream-table and stream-stream joins restore their stores from their changelogs after a restart', async () => {
    // created here with the delete policy, so its records can be deleted before the restart (a
    // compacted topic refuses that)
    await tk.admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: 'jc_assets', numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'delete' }] }],
    });
    await ksql(
      running!.url,
      `CREATE TABLE ASSETS (IP STRING PRIMARY KEY, NAME STRING, CRIT INT) WITH (KAFKA_TOPIC='jc_assets', PARTITIONS=2, VALUE_FORMAT='JSON');
       CREATE STREAM PACKETS (SRC STRING KEY, DST STRING, BYTES INT) WITH (KAFKA_TOPIC='jc_packets', PARTITIONS=2, VALUE_FORMAT='JSON');
       CREATE STREAM DNS (IP STRING KEY, QNAME STRING) WITH (KAFKA_TOPIC='jc_dns', PARTITIONS=2, VALUE_FORMAT='JSON');`,
    );
    // enrichment by the destination: a value column, so ksqlDB would repartition the packets by it
    const enrich = await created(
      'CREATE STREAM ENRICHED AS SELECT A.IP, P.SRC, BYTES, NAME, CRIT FROM PACKETS P LEFT JOIN ASSETS A ON P.DST = A.IP;',
    );
    const seen = await created(
      'CREATE STREAM SEEN AS SELECT P.SRC, QNAME, BYTES FROM PACKETS P JOIN DNS D WITHIN 1 HOUR ON P.SRC = D.IP;',
    );
    const ASSET_LOG = `${enrich}-KafkaTopic_Right-Reduce-changelog`;
    const THIS_LOG = `${seen}-Join-this-join-store-changelog`;
    const OTHER_LOG = `${seen}-Join-other-join-store-changelog`;

    const assets = Array.from({ length: 20 }, (_, i) => ({
      key: `10.0.0.${i}`,
      value: JSON.stringify({ NAME: `host${i}`, CRIT: i % 4 }),
      timestamp: BASE,
    }));
    await tk.send('jc_assets', assets);
    // asset 10.0.0.3 is deleted, 10.0.0.4 renamed: the changelog keeps the latest state only
    await tk.send('jc_assets', [
      { key: '10.0.0.3', value: null, timestamp: BASE + 1 },
      { key: '10.0.0.4', value: JSON.stringify({ NAME: 'renamed', CRIT: 9 }), timestamp: BASE + 1 },
    ]);
    await waitFor('the joins to read the assets', () => caughtUp(enrich, ['jc_assets']), Boolean);
    await tk.send(
      'jc_packets',
      Array.from({ length: 10 }, (_, i) => ({
        key: `192.168.1.${i}`,
        value: JSON.stringify({ DST: `10.0.0.${i}`, BYTES: i }),
        timestamp: BASE + 100 + i,
      })),
    );
    await waitFor(
      'ENRICHED before the restart',
      () => tk.read('ENRICHED'),
      (r) => r.length === 10,
    );
    await waitFor(
      'both queries to commit',
      async () =>
        (await caughtUp(enrich, ['jc_packets', 'jc_assets'])) && (await caughtUp(seen, ['jc_packets', 'jc_dns'])),
      Boolean,
    );

    const topics = await tk.admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([ASSET_LOG, THIS_LOG, OTHER_LOG]));
    const cfg = await tk.admin.describeConfigs({
      includeSynonyms: false,
      resources: [ASSET_LOG, THIS_LOG].map((name) => ({ type: 2, name, configNames: ['cleanup.policy'] })),
    });
    expect(cfg.resources.map((r) => r.configEntries[0]!.configValue)).toEqual(['compact', 'compact']);
    expect((await tk.admin.fetchTopicMetadata({ topics: [ASSET_LOG] })).topics[0]!.partitions).toHaveLength(2);
    const latest = new Map<string, unknown>();
    for (const r of await tk.read(ASSET_LOG)) latest.set(r.key!.toString(), r.value === null ? null : json(r));
    expect([...latest.values()].filter((v) => v !== null)).toHaveLength(19);
    expect(latest.get('10.0.0.3') ?? null).toBeNull();

    const [explained] = await ksql(running!.url, `EXPLAIN ${enrich.split('query_')[1]!};`);
    const description = explained!['queryDescription'] as Record<string, unknown>;
    expect(explained!['@type']).toBe('queryDescription');
    expect(description['sources']).toEqual(['PACKETS', 'ASSETS']);
    expect(description['sinks']).toEqual(['ENRICHED']);
    const text = `${String(description['executionPlan'])}\n${String(description['topology'])}`;
    expect(text).toContain('Join LEFT STREAM_TABLE');
    expect(text).toContain('(Repartition BY DST)');
    expect(text).toContain(`State: changelog ${ASSET_LOG}`);
    expect(text).toContain(`${enrich}-Join-repartition`);

    await stopServer();
    // the sources' records are gone: the restarted queries can only get their state from the changelogs
    for (const t of ['jc_assets', 'jc_packets']) await emptyTopic(t);
    await tk.send(
      'jc_packets',
      [3, 4, 5, 25].map((i) => ({
        key: `192.168.1.${i}`,
        value: JSON.stringify({ DST: `10.0.0.${i}`, BYTES: 100 + i }),
        timestamp: BASE + 1_000 + i,
      })),
    );
    running = await startServer();
    // DNS answers after the restart join the packets from before it (restored window store)
    await tk.send('jc_dns', [
      { key: '192.168.1.7', value: JSON.stringify({ QNAME: 'seven.example' }), timestamp: BASE + 2_000 },
    ]);

    const enriched = await waitFor(
      'ENRICHED after the restart',
      () => tk.read('ENRICHED'),
      (r) => r.length === 14,
    );
    // the partitions interleave when read back: the packets after the restart are those of 100 bytes or more
    const after = enriched
      .map((r) => [r.key!.toString(), json(r)] as [string, { BYTES: number }])
      .filter(([, v]) => v.BYTES >= 100)
      .sort((a, b) => a[1].BYTES - b[1].BYTES);
    expect(after).toEqual([
      ['10.0.0.3', { SRC: '192.168.1.3', BYTES: 103, NAME: null, CRIT: null }],
      ['10.0.0.4', { SRC: '192.168.1.4', BYTES: 104, NAME: 'renamed', CRIT: 9 }],
      ['10.0.0.5', { SRC: '192.168.1.5', BYTES: 105, NAME: 'host5', CRIT: 1 }],
      ['10.0.0.25', { SRC: '192.168.1.25', BYTES: 125, NAME: null, CRIT: null }],
    ]);
    const joined = await waitFor(
      'SEEN after the restart',
      () => tk.read('SEEN'),
      (r) => r.length >= 1,
    );
    expect(joined.map((r) => [r.key!.toString(), json(r)])).toEqual([
      ['192.168.1.7', { QNAME: 'seven.example', BYTES: 7 }],
    ]);
  });

  it('EXPLAIN of a join statement (planned, not run) on /ksql shows the join and its repartition', async () => {
    const [explained] = await ksql(
      running!.url,
      'EXPLAIN CREATE STREAM X AS SELECT A.IP, NAME FROM PACKETS P JOIN ASSETS A ON P.DST = A.IP;',
    );
    const d = explained!['queryDescription'] as { id: string; executionPlan: string; fields: Array<{ name: string }> };
    expect(d.id).toBe('');
    expect(d.executionPlan).toContain('Join INNER STREAM_TABLE');
    expect(d.executionPlan).toContain('left: STREAM PACKETS AS P [topic jc_packets] (Repartition BY DST)');
    expect(d.executionPlan).toContain('right: TABLE ASSETS AS A [topic jc_assets] BY IP');
    expect(d.fields.map((f) => f.name)).toEqual(['IP', 'NAME']);
  });

  it('deletes the join changelogs when the stream is dropped', async () => {
    const before = await tk.admin.listTopics();
    const logs = before.filter((t) => t.includes('CSAS_ENRICHED') && t.endsWith('-changelog'));
    expect(logs.length).toBe(1);
    await ksql(running!.url, 'DROP STREAM ENRICHED DELETE TOPIC;');
    await waitFor(
      'the changelog to go',
      () => tk.admin.listTopics(),
      (names) => logs.every((l) => !names.includes(l)),
    );
  });
});
