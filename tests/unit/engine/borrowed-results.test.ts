// Aggregates whose results the projection only measures (ARRAY_LENGTH(COLLECT_SET(x))) are read
// from the state without a copy per update (borrowed-results.ts): the counts must be those of a
// copy, through HAVING and on readers taking the rows as deferred records, and a result the
// projection outputs as it is must keep each emitted value as it was, whatever comes after.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { borrowedResults } from '../../../engine/runtime/borrowed-results.js';
import { parseExpression } from '../../../engine/syntax/index.js';
import type { FunctionCall } from '../../../engine/syntax/index.js';

const send = (driver: MemoryDriver, topic: string, value: string, timestamp: number): void =>
  driver.produce(topic, { key: null, value: Buffer.from(value), timestamp, headers: [], partition: 0 });

const values = (driver: MemoryDriver, topic: string): string[] =>
  driver.read(topic).map((r) => r.value?.toString('utf8') ?? 'null');

describe('borrowed aggregate results', () => {
  it('borrows only where every use is the one argument of ARRAY_LENGTH, and never with a record cache', () => {
    const set = parseExpression('COLLECT_SET(x)') as FunctionCall;
    const measured = parseExpression('ARRAY_LENGTH(COLLECT_SET(x)) - 1');
    expect(borrowedResults([set], [measured])).toEqual([true]);
    expect(borrowedResults([set], [measured, parseExpression('COLLECT_SET(x)')])).toEqual([false]);
    expect(borrowedResults([set], [parseExpression('ARRAY_LENGTH(ARRAY_DISTINCT(COLLECT_SET(x)))')])).toEqual([false]);
    expect(borrowedResults([set], [parseExpression('COLLECT_SET(x)[1]')])).toEqual([false]);
    expect(borrowedResults([set], undefined)).toEqual([false]);
  });

  it('counts as a copy would, through HAVING, for readers of deferred records, and keeps emitted sets as they were', () => {
    // the aggregations' topics keep nothing, so their readers take deferred records (the rows)
    const driver = new MemoryDriver({ retain: (t) => t === 'out' || t === 'sets' });
    const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
    engine.execute(`
      CREATE STREAM P (H STRING, PORT INT) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE TABLE C WITH (KAFKA_TOPIC='c', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
        SELECT H, AS_VALUE(H) AS HOST, ARRAY_LENGTH(COLLECT_SET(PORT)) AS PORTS FROM P GROUP BY H
        HAVING ARRAY_LENGTH(COLLECT_SET(PORT)) >= 2 EMIT CHANGES;
      CREATE STREAM C_UPDATES (HOST STRING, PORTS INT) WITH (KAFKA_TOPIC='c', VALUE_FORMAT='JSON');
      CREATE STREAM OUT WITH (KAFKA_TOPIC='out', VALUE_FORMAT='JSON') AS SELECT HOST, PORTS FROM C_UPDATES;
      CREATE TABLE SETS WITH (KAFKA_TOPIC='sets', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
        SELECT H, COLLECT_SET(PORT) AS S, ARRAY_LENGTH(COLLECT_SET(PORT)) AS N FROM P GROUP BY H EMIT CHANGES;
    `);
    const ports = [1, 2, 2, 3, 1, 4];
    ports.forEach((port, i) => send(driver, 'p', `{"H":"a","PORT":${port}}`, i + 1));
    // HAVING lets the group through from its second port on; a null value is C's tombstone (none)
    expect(values(driver, 'out')).toEqual([2, 2, 3, 3, 4].map((n) => `{"HOST":"a","PORTS":${n}}`));
    expect(values(driver, 'sets')).toEqual([
      '{"S":[1],"N":1}',
      '{"S":[1,2],"N":2}',
      '{"S":[1,2],"N":2}',
      '{"S":[1,2,3],"N":3}',
      '{"S":[1,2,3],"N":3}',
      '{"S":[1,2,3,4],"N":4}',
    ]);
  });
});
