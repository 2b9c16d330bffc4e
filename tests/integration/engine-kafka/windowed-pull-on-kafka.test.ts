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
  const r = await fetch(`${url}/query-stream`, { method: 'POST', body: JSON.stringify({ sql, properties: {} }) });
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
    const at = (host: string, timestamp: number): { key: string; value: string; timestamp: number } => ({
      key: host,
      value: JSON.stringify({ PORT: 22 }),
      timestamp,
    });
    await tk.send('hits', [at('h1', 1_000), at('h1', 2_000), at('h1', 15_000), at('h2', 3_000)]);
    const all = await waitFor(
      'windowed counts',
      () => pull("SELECT * FROM HITS_10S WHERE HOST = 'h1';"),
      (rows) => rows.length === 2 && rows[0]![3] === 2,
    );
    expect(all).toEqual([
      ['h1', 0, 10_000, 2],
      ['h1', 10_000, 20_000, 1],
    ]);
    expect(await pull("SELECT N FROM HITS_10S WHERE HOST = 'h1' AND WINDOWSTART >= 10000;")).toEqual([[1]]);
    expect(await pull("SELECT WINDOWSTART, N FROM HITS_10S WHERE HOST = 'h1' AND WINDOWEND <= 10000;")).toEqual([
      [0, 2],
    ]);
    const sessions = await waitFor(
      'session counts',
      () => pull("SELECT * FROM HIT_SESSIONS WHERE HOST = 'h1';"),
      (rows) => rows.length === 2,
    );
    expect(sessions).toEqual([
      ['h1', 1_000, 2_000, 2],
      ['h1', 15_000, 15_000, 1],
    ]);
  }, 120_000);
});
