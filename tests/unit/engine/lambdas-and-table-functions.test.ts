// Lambdas (TRANSFORM, FILTER, REDUCE, nested and reading outer columns) and table functions
// (EXPLODE with a FlatMap in the plan) run end to end on the in-memory driver.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { PlanError } from '../../../engine/errors.js';

function run(sql: string, values: unknown[]): unknown[] {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
  engine.execute(sql);
  values.forEach((v, i) =>
    driver.produce('in', {
      key: Buffer.from(`k${i}`),
      value: Buffer.from(JSON.stringify(v)),
      timestamp: i,
      headers: [],
      partition: 0,
    }),
  );
  return driver.read('out').map((r) => JSON.parse(r.value!.toString()) as unknown);
}

const SOURCE =
  "CREATE STREAM S (K STRING KEY, N INT, XS ARRAY<INT>, M MAP<STRING, INT>) WITH (KAFKA_TOPIC='in', VALUE_FORMAT='JSON', PARTITIONS=1);";

describe('lambdas', () => {
  it('makes the whole call null when lambda arithmetic meets a null element, as ksqlDB does', () => {
    const out = run(
      `${SOURCE} CREATE STREAM O WITH (KAFKA_TOPIC='out') AS SELECT K,
         TRANSFORM(XS, x => x + 5) AS T, FILTER(XS, x => x IS NOT NULL) AS F, N + 1 AS P FROM S;`,
      [{ N: null, XS: [5, null] }],
    );
    expect(out).toEqual([{ T: null, F: [5], P: null }]);
  });
  it('transforms, filters and reduces arrays and maps, reading outer columns', () => {
    const out = run(
      `${SOURCE} CREATE STREAM O WITH (KAFKA_TOPIC='out') AS SELECT K,
         TRANSFORM(XS, x => x * N) AS T,
         FILTER(XS, x => x > 1) AS F,
         REDUCE(XS, 0, (s, x) => s + x) AS R,
         TRANSFORM(M, (k, v) => UCASE(k), (k, v) => v + 1) AS TM,
         FILTER(M, (k, v) => v > 1) AS FM,
         REDUCE(XS, 0, (s, x) => s + REDUCE(XS, 0, (t, y) => t + x * y)) AS NESTED
       FROM S;`,
      [
        { N: 10, XS: [1, 2, 3], M: { a: 1, b: 2 } },
        { N: 1, XS: null, M: null },
      ],
    );
    expect(out).toEqual([
      { T: [10, 20, 30], F: [2, 3], R: 6, TM: { A: 2, B: 3 }, FM: { b: 2 }, NESTED: 36 },
      { T: null, F: null, R: 0, TM: null, FM: null, NESTED: 0 },
    ]);
  });

  it('makes a map TRANSFORM null when its key lambda gives one key for two entries', () => {
    const out = run(
      `${SOURCE} CREATE STREAM O WITH (KAFKA_TOPIC='out') AS SELECT K,
         TRANSFORM(M, (k, v) => 'same', (k, v) => v) AS TM, TRANSFORM(M, (k, v) => LCASE(k), (k, v) => v) AS OK FROM S;`,
      [{ M: { A: 1, B: 2 } }, { M: { A: 1 } }],
    );
    expect(out).toEqual([
      { TM: null, OK: { a: 1, b: 2 } },
      { TM: { same: 1 }, OK: { a: 1 } },
    ]);
  });

  it('refuses a lambda of the wrong arity or result type', () => {
    const engine = new Engine({ driver: new MemoryDriver() });
    engine.execute(SOURCE);
    expect(() => engine.execute('CREATE STREAM O AS SELECT K, FILTER(XS, x => x + 1) AS F FROM S;')).toThrowError(
      PlanError,
    );
    expect(() => engine.execute('CREATE STREAM O AS SELECT K, TRANSFORM(XS, (a, b) => a) AS F FROM S;')).toThrowError(
      "Function 'transform' does not accept parameters",
    );
  });
});

describe('table functions', () => {
  it('explodes arrays into rows, padding the shorter result with nulls', () => {
    const out = run(
      `${SOURCE} CREATE STREAM O WITH (KAFKA_TOPIC='out') AS SELECT K, N, EXPLODE(XS) AS X, EXPLODE(ARRAY[N, N + 1, N + 2, N + 3]) AS Y FROM S;`,
      [{ N: 1, XS: [5, 6] }],
    );
    expect(out).toEqual([
      { N: 1, X: 5, Y: 1 },
      { N: 1, X: 6, Y: 2 },
      { N: 1, X: null, Y: 3 },
      { N: 1, X: null, Y: 4 },
    ]);
  });

  it('shows the FlatMap in EXPLAIN and refuses tables and aggregations', () => {
    const engine = new Engine({ driver: new MemoryDriver() });
    engine.execute(SOURCE);
    const [r] = engine.execute('EXPLAIN CREATE STREAM O AS SELECT K, EXPLODE(XS) AS X FROM S;');
    expect(JSON.stringify(r)).toContain('FlatMap EXPLODE(XS)');
    expect(() => engine.execute('CREATE TABLE C AS SELECT N, EXPLODE(XS), COUNT(*) FROM S GROUP BY N;')).toThrowError(
      'Table functions cannot be used with aggregations.',
    );
    expect(() => engine.execute('CREATE STREAM W AS SELECT K FROM S WHERE EXPLODE(XS) > 1;')).toThrowError(
      'Table functions can only be used in the SELECT clause',
    );
  });
});
