// Joins on the in-memory driver: stream-table (INNER/LEFT), stream-stream WITHIN, primary-key and
// foreign-key table-table joins, n-way joins, ksqlDB's key and naming rules and EXPLAIN (their
// changelog-backed state, as on Kafka, is join-changelog.test.ts).
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { decodeRecord } from '../../../engine/qtt/record-codec.js';
import { PlanError } from '../../../engine/errors.js';

function setup(sql: string): {
  engine: Engine;
  driver: MemoryDriver;
  send(topic: string, key: number | null, value: unknown, ts: number): void;
  out(topic: string): unknown[];
} {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 5 });
  engine.execute(sql);
  const send = (topic: string, key: number | null, value: unknown, ts: number): void => {
    const k = key === null ? null : Buffer.alloc(4);
    k?.writeInt32BE(key!);
    driver.produce(topic, {
      key: k,
      value: value === null ? null : Buffer.from(JSON.stringify(value)),
      timestamp: ts,
      headers: [],
      partition: 0,
    });
  };
  const out = (topic: string): unknown[] =>
    driver.read(topic).map((r) => {
      const d = decodeRecord(
        r,
        engine.catalog.all().find((s) => s.topic === topic && s.writerQueryId),
      );
      return [d.key, d.value, r.timestamp];
    });
  return { engine, driver, send, out };
}

const DDL = `
  CREATE STREAM PKT (ID INT KEY, SRC STRING, LEN INT) WITH (KAFKA_TOPIC='pkt', VALUE_FORMAT='JSON', PARTITIONS=1);
  CREATE TABLE ASSET (ID INT PRIMARY KEY, NAME STRING, CRIT INT) WITH (KAFKA_TOPIC='asset', VALUE_FORMAT='JSON', PARTITIONS=1);
`;

describe('stream-table joins', () => {
  it('LEFT joins each stream row to the table row of its key at that moment', () => {
    const t = setup(
      `${DDL} CREATE STREAM E AS SELECT P.ID, SRC, NAME, CRIT FROM PKT P LEFT JOIN ASSET A ON P.ID = A.ID;`,
    );
    t.send('pkt', 1, { SRC: 'x', LEN: 1 }, 10);
    t.send('asset', 1, { NAME: 'db', CRIT: 5 }, 20);
    t.send('pkt', 1, { SRC: 'y', LEN: 1 }, 30);
    t.send('asset', 1, null, 40);
    t.send('pkt', 1, { SRC: 'z', LEN: 1 }, 50);
    expect(t.out('E')).toEqual([
      [1, { SRC: 'x', NAME: null, CRIT: null }, 10],
      [1, { SRC: 'y', NAME: 'db', CRIT: 5 }, 30],
      [1, { SRC: 'z', NAME: null, CRIT: null }, 50],
    ]);
    // a column qualified in the query keeps its name unless both sources have it
    expect(t.engine.catalog.get('E')?.columns.map((c) => `${c.name}:${c.ns}`)).toEqual([
      'P_ID:KEY',
      'SRC:VALUE',
      'NAME:VALUE',
      'CRIT:VALUE',
    ]);
  });

  it('INNER joins on a stream value column (repartitioned by it), dropping rows without a match', () => {
    const t = setup(`${DDL}
      CREATE STREAM F (K INT KEY, ASSET_ID INT) WITH (KAFKA_TOPIC='f', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM E AS SELECT A.ID, K, NAME FROM F JOIN ASSET A ON F.ASSET_ID = A.ID;`);
    t.send('asset', 7, { NAME: 'web', CRIT: 1 }, 1);
    t.send('f', 100, { ASSET_ID: 7 }, 2);
    t.send('f', 101, { ASSET_ID: 8 }, 3);
    t.send('f', 102, { ASSET_ID: null }, 4);
    expect(t.out('E')).toEqual([[7, { K: 100, NAME: 'web' }, 2]]);
  });

  it('refuses what ksqlDB refuses, in its words', () => {
    const t = setup(DDL);
    const run =
      (sql: string): (() => unknown) =>
      () =>
        t.engine.execute(sql);
    expect(run('CREATE STREAM E AS SELECT NAME, SRC FROM PKT P JOIN ASSET A ON P.ID = A.ID;')).toThrowError(
      'The query used to build `E` must include the join expressions P.ID or A.ID in its projection (eg, SELECT P.ID...).',
    );
    expect(run('CREATE STREAM E AS SELECT P.ID, NAME FROM PKT P JOIN ASSET A ON P.LEN = A.CRIT;')).toThrowError(
      "Invalid join condition: stream-table joins require to join on the table's primary key. Got P.LEN = A.CRIT.",
    );
    expect(run('CREATE STREAM E AS SELECT * FROM PKT P FULL OUTER JOIN ASSET A ON P.ID = A.ID;')).toThrowError(
      'Invalid join type: full-outer join not supported for stream-table join. Got PKT [FULL] OUTER JOIN ASSET.',
    );
    expect(run('CREATE STREAM E AS SELECT * FROM ASSET A JOIN PKT P ON P.ID = A.ID;')).toThrowError(PlanError);
    expect(run('CREATE STREAM E AS SELECT P.ID, ID FROM PKT P JOIN ASSET A ON P.ID = A.ID;')).toThrowError(
      "Column 'ID' is ambiguous. Could be P.ID or A.ID.",
    );
  });
});

