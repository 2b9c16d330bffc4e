// Issue 16 #2–#4 on the in-memory engine: BIGINT exact beyond 2^53 from the JSON record to the
// output bytes (arithmetic with Java's 64-bit wrap, SUM, CAST to STRING, KAFKA keys, the
// aggregation state), CAST of text to INT/BIGINT as Java parses it (null and a processing-log
// entry when out of range), DECIMAL precision overflow, and table rows without a primary key.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { parseJsonExact, stringifyJson } from '../../../engine/types/exact-json.js';
import { LONG_STATE } from '../../../engine/exec/aggregates/state-codec.js';
import { makeSerde } from '../../../engine/exec/serde/serde.js';
import { T } from '../../../engine/types/sql-types.js';

function engineWith(sql: string): { engine: Engine; driver: MemoryDriver; texts: (topic: string) => string[] } {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 5 });
  engine.execute(sql);
  const texts = (topic: string): string[] => driver.read(topic).map((r) => r.value?.toString('utf8') ?? 'null');
  return { engine, driver, texts };
}

const produce = (d: MemoryDriver, topic: string, value: string, key: Buffer | null = null): void =>
  d.produce(topic, { key, value: Buffer.from(value), timestamp: 1, headers: [], partition: 0 });

describe('exact JSON', () => {
  it('keeps integers beyond 2^53 and writes them back digit for digit', () => {
    const text = '{"a":9007199254740993,"b":[-9223372036854775808,1.5,"x\\"y"],"c":12345678901234567890123}';
    const v = parseJsonExact(text) as { a: unknown; b: unknown[]; c: unknown };
    expect(v.a).toBe(9007199254740993n);
    expect(v.b).toEqual([-9223372036854775808n, 1.5, 'x"y']);
    expect(typeof v.c).toBe('number'); // beyond 64 bits: a double, as Jackson reads it
    expect(stringifyJson({ a: v.a, b: v.b })).toBe('{"a":9007199254740993,"b":[-9223372036854775808,1.5,"x\\"y"]}');
    expect(parseJsonExact('{"n":9007199254740991}')).toEqual({ n: 9007199254740991 });
    expect(() => parseJsonExact('{"n":90071992547409931')).toThrow(SyntaxError);
  });

  it('keeps a BIGINT accumulator exact through its changelog encoding', () => {
    const saved = stringifyJson(LONG_STATE.serialize(9223372036854775807n));
    expect(LONG_STATE.deserialize(parseJsonExact(saved))).toBe(9223372036854775807n);
  });

  it('reads and writes exact KAFKA-format BIGINT keys', () => {
    const serde = makeSerde({
      format: 'KAFKA',
      columns: [{ name: 'K', type: T.BIGINT }],
      isKey: true,
      wrapSingle: false,
      delimiter: ',',
    });
    const bytes = serde.serialize([9007199254740993n]);
    expect(bytes?.toString('hex')).toBe('0020000000000001');
    expect(serde.deserialize(bytes)).toEqual([9007199254740993n]);
  });
});

describe('BIGINT end to end (issue 16 #2)', () => {
  it('reads, computes, casts and writes 64-bit integers exactly', () => {
    const t = engineWith(`
      CREATE STREAM S (B BIGINT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM O AS SELECT B, B + 1 AS NEXT, B * 2 AS TWICE, CAST(B AS STRING) AS TXT, -B AS NEG FROM S;`);
    produce(t.driver, 's', '{"B":9007199254740993}');
    produce(t.driver, 's', '{"B":9223372036854775807}');
    expect(t.texts('O')).toEqual([
      '{"B":9007199254740993,"NEXT":9007199254740994,"TWICE":18014398509481986,"TXT":"9007199254740993","NEG":-9007199254740993}',
      // Java's long wraps
      '{"B":9223372036854775807,"NEXT":-9223372036854775808,"TWICE":-2,"TXT":"9223372036854775807","NEG":-9223372036854775807}',
    ]);
  });

  it('sums exactly in an aggregation and keys a table by an exact BIGINT', () => {
    const t = engineWith(`
      CREATE STREAM S (K BIGINT KEY, B BIGINT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', KEY_FORMAT='JSON', PARTITIONS=1);
      CREATE TABLE TOT AS SELECT K, SUM(B) AS TOTAL FROM S GROUP BY K;`);
    produce(t.driver, 's', '{"B":4503599627370497}', Buffer.from('9007199254740993'));
    produce(t.driver, 's', '{"B":4503599627370497}', Buffer.from('9007199254740993'));
    const out = t.driver.read('TOT');
    expect(out.at(-1)?.key?.toString()).toBe('9007199254740993');
    expect(out.at(-1)?.value?.toString()).toBe('{"TOTAL":9007199254740994}');
  });

  it('takes an exact BIGINT literal in INSERT VALUES', () => {
    const t = engineWith(`
      CREATE STREAM S (B BIGINT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);
      INSERT INTO S (B) VALUES (9007199254740993);`);
    expect(t.texts('s')).toEqual(['{"B":9007199254740993}']);
  });
});

