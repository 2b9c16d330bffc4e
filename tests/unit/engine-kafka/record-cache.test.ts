// The record cache in front of an aggregation's sink: the latest update per key between flushes,
// keyless records straight through, a flush when full, and the properties that size it.
import { describe, expect, it } from 'vitest';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { cacheMaxBytes, DEFAULT_CACHE_MAX_BYTES, RecordCache } from '../../../engine/runtime/record-cache.js';
import type { TopicRecord } from '../../../engine/runtime/topic-driver.js';

const rec = (key: string | null, value: string | null, timestamp = 1): TopicRecord => ({ key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value), timestamp, headers: [], partition: 0 });
const texts = (rs: TopicRecord[]): Array<[string | null, string | null]> => rs.map((r) => [r.key?.toString() ?? null, r.value?.toString() ?? null]);

function setup(maxBytes = 1_000_000): { driver: MemoryDriver; cache: RecordCache } {
  const driver = new MemoryDriver();
  driver.createTopic('out', { partitions: 1, replicas: 1, cleanupPolicy: 'compact' });
  return { driver, cache: new RecordCache(driver, maxBytes) };
}

describe('RecordCache', () => {
  it('writes only the latest record of each key at a flush, in the order of their latest update', () => {
    const { driver, cache } = setup();
    cache.produce('out', rec('a', '{"N":1}'));
    cache.produce('out', rec('b', '{"N":1}'));
    cache.produce('out', rec('a', '{"N":2}', 5));
    expect(driver.read('out')).toEqual([]);
    cache.flush();
    expect(texts(driver.read('out'))).toEqual([['b', '{"N":1}'], ['a', '{"N":2}']]);
    expect(driver.read('out')[1]!.timestamp).toBe(5);
    cache.flush();
    expect(driver.read('out')).toHaveLength(2);
  });

  it('keeps a tombstone as the latest update, and passes keyless records through at once', () => {
    const { driver, cache } = setup();
    cache.produce('out', rec('a', '{"N":1}'));
    cache.produce('out', rec('a', null));
    cache.produce('out', rec(null, '{"N":9}'));
    expect(texts(driver.read('out'))).toEqual([[null, '{"N":9}']]);
    cache.flush();
    expect(texts(driver.read('out'))).toEqual([[null, '{"N":9}'], ['a', null]]);
  });

  it('flushes everything once its records exceed the size', () => {
    const { driver, cache } = setup(200);
    cache.produce('out', rec('a', 'x'.repeat(60)));
    expect(driver.read('out')).toHaveLength(0);
    cache.produce('out', rec('b', 'x'.repeat(60)));
    expect(texts(driver.read('out')).map(([k]) => k)).toEqual(['a', 'b']);
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
    expect(() => cacheMaxBytes({ 'ksql.streams.statestore.cache.max.bytes': 'lots' })).toThrow(/property ksql.streams.statestore.cache.max.bytes: expected a number of bytes ≥ 0, got 'lots'/);
    expect(() => cacheMaxBytes({ 'cache.max.bytes.buffering': '-1' })).toThrow(/cache.max.bytes.buffering/);
  });
});
