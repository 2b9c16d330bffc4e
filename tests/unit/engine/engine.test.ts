// The engine facade on the in-memory driver: DDL, CSAS/CTAS, INSERT VALUES, DROP, the
// processing log, EXPLAIN, table aggregation as CP 8.x emits it, and clear errors.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { decodeRecord } from '../../../engine/qtt/record-codec.js';
import { PlanError } from '../../../engine/errors.js';
import { ParseError } from '../../../engine/syntax/index.js';

function setup(sql: string): { engine: Engine; driver: MemoryDriver; out(topic: string): unknown[] } {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 5 });
  engine.execute(sql);
  const out = (topic: string): unknown[] =>
    driver.read(topic).map((r) => {
      const d = decodeRecord(
        r,
        engine.catalog.all().find((s) => s.topic === topic && s.writerQueryId) ??
          engine.catalog.all().find((s) => s.topic === topic),
      );
      return [d.key, d.value];
    });
  return { engine, driver, out };
}

const STREAM =
  "CREATE STREAM P (ID INT KEY, SRC STRING, BYTES INT) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON', PARTITIONS=1);";

describe('persistent queries', () => {
  it('projects and filters, skipping unreadable records into the processing log', () => {
    const t = setup(
      `${STREAM} CREATE STREAM BIG AS SELECT ID, UCASE(SRC) AS SRC, BYTES * 2 AS DOUBLED FROM P WHERE BYTES > 100;`,
    );
    const k = (n: number): Buffer => Buffer.from([0, 0, 0, n]);
    t.driver.produce('p', {
      key: k(1),
      value: Buffer.from('{"SRC":"a","BYTES":500}'),
      timestamp: 1,
      headers: [],
      partition: 0,
    });
    t.driver.produce('p', { key: k(2), value: Buffer.from('{not json'), timestamp: 2, headers: [], partition: 0 });
    t.driver.produce('p', {
      key: k(3),
      value: Buffer.from('{"SRC":"b","BYTES":"lots"}'),
      timestamp: 3,
      headers: [],
      partition: 0,
    });
    t.driver.produce('p', {
      key: k(4),
      value: Buffer.from('{"SRC":"c","BYTES":50}'),
      timestamp: 4,
      headers: [],
      partition: 0,
    });
    t.driver.produce('p', {
      key: k(5),
      value: Buffer.from('{"src":"d","bytes":101}'),
      timestamp: 5,
      headers: [],
      partition: 0,
    });
    expect(t.out('BIG')).toEqual([
      [1, { SRC: 'A', DOUBLED: 1000 }],
      [5, { SRC: 'D', DOUBLED: 202 }],
    ]);
    expect(t.engine.log.count).toBe(2);
    expect(t.engine.log.entries.map((e) => e.reason).join('\n')).toMatch(/invalid JSON[\s\S]*Can't convert type/);
  });

  it('writes INSERT VALUES rows and keeps the key out of the value', () => {
    const t = setup(`${STREAM} INSERT INTO P (ID, SRC, BYTES) VALUES (7, 'x', 3);`);
    expect(t.out('p')).toEqual([[7, { SRC: 'x', BYTES: 3 }]]);
    expect(t.driver.read('p')[0]?.timestamp).toBe(5);
  });

  it('aggregates a table as CP 8.x does: one update when the group keeps its key', () => {
    const t =
      setup(`CREATE TABLE T (ID INT PRIMARY KEY, G STRING, V INT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE TABLE S AS SELECT G, SUM(V) AS TOTAL FROM T GROUP BY G;
      INSERT INTO T (ID, G, V) VALUES (1, 'a', 10);
      INSERT INTO T (ID, G, V) VALUES (1, 'a', 15);
      INSERT INTO T (ID, G, V) VALUES (1, 'b', 15);`);
    expect(t.out('S')).toEqual([
      ['a', { TOTAL: 10 }],
      ['a', { TOTAL: 15 }],
      ['a', { TOTAL: 0 }],
      ['b', { TOTAL: 15 }],
    ]);
  });

  it('emits a tombstone when a group stops passing HAVING', () => {
    const t = setup(`${STREAM} CREATE TABLE C AS SELECT SRC, COUNT(*) AS N FROM P GROUP BY SRC HAVING COUNT(*) = 1;
      INSERT INTO P (ID, SRC, BYTES) VALUES (1, 'a', 1);
      INSERT INTO P (ID, SRC, BYTES) VALUES (2, 'a', 1);`);
    expect(t.out('C')).toEqual([
      ['a', { N: 1 }],
      ['a', null],
    ]);
  });

  it('moves the PARTITION BY column to the key and the old key to the value', () => {
    const t = setup(`${STREAM} CREATE STREAM R AS SELECT SRC, ID, BYTES FROM P PARTITION BY SRC;
      INSERT INTO P (ID, SRC, BYTES) VALUES (1, 'a', 9);`);
    expect(t.out('R')).toEqual([['a', { ID: 1, BYTES: 9 }]]);
    expect(t.engine.catalog.get('R')?.columns.map((c) => `${c.name}:${c.ns}`)).toEqual([
      'SRC:KEY',
      'ID:VALUE',
      'BYTES:VALUE',
    ]);
  });

  it('DROP terminates the writing query; dropping a source others read is refused', () => {
    const t = setup(`${STREAM} CREATE STREAM BIG AS SELECT ID, SRC FROM P;`);
    expect(() => t.engine.execute('DROP STREAM P;')).toThrowError(
      /The following queries read from this source: \[CSAS_BIG_0\]/,
    );
    t.engine.execute('DROP STREAM BIG;');
    expect(t.engine.queries.size).toBe(0);
    expect(t.engine.execute('DROP STREAM IF EXISTS BIG;')[0]?.message).toBe('Source BIG does not exist.');
  });

  it('substitutes DEFINEd variables in later statements', () => {
    const t = setup(
      `DEFINE topic = 'vars'; CREATE STREAM V (X INT) WITH (KAFKA_TOPIC='\${topic}', VALUE_FORMAT='JSON', PARTITIONS=1);`,
    );
    expect(t.engine.catalog.get('V')?.topic).toBe('vars');
  });
});

describe('EXPLAIN', () => {
  it('prints the logical plan from sink to source with the output schema', () => {
    const t = setup(STREAM);
    const [r] = t.engine.execute(
      'EXPLAIN CREATE TABLE C AS SELECT SRC, COUNT(*) AS N FROM P WINDOW TUMBLING (SIZE 10 SECONDS) WHERE BYTES > 0 GROUP BY SRC EMIT FINAL;',
    );
    expect(r?.explain).toBe(
      [
        'Sink TABLE C [topic C, KAFKA/JSON]',
        '  > Project SRC AS SRC KEY, COUNT(*) AS N',
        '    > EmitFinal grace=0ms',
        '      > Aggregate GROUP BY SRC [COUNT(*)] WINDOW TUMBLING size=10000ms advance=10000ms grace=0ms',
        '        > Filter (BYTES > 0)',
        '          > Source STREAM P [topic p, KAFKA/JSON]',
        'Schema: SRC STRING KEY, N BIGINT',
        'Result: TABLE (windowed TUMBLING), EMIT FINAL',
      ].join('\n'),
    );
  });
});

describe('errors', () => {
  it('rejects unknown formats by name', () => {
    expect(() =>
      setup("CREATE STREAM A (X INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='PROTOBUF3', PARTITIONS=1);"),
    ).toThrowError('PROTOBUF3');
  });
  it('names ungrouped expressions and missing grouping columns', () => {
    const t = setup(STREAM);
    expect(() => t.engine.execute('CREATE TABLE X AS SELECT SRC, BYTES, COUNT(*) FROM P GROUP BY SRC;')).toThrowError(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: BYTES',
    );
    expect(() => t.engine.execute('CREATE TABLE X AS SELECT COUNT(*) AS N FROM P GROUP BY SRC;')).toThrowError(
      'must include the grouping expression SRC in its projection',
    );
    expect(() => t.engine.execute('CREATE STREAM X AS SELECT SRC FROM P;')).toThrowError(
      'must include the key column ID in its projection',
    );
  });
  it('refuses a multi-column key in the KAFKA format', () => {
    const t = setup(STREAM);
    expect(() =>
      t.engine.execute('CREATE TABLE X AS SELECT SRC, BYTES, COUNT(*) AS N FROM P GROUP BY SRC, BYTES;'),
    ).toThrowError("The 'KAFKA' format only supports a single field");
  });
  it('reports an unknown source and a missing topic', () => {
    const t = setup('');
    expect(() => t.engine.execute('CREATE STREAM X AS SELECT * FROM NOPE;')).toThrowError(PlanError);
    expect(() =>
      t.engine.execute("CREATE STREAM Y (X INT) WITH (KAFKA_TOPIC='missing', VALUE_FORMAT='JSON');"),
    ).toThrowError("Topic 'missing' does not exist");
  });
  it('runs nothing when any statement fails to parse', () => {
    const driver = new MemoryDriver();
    const engine = new Engine({ driver });
    expect(() =>
      engine.execute(
        "CREATE STREAM A (X INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON', PARTITIONS=1);\nCREATE STREAM B AS SELEC X FROM A;",
      ),
    ).toThrowError(ParseError);
    expect(engine.catalog.all()).toEqual([]);
  });
});

describe('engine properties reaching aggregates', () => {
  it('ksql.functions.collect_list.limit set on the engine caps COLLECT_LIST in a persistent query', () => {
    const driver = new MemoryDriver();
    const engine = new Engine({
      driver,
      props: { 'auto.offset.reset': 'earliest', 'ksql.functions.collect_list.limit': '1' },
      now: () => 5,
    });
    engine.execute(
      `${STREAM} CREATE TABLE L AS SELECT ID, COLLECT_LIST(BYTES) AS B, COLLECT_SET(BYTES) AS S FROM P GROUP BY ID;`,
    );
    for (const [t, bytes] of [
      [1, 10],
      [2, 20],
    ] as const)
      driver.produce('p', {
        key: Buffer.from([0, 0, 0, 1]),
        value: Buffer.from(JSON.stringify({ SRC: 'a', BYTES: bytes })),
        timestamp: t,
        headers: [],
        partition: 0,
      });
    const values = driver.read('L').map((r) => JSON.parse(Buffer.from(r.value!).toString()) as unknown);
    expect(values).toEqual([
      { B: [10], S: [10] },
      { B: [10], S: [10, 20] },
    ]);
  });
});