describe('stream-stream joins', () => {
  const SS = `
    CREATE STREAM L (ID INT KEY, A INT) WITH (KAFKA_TOPIC='l', VALUE_FORMAT='JSON', PARTITIONS=1);
    CREATE STREAM R (ID INT KEY, B INT) WITH (KAFKA_TOPIC='r', VALUE_FORMAT='JSON', PARTITIONS=1);`;

  it('joins rows of one key within (before, after) of each other, at the later time', () => {
    const t = setup(
      `${SS} CREATE STREAM J AS SELECT L.ID, A, B FROM L JOIN R WITHIN (1 SECOND, 2 SECONDS) ON L.ID = R.ID;`,
    );
    t.send('l', 1, { A: 1 }, 10_000);
    t.send('r', 1, { B: 2 }, 11_500); // 1.5 s after the left row: within `after`
    t.send('r', 1, { B: 3 }, 8_500); // 1.5 s before: outside `before`
    t.send('l', 1, { A: 4 }, 12_000);
    expect(t.out('J')).toEqual([
      [1, { A: 1, B: 2 }, 11_500],
      [1, { A: 4, B: 2 }, 12_000],
    ]);
  });

  it('FULL OUTER emits an unmatched row at once and names the key ROWKEY', () => {
    const t = setup(
      `${SS} CREATE STREAM J AS SELECT ROWKEY, A, B FROM L FULL OUTER JOIN R WITHIN 1 SECOND ON L.ID = R.ID;`,
    );
    t.send('l', 1, { A: 1 }, 0);
    t.send('r', 1, { B: 2 }, 500);
    t.send('r', 2, { B: 3 }, 600);
    expect(t.out('J')).toEqual([
      [1, { A: 1, B: null }, 0],
      [1, { A: 1, B: 2 }, 500],
      [2, { A: null, B: 3 }, 600],
    ]);
    expect(t.engine.catalog.get('J')?.columns[0]).toMatchObject({ name: 'ROWKEY', ns: 'KEY' });
  });

  it('with a GRACE PERIOD, holds an unmatched LEFT row until its window closes', () => {
    const t = setup(
      `${SS} CREATE STREAM J AS SELECT L.ID, A, B FROM L LEFT JOIN R WITHIN 1 SECOND GRACE PERIOD 1 SECOND ON L.ID = R.ID;`,
    );
    t.send('l', 1, { A: 1 }, 0);
    t.send('l', 2, { A: 2 }, 100);
    t.send('r', 2, { B: 3 }, 900);
    expect(t.out('J')).toEqual([[2, { A: 2, B: 3 }, 900]]);
    t.send('r', 9, { B: 0 }, 2_500); // stream time passes 0 + 1 s + 1 s: the left row 1 closes
    expect(t.out('J')).toEqual([
      [2, { A: 2, B: 3 }, 900],
      [1, { A: 1, B: null }, 0],
    ]);
  });

  it('aggregates over a join', () => {
    const t = setup(
      `${SS} CREATE TABLE C AS SELECT L.ID, COUNT(*) AS N, SUM(B) AS S FROM L JOIN R WITHIN 1 SECOND ON L.ID = R.ID GROUP BY L.ID;`,
    );
    t.send('l', 1, { A: 1 }, 0);
    t.send('r', 1, { B: 2 }, 10);
    t.send('r', 1, { B: 5 }, 20);
    expect(t.out('C')).toEqual([
      [1, { N: 1, S: 2 }, 10],
      [1, { N: 2, S: 7 }, 20],
    ]);
  });

  it('joins windowed sources on key and window, refusing to repartition them', () => {
    const t = setup(`
      CREATE STREAM WL (ID INT KEY, A INT) WITH (KAFKA_TOPIC='wl', VALUE_FORMAT='JSON', WINDOW_TYPE='SESSION', PARTITIONS=1);
      CREATE STREAM WR (ID INT KEY, B INT) WITH (KAFKA_TOPIC='wr', VALUE_FORMAT='JSON', WINDOW_TYPE='SESSION', PARTITIONS=1);
      CREATE STREAM J AS SELECT WL.ID, A, B FROM WL JOIN WR WITHIN 1 MINUTE ON WL.ID = WR.ID;`);
    const win = (start: number, end: number): Buffer => {
      const b = Buffer.alloc(20);
      b.writeInt32BE(1);
      b.writeBigInt64BE(BigInt(end), 4);
      b.writeBigInt64BE(BigInt(start), 12);
      return b;
    };
    const send = (topic: string, key: Buffer, value: unknown, ts: number): void =>
      t.driver.produce(topic, {
        key,
        value: Buffer.from(JSON.stringify(value)),
        timestamp: ts,
        headers: [],
        partition: 0,
      });
    send('wl', win(0, 500), { A: 1 }, 500);
    send('wr', win(0, 300), { B: 2 }, 300); // another session of the key: no match
    send('wr', win(0, 500), { B: 3 }, 500);
    expect(t.driver.read('J').map((r) => [r.key!.length, JSON.parse(r.value!.toString())])).toEqual([
      [20, { A: 1, B: 3 }],
    ]);
    expect(() =>
      t.engine.execute('CREATE STREAM K AS SELECT WL.ID, A, B FROM WL JOIN WR WITHIN 1 MINUTE ON WL.A = WR.ID;'),
    ).toThrowError('Implicit repartitioning of windowed sources is not supported.');
  });

  it('needs WITHIN', () => {
    const t = setup(SS);
    expect(() => t.engine.execute('CREATE STREAM J AS SELECT L.ID, A, B FROM L JOIN R ON L.ID = R.ID;')).toThrowError(
      'Stream-Stream joins must have a WITHIN clause specified. None was provided.',
    );
  });
});

