// Queries reading the same stream share its decoded row (source.ts): the second reader of a record
// takes the first one's row. Each must still see exactly its own records: a record produced into
// the stream's topic while one of its readers runs (depth-first delivery) is decoded and read in
// its turn, the older record again by the readers after; a record that cannot be decoded is
// skipped and logged by every reader, as when each decoded it alone.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

function pipeline(sql: string): { engine: Engine; driver: MemoryDriver } {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
  engine.execute(sql);
  return { engine, driver };
}

const send = (driver: MemoryDriver, topic: string, value: string, timestamp: number): void =>
  driver.produce(topic, { key: null, value: Buffer.from(value), timestamp, headers: [], partition: 0 });

const values = (driver: MemoryDriver, topic: string): string[] =>
  driver.read(topic).map((r) => r.value?.toString('utf8') ?? 'null');

describe('readers of one stream sharing its decoded rows', () => {
  it('reads a record written into the topic by a reader in its turn, and the older one after it', () => {
    const { driver } = pipeline(`
      CREATE STREAM A (ID STRING, N INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM A_AGAIN (ID STRING, N INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON');
      CREATE STREAM FIRST WITH (KAFKA_TOPIC='first', VALUE_FORMAT='JSON') AS SELECT ID, N FROM A;
      INSERT INTO A SELECT CONCAT(ID, '+') AS ID, N + 1 AS N FROM A_AGAIN WHERE N < 3;
      CREATE STREAM LAST WITH (KAFKA_TOPIC='last', VALUE_FORMAT='JSON') AS SELECT ID, N * 10 AS N, ROWOFFSET AS O FROM A;
    `);
    send(driver, 'a', '{"ID":"x","N":1}', 1);
    expect(values(driver, 'first')).toEqual(['{"ID":"x","N":1}', '{"ID":"x+","N":2}', '{"ID":"x++","N":3}']);
    // LAST runs after the INSERT: the newest record reaches it first
    expect(values(driver, 'last')).toEqual([
      '{"ID":"x++","N":30,"O":2}',
      '{"ID":"x+","N":20,"O":1}',
      '{"ID":"x","N":10,"O":0}',
    ]);
  });

  it('gives each reader its own filter and projection of the same rows, and logs a bad record per reader', () => {
    const { engine, driver } = pipeline(`
      CREATE STREAM P (SRC STRING, LEN INT, TS BIGINT) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON', PARTITIONS=1, TIMESTAMP='TS');
      CREATE STREAM BIG WITH (KAFKA_TOPIC='big', VALUE_FORMAT='JSON') AS SELECT SRC, LEN FROM P WHERE LEN > 100;
      CREATE STREAM SMALL WITH (KAFKA_TOPIC='small', VALUE_FORMAT='JSON') AS SELECT SRC, LEN, ROWTIME AS T FROM P WHERE LEN <= 100;
      CREATE TABLE BYTES WITH (KAFKA_TOPIC='bytes', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
        SELECT SRC, SUM(LEN) AS TOTAL FROM P GROUP BY SRC EMIT CHANGES;
    `);
    send(driver, 'p', '{"SRC":"a","LEN":50,"TS":10}', 1);
    send(driver, 'p', '{"SRC":"a","LEN":"many","TS":20}', 2);
    send(driver, 'p', '{"SRC":"b","LEN":500,"TS":30}', 3);
    send(driver, 'p', '{"SRC":"a","LEN":70,"TS":40}', 4);
    expect(values(driver, 'big')).toEqual(['{"SRC":"b","LEN":500}']);
    expect(values(driver, 'small')).toEqual(['{"SRC":"a","LEN":50,"T":10}', '{"SRC":"a","LEN":70,"T":40}']);
    expect(values(driver, 'bytes')).toEqual(['{"TOTAL":50}', '{"TOTAL":500}', '{"TOTAL":120}']);
    const bad = engine.log.entries.filter((e) => e.reason.includes('offset 1'));
    expect(bad.map((e) => e.queryId).sort()).toEqual([...engine.queries.keys()].sort());
  });

  it('gives every reader the window and the missing key of a shared record', () => {
    const { driver } = pipeline(`
      CREATE STREAM W (K STRING KEY, N INT) WITH (KAFKA_TOPIC='w', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON',
        WINDOW_TYPE='TUMBLING', WINDOW_SIZE='10 SECONDS', PARTITIONS=1);
      CREATE STREAM ONE WITH (KAFKA_TOPIC='one', VALUE_FORMAT='JSON') AS SELECT K, N, WINDOWSTART AS S FROM W;
      CREATE STREAM TWO WITH (KAFKA_TOPIC='two', VALUE_FORMAT='JSON') AS SELECT K, N * 2 AS N, WINDOWEND AS E FROM W;
    `);
    const key = Buffer.concat([Buffer.from('a'), Buffer.from([0, 0, 0, 0, 0, 0, 0x4e, 0x20])]);
    driver.produce('w', { key, value: Buffer.from('{"N":1}'), timestamp: 20_500, headers: [], partition: 0 });
    expect(values(driver, 'one')).toEqual(['{"N":1,"S":20000}']);
    expect(values(driver, 'two')).toEqual(['{"N":2,"E":30000}']);
    const plain = pipeline(`
      CREATE STREAM P (K STRING KEY, N INT) WITH (KAFKA_TOPIC='p', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM A WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON') AS SELECT K, N FROM P;
      CREATE STREAM B WITH (KAFKA_TOPIC='b', VALUE_FORMAT='JSON') AS SELECT K, N + 1 AS N FROM P;
    `).driver;
    send(plain, 'p', '{"N":1}', 1);
    expect(plain.read('a').map((r) => [r.key, r.value?.toString()])).toEqual([[null, '{"N":1}']]);
    expect(plain.read('b').map((r) => [r.key, r.value?.toString()])).toEqual([[null, '{"N":2}']]);
  });
});
