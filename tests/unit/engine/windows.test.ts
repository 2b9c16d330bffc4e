// Windows: epoch-aligned tumbling and hopping assignment, grace dropping late records, EMIT
// FINAL releasing each window once, and session merges, run on the in-memory engine.
import { describe, expect, it } from 'vitest';
import { windowsFor } from '../../../engine/exec/operators/window-aggregate.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { decodeRecord } from '../../../engine/qtt/record-codec.js';

describe('window assignment', () => {
  it('aligns tumbling windows to the epoch', () => {
    expect(windowsFor(12_345, { sizeMs: 10_000, advanceMs: 10_000, graceMs: 0 })).toEqual([
      { start: 10_000, end: 20_000 },
    ]);
  });
  it('puts a record in every hopping window that contains it, oldest first', () => {
    expect(windowsFor(6, { sizeMs: 5, advanceMs: 2, graceMs: 0 })).toEqual([
      { start: 2, end: 7 },
      { start: 4, end: 9 },
      { start: 6, end: 11 },
    ]);
  });
});

function engineWith(sql: string): {
  engine: Engine;
  driver: MemoryDriver;
  send(ts: number, value: string): void;
  out(topic: string): Array<ReturnType<typeof decodeRecord>>;
} {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
  engine.execute(sql);
  return {
    engine,
    driver,
    send: (ts, value) =>
      driver.produce('in', {
        key: Buffer.from('k'),
        value: Buffer.from(value),
        timestamp: ts,
        headers: [],
        partition: 0,
      }),
    out: (topic) =>
      driver.read(topic).map((r) =>
        decodeRecord(
          r,
          engine.catalog.all().find((s) => s.topic === topic),
        ),
      ),
  };
}

describe('time windows', () => {
  const ddl = "CREATE STREAM S (ID STRING KEY, V INT) WITH (KAFKA_TOPIC='in', VALUE_FORMAT='JSON', PARTITIONS=1);";
  it('drops a record whose window closed (end <= stream time - grace) and logs it', () => {
    const t = engineWith(
      `${ddl} CREATE TABLE C AS SELECT ID, COUNT(*) AS N FROM S WINDOW TUMBLING (SIZE 10 MILLISECONDS, GRACE PERIOD 5 MILLISECONDS) GROUP BY ID;`,
    );
    t.send(1, '{"V":1}');
    t.send(20, '{"V":1}');
    t.send(2, '{"V":1}');
    expect(t.out('C').map((r) => [r.window?.start, r.value])).toEqual([
      [0, { N: 1 }],
      [20, { N: 1 }],
    ]);
    expect(t.engine.log.entries[0]?.reason).toContain('too late');
  });
  it('EMIT FINAL without GRACE PERIOD emits each window once when it closes', () => {
    const t = engineWith(
      `${ddl} CREATE TABLE C AS SELECT ID, COUNT(*) AS N FROM S WINDOW TUMBLING (SIZE 10 MILLISECONDS) GROUP BY ID EMIT FINAL;`,
    );
    for (const ts of [1, 3, 9]) t.send(ts, '{"V":1}');
    expect(t.out('C')).toEqual([]);
    t.send(10, '{"V":1}');
    expect(t.out('C').map((r) => [r.window, r.value, r.timestamp])).toEqual([
      [{ start: 0, end: 10, type: 'time' }, { N: 3 }, 9],
    ]);
  });
  it('EMIT FINAL emits a session once its end + gap passes stream time - grace', () => {
    const t = engineWith(
      `${ddl} CREATE TABLE C AS SELECT ID, COUNT(*) AS N FROM S WINDOW SESSION (5 MILLISECONDS, GRACE PERIOD 2 MILLISECONDS) GROUP BY ID EMIT FINAL;`,
    );
    for (const ts of [0, 3, 6]) t.send(ts, '{"V":1}');
    t.send(13, '{"V":1}');
    expect(t.out('C')).toEqual([]);
    t.send(14, '{"V":1}');
    expect(t.out('C').map((r) => [r.window, r.value])).toEqual([[{ start: 0, end: 6, type: 'session' }, { N: 3 }]]);
  });

  it('merges sessions and deletes the merged-away ones', () => {
    const t = engineWith(
      `${ddl} CREATE TABLE C AS SELECT ID, COUNT(*) AS N FROM S WINDOW SESSION (20 MILLISECONDS) GROUP BY ID;`,
    );
    t.send(0, '{"V":1}');
    t.send(30, '{"V":1}');
    t.send(15, '{"V":1}');
    const out = t.out('C').map((r) => [r.window?.start, r.window?.end, r.value]);
    expect(out).toEqual([
      [0, 0, { N: 1 }],
      [30, 30, { N: 1 }],
      [0, 0, null],
      [30, 30, null],
      [0, 30, { N: 3 }],
    ]);
  });
});