describe('table-table joins', () => {
  const TT = `
    CREATE TABLE L (ID INT PRIMARY KEY, A INT, FK INT) WITH (KAFKA_TOPIC='l', VALUE_FORMAT='JSON', PARTITIONS=1);
    CREATE TABLE R (ID INT PRIMARY KEY, B INT) WITH (KAFKA_TOPIC='r', VALUE_FORMAT='JSON', PARTITIONS=1);`;

  it('INNER on the primary key emits updates and deletes of the joined row', () => {
    const t = setup(`${TT} CREATE TABLE J AS SELECT L.ID, A, B FROM L JOIN R ON L.ID = R.ID;`);
    t.send('l', 1, { A: 1, FK: 0 }, 1);
    t.send('r', 1, { B: 2 }, 2);
    t.send('l', 1, { A: 3, FK: 0 }, 3);
    t.send('r', 1, null, 4);
    expect(t.out('J')).toEqual([
      [1, { A: 1, B: 2 }, 2],
      [1, { A: 3, B: 2 }, 3],
      [1, null, 4],
    ]);
  });

  it('LEFT on a foreign key: keyed by the left key, each right change reaching every subscriber', () => {
    const t = setup(`${TT} CREATE TABLE J AS SELECT L.ID, A, B FROM L LEFT JOIN R ON L.FK = R.ID;`);
    t.send('l', 2, { A: 20, FK: 9 }, 1);
    t.send('l', 1, { A: 10, FK: 9 }, 2);
    t.send('r', 9, { B: 90 }, 3);
    t.send('l', 1, null, 4);
    expect(t.out('J')).toEqual([
      [2, { A: 20, B: null }, 1],
      [1, { A: 10, B: null }, 2],
      [1, { A: 10, B: 90 }, 3],
      [2, { A: 20, B: 90 }, 3],
      [1, null, 4],
    ]);
    expect(() =>
      t.engine.execute('CREATE TABLE K AS SELECT L.ID, A, B FROM L RIGHT JOIN R ON L.FK = R.ID;'),
    ).toThrowError('RIGHT OUTER JOIN on a foreign key is not supported');
  });
});

