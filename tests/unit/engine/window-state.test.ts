// The time-window operator on its own: closed windows leave its state under EMIT CHANGES while
// late records are still refused, EMIT FINAL releases windows in start order, and the argument
// arrays reused across rows never leak into aggregate results.
import { describe, expect, it } from 'vitest';
import { AggregateCore } from '../../../engine/exec/operators/aggregate-core.js';
import { WindowAggregateOperator, type TimeWindowSpec } from '../../../engine/exec/operators/window-aggregate.js';
import { resolveAggregate } from '../../../engine/exec/aggregates/index.js';
import type { Change, Operator } from '../../../engine/exec/operators/operator.js';
import { T } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';

/** Rows are [key, value]; outputs are [key, COUNT(*), COLLECT_LIST(value), COUNT_DISTINCT(value), start, end]. */
function windowOp(spec: TimeWindowSpec): {
  op: WindowAggregateOperator;
  out: Change[];
  skipped: string[];
  send(ts: number, key: string, v: Value): void;
} {
  const out: Change[] = [];
  const skipped: string[] = [];
  const next: Operator = { process: (c) => void out.push({ ...c, row: [...c.row] }), explain: () => 'collect' };
  const value = (row: Value[]): Value => row[1] ?? null;
  const core = new AggregateCore({
    groupBy: [(row) => row[0] ?? null],
    aggs: [
      { impl: resolveAggregate('COUNT', [], [], true), args: [] },
      { impl: resolveAggregate('COLLECT_LIST', [T.INTEGER], [undefined], false), args: [value] },
      { impl: resolveAggregate('COUNT_DISTINCT', [T.INTEGER], [undefined], false), args: [value] },
    ],
    next,
  });
  const op = new WindowAggregateOperator(core, spec, (r) => void skipped.push(r), 'K');
  return { op, out, skipped, send: (ts, key, v) => op.process({ row: [key, v], ts }) };
}

describe('time-window state', () => {
  it('drops windows once they close under EMIT CHANGES, and still refuses late records', () => {
    const t = windowOp({ sizeMs: 10, advanceMs: 10, graceMs: 5 });
    for (let ts = 0; ts < 1000; ts += 3) t.send(ts, ts % 2 === 0 ? 'a' : 'b', ts % 4);
    expect(t.op.storedWindows).toBeLessThanOrEqual(2);
    t.send(980, 'a', 1);
    expect(t.skipped).toEqual(['record at 980 is too late for window [980, 990) (stream time 999, grace 5ms)']);
    t.send(992, 'a', 1);
    expect(t.out.at(-1)?.row.slice(0, 2)).toEqual(['a', 3]);
  });
  it('a day of event time through a 10 s windowed count keeps the state of one or two windows', () => {
    const t = windowOp({ sizeMs: 10_000, advanceMs: 10_000, graceMs: 2_000 });
    let most = 0;
    // a record a second, 20 keys in turn: 86,400 records over 8,640 windows
    for (let ts = 0, i = 0; ts < 86_400_000; ts += 1_000, i++) {
      t.send(ts, `k${i % 20}`, i);
      most = Math.max(most, t.op.storedWindows);
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(t.op.storedWindows).toBe(1);
    // every window was counted and emitted: 10 records in each of the 8,640
    expect(t.out.length).toBe(86_400);
    expect(t.skipped).toEqual([]);
  });

  it('keeps each window until stream time - grace passes its end', () => {
    const t = windowOp({ sizeMs: 10, advanceMs: 10, graceMs: 5 });
    t.send(1, 'a', 1);
    t.send(12, 'a', 1);
    t.send(9, 'a', 2);
    expect(t.out.map((c) => c.row)).toEqual([
      ['a', 1, [1], 1, 0, 10],
      ['a', 1, [1], 1, 10, 20],
      ['a', 2, [1, 2], 2, 0, 10],
    ]);
    expect(t.op.storedWindows).toBe(2);
    t.send(15, 'a', 3);
    expect(t.op.storedWindows).toBe(1);
  });
  it('hopping windows take the record in every window containing it', () => {
    const t = windowOp({ sizeMs: 10, advanceMs: 5, graceMs: 100 });
    t.send(7, 'a', 1);
    expect(t.out.map((c) => c.window)).toEqual([
      { start: 0, end: 10 },
      { start: 5, end: 15 },
    ]);
  });
  it('EMIT FINAL releases closed windows once, oldest first, keys in arrival order', () => {
    const t = windowOp({ sizeMs: 10, advanceMs: 10, graceMs: 10, final: { retentionMs: 1000 } });
    t.send(12, 'b', 5);
    t.send(2, 'a', 1);
    t.send(3, 'c', 1);
    t.send(4, 'a', 1);
    expect(t.out).toEqual([]);
    t.send(35, 'a', 7);
    expect(t.out.map((c) => c.row)).toEqual([
      ['a', 2, [1, 1], 1, 0, 10],
      ['c', 1, [1], 1, 0, 10],
      ['b', 1, [5], 1, 10, 20],
    ]);
    expect(t.op.storedWindows).toBe(1);
    t.send(36, 'a', 7);
    expect(t.out).toHaveLength(3);
  });
});

describe('COUNT_DISTINCT keys', () => {
  it('tells values apart as valueKey does: 0 and -0 are one value, text and bytes by content', () => {
    const count = (type: Parameters<typeof resolveAggregate>[1][number], vs: Value[]): Value => {
      const impl = resolveAggregate('COUNT_DISTINCT', [type], [undefined], false);
      let s = impl.init();
      for (const v of vs) s = impl.add(s, [v], 0);
      return impl.result(s);
    };
    expect(count(T.DOUBLE, [0, -0, 1.5, 1.5, null, Number.NaN, Number.NaN])).toBe(3);
    expect(count(T.STRING, ['a', 'a', 'A', null])).toBe(2);
    expect(count(T.BYTES, [Buffer.from('x'), Buffer.from('x'), Buffer.from('y')])).toBe(2);
    expect(
      count(T.array(T.INTEGER), [
        [1, 2],
        [1, 2],
        [2, 1],
      ]),
    ).toBe(2);
  });
});
