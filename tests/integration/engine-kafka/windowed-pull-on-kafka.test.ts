// Pull queries on windowed tables on the Kafka driver (issue 15 item 2): the tumbling and session
// tables are aggregated by the engine from a real Kafka topic, and pull queries read the windowed
// keys back from the tables' topics, by key, with and without WINDOWSTART/WINDOWEND bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { KsqlServer } from '../../../engine/server/server.js';
import { startKafkaEngine, type KafkaEngine } from '../../../engine/server/kafka-engine.js';
import { testKafka, waitFor, type TestKafka } from './kafka-helpers.js';
import { EARLIEST, ksql } from './rest-helpers.js';

let stack: TestStack;
let tk: TestKafka;
let ke: KafkaEngine;
let server: KsqlServer;
let url: string;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  tk = await testKafka(stack.bootstrap);
  ke = await startKafkaEngine({ bootstrap: stack.bootstrap, serviceId: 'wpull_', log: () => undefined });
  server = new KsqlServer({ host: '127.0.0.1', port: 0, engine: ke.engine, commandTopic: ke.commandTopic });
  url = await server.start();
}, 240_000);

afterAll(async () => {
  await server?.close();
  await ke?.close();
  await tk?.close();
  await stack?.stop();
});

async function pull(sql: string): Promise<unknown[][]> {
  const r = await fetch(`${url}/query-stream`, {
    method: 'POST',
    body: JSON.stringify({ sql, properties: {} }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await r.text();
  expect(r.status, text).toBe(200);
  const [header, ...rows] = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
  expect(header).toHaveProperty('columnNames');
  return rows as unknown[][];
}

describe('windowed pull queries on Kafka', () => {
  it('look up tumbling and session windows by key, with and without window bounds', async () => {
    await ksql(
      url,
      "CREATE STREAM HITS (HOST VARCHAR KEY, PORT INT) WITH (KAFKA_TOPIC='hits', PARTITIONS=1, VALUE_FORMAT='JSON');",
    );
    await ksql(
      url,
      'CREATE TABLE HITS_10S AS SELECT HOST, COUNT(*) AS N FROM HITS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY HOST;',
      EARLIEST,
    );
    await ksql(
      url,
      'CREATE TABLE HIT_SESSIONS AS SELECT HOST, COUNT(*) AS N FROM HITS WINDOW SESSION (5 SECONDS) GROUP BY HOST;',
      EARLIEST,
    );
    // recent event times (a broker may drop records far older than its retention), window-aligned
    const T = Math.floor(Date.now() / 10_000) * 10_000 - 60_000;
    const at = (host: string, offset: number): { key: string; value: string; timestamp: number } => ({
      key: host,
      value: JSON.stringify({ PORT: 22 }),
      timestamp: T + offset,
    });
    await tk.send('hits', [at('h1', 1_000), at('h1', 2_000), at('h1', 15_000), at('h2', 3_000)]);
    // the tables' topics hold the counts once the engine has aggregated (its record cache may fold updates)
    const same = (want: unknown[][]) => (rows: unknown[][]) => JSON.stringify(rows) === JSON.stringify(want);
    const tumbling = [
      ['h1', T, T + 10_000, 2],
      ['h1', T + 10_000, T + 20_000, 1],
    ];
    expect(
      await waitFor('HITS_10S counts', () => pull("SELECT * FROM HITS_10S WHERE HOST = 'h1';"), same(tumbling)),
    ).toEqual(tumbling);
    expect(await pull(`SELECT N FROM HITS_10S WHERE HOST = 'h1' AND WINDOWSTART >= ${T + 10_000};`)).toEqual([[1]]);
    expect(await pull(`SELECT WINDOWSTART, N FROM HITS_10S WHERE HOST = 'h1' AND WINDOWEND <= ${T + 10_000};`)).toEqual(
      [[T, 2]],
    );
    const sessions = [
      ['h1', T + 1_000, T + 2_000, 2],
      ['h1', T + 15_000, T + 15_000, 1],
    ];
    expect(
      await waitFor('HIT_SESSIONS counts', () => pull("SELECT * FROM HIT_SESSIONS WHERE HOST = 'h1';"), same(sessions)),
    ).toEqual(sessions);
  }, 120_000);
});
