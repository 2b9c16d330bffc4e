// The in-memory driver's retention option: a topic told to keep nothing still delivers to its
// subscribers and numbers offsets, and refuses (rather than silently missing records) to be read or
// replayed from the earliest offset once records went by.
import { describe, expect, it } from 'vitest';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';

const spec = { partitions: 1, replicas: 1, cleanupPolicy: 'delete' as const };
const rec = (v: string): TopicRecord => ({ key: null, value: Buffer.from(v), timestamp: 1, headers: [], partition: 0 });

describe('MemoryDriver retain option', () => {
  it('delivers and numbers records of a topic that keeps none, and keeps the others', () => {
    const d = new MemoryDriver({ retain: (t) => t !== 'in' });
    d.createTopic('in', spec);
    d.createTopic('out', spec);
    const seen: Array<number | undefined> = [];
    d.subscribe('in', 'latest', (r) => void seen.push(r.offset));
    d.subscribe('in', 'earliest', () => undefined); // nothing produced yet: allowed
    d.produce('in', rec('a'));
    d.produce('in', rec('b'));
    d.produce('out', rec('c'));
    expect(seen).toEqual([0, 1]);
    expect(d.read('out').map((r) => r.value?.toString())).toEqual(['c']);
  });

  it('refuses to read or replay from the earliest offset a topic that dropped its records', () => {
    const d = new MemoryDriver({ retain: () => false });
    d.createTopic('in', spec);
    d.produce('in', rec('a'));
    expect(() => d.read('in')).toThrow(/topic in keeps no records .* 1 earlier record/);
    expect(() => d.subscribe('in', 'earliest', () => undefined)).toThrow(/keeps no records/);
    expect(() => d.subscribe('in', 'latest', () => undefined)).not.toThrow();
  });
});