describe('n-way joins and EXPLAIN', () => {
  it('a source read by a join cannot be dropped under it', () => {
    const t = setup(`${DDL} CREATE STREAM E AS SELECT P.ID, SRC, NAME FROM PKT P JOIN ASSET A ON P.ID = A.ID;`);
    expect(() => t.engine.execute('DROP TABLE ASSET;')).toThrowError(
      /Cannot drop ASSET\.\nThe following queries read from this source: \[CSAS_E_0\]/,
    );
    t.engine.execute('DROP STREAM E;');
    expect(t.engine.execute('DROP TABLE ASSET;')[0]?.message).toContain('was dropped');
  });

  it('joins three sources left to right, any column equal to the key may be the key', () => {
    const t = setup(`${DDL}
      CREATE TABLE OWNER (ID INT PRIMARY KEY, WHO STRING) WITH (KAFKA_TOPIC='owner', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM E AS SELECT O.ID, SRC, NAME, WHO FROM PKT P JOIN ASSET A ON P.ID = A.ID LEFT JOIN OWNER O ON P.ID = O.ID;`);
    t.send('asset', 3, { NAME: 'dc', CRIT: 9 }, 1);
    t.send('owner', 3, { WHO: 'ops' }, 2);
    t.send('pkt', 3, { SRC: 's', LEN: 1 }, 3);
    expect(t.out('E')).toEqual([[3, { SRC: 's', NAME: 'dc', WHO: 'ops' }, 3]]);
    const [r] = t.engine.execute(
      'EXPLAIN CREATE STREAM X AS SELECT A.ID, NAME FROM PKT P JOIN ASSET A ON CAST(P.SRC AS INT) = A.ID;',
    );
    expect(r?.explain).toContain('Join INNER STREAM_TABLE');
    expect(r?.explain).toContain('left: STREAM PKT AS P [topic pkt] (Repartition BY CAST(SRC AS INTEGER))');
    // a running query's EXPLAIN names the repartition, done in process, after ksqlDB's topic
    const [created] = t.engine.execute(
      'CREATE STREAM X AS SELECT A.ID, NAME FROM PKT P JOIN ASSET A ON CAST(P.SRC AS INT) = A.ID;',
    );
    const [q] = t.engine.execute(`EXPLAIN ${created!.queryId!};`);
    expect(q?.explain).toContain(
      "Repartition: left P BY CAST(SRC AS INTEGER), in process (ksqlDB's topic _confluent-ksql-default_query_CSAS_X_1-Join-repartition)",
    );
    expect(q?.explain).toContain('StreamTableJoin INNER');
  });
});
