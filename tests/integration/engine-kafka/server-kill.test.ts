// `kill -9` of `ziem ksql serve --kafka` in the middle of a windowed aggregation over 100,000
// records, then a restart: the command topic brings the query back, and the final table (latest
// value per key and window) equals the aggregation of every input record: none lost, none twice.
// The source's records before the committed position are deleted after the kill, so the state can
// only come back from the changelog, and the records redelivered after it must not count twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { json, testKafka, waitFor, type TestKafka } from './kafka-helpers.js';
import { EARLIEST, ksql } from './rest-helpers.js';
import { builtCli, freePort, kill9, startServer, type ServerProcess } from './server-process.js';

let stack: TestStack;
let tk: TestKafka;
let cli: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
  cli = await builtCli();
});

afterAll(async () => {
  if (server) await kill9(server);
  await tk?.close();
  await stack?.stop();
});

const TOTAL = 100_000;
const KEYS = 50;
// an hour ago, on a minute: recent enough that the broker's 7-day retention keeps every record
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const record = (i: number): { key: string; value: string; timestamp: number } => ({
  key: `k${i % KEYS}`,
  value: JSON.stringify({ V: i % 7 }),
  timestamp: BASE + i * 10,
});

/** The expected table: COUNT and SUM per key and 60 s window over every input record. */
function expected(): Map<string, { N: number; S: number }> {
  const m = new Map<string, { N: number; S: number }>();
  for (let i = 0; i < TOTAL; i++) {
    const r = record(i);
    const k = `${r.key}@${Math.floor(r.timestamp / 60_000) * 60_000}`;
    const cur = m.get(k) ?? { N: 0, S: 0 };
    m.set(k, { N: cur.N + 1, S: cur.S + (i % 7) });
  }
  return m;
}

/** The output topic as a table: latest value per (key, window start). */
async function table(): Promise<Map<string, { N: number; S: number }>> {
  const m = new Map<string, { N: number; S: number }>();
  for (const r of await tk.read('AGG')) {
    const k = r.key!;
    const name = k.subarray(0, k.length - 8).toString();
    const start = Number(k.readBigInt64BE(k.length - 8));
    m.set(`${name}@${start}`, json(r) as { N: number; S: number });
  }
  return m;
}

describe('kill -9 during a windowed aggregation', () => {
  it('restarts from the command topic and ends with the same table as an uninterrupted run', async () => {
    const port = await freePort();
    server = await startServer(cli, stack.bootstrap, port, 'kill_');
    await ksql(
      server.url,
      "CREATE STREAM EV (K STRING KEY, V INT) WITH (KAFKA_TOPIC='ev', PARTITIONS=1, VALUE_FORMAT='JSON');",
    );
    const created = await ksql(
      server.url,
      'CREATE TABLE AGG AS SELECT K, COUNT(*) AS N, SUM(V) AS S FROM EV WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY K EMIT CHANGES;',
      EARLIEST,
    );
    const queryId = (created[0]!['commandStatus'] as { queryId: string }).queryId;
    const all = Array.from({ length: TOTAL }, (_, i) => record(i));
    await tk.send('ev', all.slice(0, 40_000));
    await waitFor(
      'AGG outputs before the kill',
      () => tk.admin.fetchTopicOffsets('AGG'),
      (o) => o.some((p) => Number(p.high) > 0),
    ).catch(async (err: unknown) => {
      const plog = await tk.read('kill_ksql_processing_log');
      throw new Error(
        `${(err as Error).message}\nserver stderr:\n${server!.stderr()}\n${plog
          .slice(0, 3)
          .map((r) => r.value?.toString())
          .join('\n')}`,
      );
    });
    await kill9(server);
    const group = `_confluent-ksql-kill_query_${queryId}`;
    const changelog = `${group}-Aggregate-Aggregate-Materialize-changelog`;
    const cfg = await tk.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: changelog, configNames: ['cleanup.policy'] }],
    });
    expect(cfg.resources[0]!.configEntries[0]!.configValue).toBe('compact');
    const committed = (await tk.admin.fetchOffsets({ groupId: group, topics: ['ev'] }))[0]!.partitions;
    const upTo = committed
      .filter((p) => Number(p.offset) > 0)
      .map((p) => ({ partition: p.partition, offset: p.offset }));
    if (upTo.length > 0) await tk.admin.deleteTopicRecords({ topic: 'ev', partitions: upTo });
    await tk.send('ev', all.slice(40_000));
    server = await startServer(cli, stack.bootstrap, port, 'kill_');
    expect(server.stderr()).toContain('replaying 2 commands');
    const queries = JSON.stringify(await ksql(server.url, 'SHOW QUERIES;'));
    expect(queries).toContain('CTAS_AGG_1'); // numbered by its command's offset: CREATE STREAM is 0
    const want = expected();
    const got = await waitFor(
      'the final AGG table',
      table,
      (t) => t.size === want.size && [...want].every(([k, v]) => t.get(k)?.N === v.N),
      120_000,
    ).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\nserver stderr:\n${server!.stderr()}`);
    });
    expect(got).toEqual(want);
  });
});