describe('CAST and DECIMAL overflow (issue 16 #4)', () => {
  it("parses text as Java's Integer.parseInt / Long.parseLong: out of range or not an integer is null and logged", () => {
    const t = engineWith(`
      CREATE STREAM S (V STRING) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM O AS SELECT V, CAST(V AS INT) AS I, CAST(V AS BIGINT) AS L FROM S;`);
    for (const v of ['99999999999', '1e999', ' 42 ', '-2147483648', '9223372036854775808', '1.5'])
      produce(t.driver, 's', JSON.stringify({ V: v }));
    expect(t.texts('O').map((s) => JSON.parse(s) as unknown)).toEqual([
      { V: '99999999999', I: null, L: 99999999999 },
      { V: '1e999', I: null, L: null },
      { V: ' 42 ', I: 42, L: 42 },
      { V: '-2147483648', I: -2147483648, L: -2147483648 },
      { V: '9223372036854775808', I: null, L: null },
      { V: '1.5', I: null, L: null },
    ]);
    const reasons = t.engine.log.entries.map((e) => e.reason).join('\n');
    expect(reasons).toContain("Cannot cast '99999999999' to INTEGER: out of range for a 32-bit INT");
    expect(reasons).toContain("Cannot cast '9223372036854775808' to BIGINT: out of range for a 64-bit BIGINT");
  });

  it('refuses a DECIMAL(4,2) of 1500 (precision overflow) and keeps 15.5', () => {
    const t = engineWith(`
      CREATE STREAM S (N INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM O AS SELECT CAST(N AS DECIMAL(4,2)) AS D FROM S;`);
    produce(t.driver, 's', '{"N":1500}');
    produce(t.driver, 's', '{"N":15}');
    expect(t.texts('O')).toEqual(['{"D":null}', '{"D":15}']);
    expect(t.engine.log.entries.map((e) => e.reason).join('\n')).toContain(
      'Numeric field overflow: A field with precision 4 and scale 2 must round to an absolute value less than 10^2. Got 1500',
    );
    expect(() =>
      engineWith(`CREATE STREAM X (D DECIMAL(4,2)) WITH (KAFKA_TOPIC='x', VALUE_FORMAT='JSON', PARTITIONS=1);
        INSERT INTO X (D) VALUES (1500);`),
    ).toThrow(/Numeric field overflow/);
  });
});

describe('table rows need their primary key (issue 16 #3)', () => {
  const TABLE =
    "CREATE TABLE T (ID INT PRIMARY KEY, V STRING) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON', PARTITIONS=1);";
  it('refuses INSERT VALUES without the key or with a NULL key, and writes nothing', () => {
    const t = engineWith(TABLE);
    expect(() => t.engine.execute("INSERT INTO T (V) VALUES ('a');")).toThrow(
      "Failed to insert values into 'T'. Value for primary key column(s) ID is required for tables",
    );
    expect(() => t.engine.execute("INSERT INTO T (ID, V) VALUES (NULL, 'a');")).toThrow(
      'Value for primary key column(s) ID is required for tables',
    );
    expect(t.driver.read('t')).toEqual([]);
    t.engine.execute("INSERT INTO T (ID, V) VALUES (1, 'a');");
    expect(t.driver.read('t')).toHaveLength(1);
  });

  it('still takes stream rows without a key', () => {
    const t = engineWith(
      "CREATE STREAM S (ID INT KEY, V STRING) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);",
    );
    t.engine.execute("INSERT INTO S (V) VALUES ('a');");
    expect(t.driver.read('s')).toHaveLength(1);
  });
});
