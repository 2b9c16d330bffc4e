// The record cache after an aggregation: the latest change per key and window between flushes, in
// order of latest update, tombstones kept, everything passed on once over its size; and the
// properties that size it.
import { describe, expect, it } from 'vitest';
import { RecordCacheOperator } from '../../../engine/exec/operators/record-cache.js';
import type { Change, Operator } from '../../../engine/exec/operators/operator.js';
import { cacheMaxBytes, DEFAULT_CACHE_MAX_BYTES } from '../../../engine/runtime/cache-size.js';

function setup(maxBytes = 1_000_000): { seen: Change[]; cache: RecordCacheOperator } {
  const seen: Change[] = [];
  const next: Operator = { process: (c) => void seen.push(c), explain: () => 'collect' };
  return { seen, cache: new RecordCacheOperator(next, 2, maxBytes) };
}
const rows = (cs: Change[]): unknown[] => cs.map((c) => (c.tombstone ? ['tombstone', ...c.row.slice(0, 2)] : c.row));

describe('RecordCacheOperator', () => {
  it('passes on the latest change of each key at a flush, in the order of their latest update', () => {
    const { seen, cache } = setup();
    cache.process({ row: ['a', 1, 1], ts: 1 });
    cache.process({ row: ['b', 1, 1], ts: 2 });
    cache.process({ row: ['a', 1, 2], ts: 3 });
    cache.process({ row: ['a', 2, 1], ts: 4 });
    expect(seen).toEqual([]);
    cache.flush();
    expect(rows(seen)).toEqual([
      ['b', 1, 1],
      ['a', 1, 2],
      ['a', 2, 1],
    ]);
    expect(seen[1]!.ts).toBe(3);
    cache.flush();
    expect(seen).toHaveLength(3);
  });

  it('tells windows of one key apart, and keeps a tombstone as the latest change', () => {
    const { seen, cache } = setup();
    cache.process({ row: ['a', 1, 5], ts: 1, window: { start: 0, end: 10 } });
    cache.process({ row: ['a', 1, 6], ts: 11, window: { start: 10, end: 20 } });
    cache.process({ row: ['a', 1, 7], ts: 12, window: { start: 10, end: 20 } });
    cache.process({ row: ['a', 1], ts: 13, window: { start: 0, end: 10 }, tombstone: true });
    cache.flush();
    expect(rows(seen)).toEqual([
      ['a', 1, 7],
      ['tombstone', 'a', 1],
    ]);
    expect(seen.map((c) => c.window?.start)).toEqual([10, 0]);
  });

  it('passes everything on once the cached rows exceed its size', () => {
    const { seen, cache } = setup(300);
    cache.process({ row: ['a', 1, 'x'.repeat(40)], ts: 1 });
    expect(seen).toHaveLength(0);
    cache.process({ row: ['b', 1, 'x'.repeat(40)], ts: 2 });
    expect(rows(seen).map((r) => (r as unknown[])[0])).toEqual(['a', 'b']);
  });
});

describe('cacheMaxBytes', () => {
  it("reads ksqlDB's property names, newest first, with 10 MB by default", () => {
    expect(cacheMaxBytes({})).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(cacheMaxBytes({ 'ksql.streams.statestore.cache.max.bytes': '0' })).toBe(0);
    expect(cacheMaxBytes({ 'ksql.streams.cache.max.bytes.buffering': '1024' })).toBe(1024);
    expect(cacheMaxBytes({ 'cache.max.bytes.buffering': '7', 'ksql.streams.statestore.cache.max.bytes': '0' })).toBe(0);
  });

  it('names the property of a value that is not a size', () => {
    expect(() => cacheMaxBytes({ 'ksql.streams.statestore.cache.max.bytes': 'lots' })).toThrow(
      /property ksql.streams.statestore.cache.max.bytes: expected a number of bytes ≥ 0, got 'lots'/,
    );
    expect(() => cacheMaxBytes({ 'cache.max.bytes.buffering': '-1' })).toThrow(/cache.max.bytes.buffering/);
  });
});
