// The ksqlDB REST server on the Kafka driver, in process: the processing log topic and stream get
// every malformed record while every good one is processed, and a query survives a Kafka restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { startStack } from '../../../cli/stack/up.js';
import { stopStack } from '../../../cli/stack/down.js';
import { KsqlServer } from '../../../engine/server/server.js';
import { startKafkaEngine, type KafkaEngine } from '../../../engine/server/kafka-engine.js';
import { json, testKafka, waitFor, type TestKafka } from './kafka-helpers.js';
import { EARLIEST, ksql } from './rest-helpers.js';

let stack: TestStack;
let tk: TestKafka;
let ke: KafkaEngine;
let server: KsqlServer;
let url: string;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
  ke = await startKafkaEngine({
    bootstrap: stack.bootstrap,
    serviceId: 'plog_',
    log: (m) => process.stderr.write(`${m}\n`),
  });
  server = new KsqlServer({
    host: '127.0.0.1',
    port: 0,
    engine: ke.engine,
    commandTopic: ke.commandTopic,
    serviceId: 'plog_',
  });
  url = await server.start();
});

afterAll(async () => {
  await server?.close();
  await ke?.close();
  await tk?.close();
  await stack?.stop();
});

describe('processing log', () => {
  it('logs each of 1,000 malformed records and processes every good one', async () => {
    await ksql(
      url,
      "CREATE STREAM READINGS (ID INT, V DOUBLE) WITH (KAFKA_TOPIC='readings', PARTITIONS=2, VALUE_FORMAT='JSON');",
    );
    const r = await ksql(url, 'CREATE STREAM GOOD AS SELECT ID, V FROM READINGS EMIT CHANGES;', EARLIEST);
    const queryId = (r[0]!['commandStatus'] as { queryId: string }).queryId;
    const input = Array.from({ length: 6_000 }, (_, i) => ({
      key: String(i),
      value: i % 6 === 3 ? `{not json ${i}` : JSON.stringify({ ID: i, V: i / 2 }),
    }));
    await tk.send('readings', input);
    const out = await waitFor(
      'GOOD outputs',
      () => tk.read('GOOD'),
      (o) => o.length >= 5_000,
    );
    expect(new Set(out.map((o) => (json(o) as { ID: number }).ID)).size).toBe(5_000);
    const log = await waitFor(
      'processing log',
      () => tk.read('plog_ksql_processing_log'),
      (o) => o.length >= 1_000,
    );
    const entries = log.map(json) as Array<{
      LOGGER: string;
      LEVEL: string;
      MESSAGE: { TYPE: number; DESERIALIZATIONERROR: { ERRORMESSAGE: string; RECORDB64: string; topic: string } };
    }>;
    const mine = entries.filter((e) => e.LOGGER === `processing.${queryId}`);
    expect(mine).toHaveLength(1_000);
    expect(mine.every((e) => e.MESSAGE.TYPE === 0 && e.MESSAGE.DESERIALIZATIONERROR.topic === 'readings')).toBe(true);
    const bad = new Set(mine.map((e) => Buffer.from(e.MESSAGE.DESERIALIZATIONERROR.RECORDB64, 'base64').toString()));
    expect(bad).toEqual(new Set(input.filter((x) => x.value.startsWith('{not')).map((x) => x.value)));
    const streams = await ksql(url, 'SHOW STREAMS;');
    expect(JSON.stringify(streams)).toContain('KSQL_PROCESSING_LOG');
  });
});

/** POST /query-stream (delimited): the header line and the rows, once the server ends the response. */
async function queryStream(
  sql: string,
  props: Record<string, string> = {},
): Promise<{ header: { columnNames: string[] }; rows: unknown[][] }> {
  const res = await fetch(`${url}/query-stream`, {
    method: 'POST',
    headers: { Accept: 'application/vnd.ksqlapi.delimited.v1' },
    body: JSON.stringify({ sql, properties: props }),
    signal: AbortSignal.timeout(60_000),
  });
  const lines = (await res.text()).split('\n').filter((l) => l.trim() !== '');
  if (res.status !== 200) throw new Error(`/query-stream ${res.status}: ${lines.join('\n')}`);
  return {
    header: JSON.parse(lines[0]!) as { columnNames: string[] },
    rows: lines.slice(1).map((l) => JSON.parse(l) as unknown[]),
  };
}

describe('push and pull queries on Kafka topics', () => {
  it('streams a push query from the earliest record up to its LIMIT', async () => {
    await ksql(url, "CREATE STREAM TICKS (N INT) WITH (KAFKA_TOPIC='ticks', PARTITIONS=1, VALUE_FORMAT='JSON');");
    await tk.send(
      'ticks',
      Array.from({ length: 20 }, (_, i) => ({ value: JSON.stringify({ N: i }) })),
    );
    const r = await queryStream('SELECT N * 2 AS D FROM TICKS EMIT CHANGES LIMIT 5;', EARLIEST);
    expect(r.header.columnNames).toEqual(['D']);
    expect(r.rows).toEqual([[0], [2], [4], [6], [8]]);
  });

  it('answers a pull query by key from the table topic', async () => {
    await ksql(
      url,
      'CREATE TABLE LAST_TICK AS SELECT N, LATEST_BY_OFFSET(N) * 10 AS L FROM TICKS GROUP BY N EMIT CHANGES;',
      EARLIEST,
    );
    await waitFor(
      'LAST_TICK rows',
      () => tk.read('LAST_TICK'),
      (o) => o.length >= 20,
    );
    const r = await queryStream('SELECT N, L FROM LAST_TICK WHERE N = 7;');
    expect(r.rows).toEqual([[7, 70]]);
  });
});

describe('Kafka restarted under a running query', () => {
  it('reconnects and processes records written after the restart', async () => {
    await ksql(url, "CREATE STREAM PINGS (N INT) WITH (KAFKA_TOPIC='pings', PARTITIONS=1, VALUE_FORMAT='JSON');");
    await ksql(url, 'CREATE STREAM PONGS AS SELECT N * 10 AS M FROM PINGS EMIT CHANGES;', EARLIEST);
    await tk.send(
      'pings',
      Array.from({ length: 500 }, (_, i) => ({ value: JSON.stringify({ N: i }) })),
    );
    await waitFor(
      'PONGS before the restart',
      () => tk.read('PONGS'),
      (o) => o.length >= 500,
    );
    await tk.close();
    await stopStack(stack.ctx, { purge: false });
    await startStack(stack.ctx, { components: ['kafka'] });
    tk = await testKafka(stack.bootstrap);
    await tk.send(
      'pings',
      Array.from({ length: 500 }, (_, i) => ({ value: JSON.stringify({ N: 500 + i }) })),
    );
    const out = await waitFor(
      'PONGS after the restart',
      () => tk.read('PONGS'),
      (o) => new Set(o.map((x) => (json(x) as { M: number }).M)).size >= 1_000,
      120_000,
    );
    const ms = new Set(out.map((x) => (json(x) as { M: number }).M));
    expect([...Array(1_000).keys()].every((i) => ms.has(i * 10))).toBe(true);
  });
});
