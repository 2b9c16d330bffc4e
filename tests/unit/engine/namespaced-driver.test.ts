// The per-case namespace of QTT on Kafka: prefixed names, and the retention it gives the topics it
// creates (QTT records are stamped at time 0, which a default retention would delete).
import { describe, expect, it } from 'vitest';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { NamespacedDriver } from '../../../engine/runtime/namespaced-driver.js';

describe('NamespacedDriver', () => {
  it('prefixes topic names and gives its retention to topics whose spec sets none', () => {
    const live = new MemoryDriver();
    const ns = new NamespacedDriver(live, 'case1-', -1);
    ns.createTopic('in', { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
    ns.createTopic('win', { partitions: 2, replicas: 1, cleanupPolicy: 'compact,delete', retentionMs: 60_000 });
    expect(live.topicSpec('case1-in')).toEqual({
      partitions: 1,
      replicas: 1,
      cleanupPolicy: 'delete',
      retentionMs: -1,
    });
    expect(live.topicSpec('case1-win')?.retentionMs).toBe(60_000);
    expect(ns.topics().sort()).toEqual(['in', 'win']);
    const plain = new NamespacedDriver(live, 'case2-');
    plain.createTopic('in', { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
    expect(live.topicSpec('case2-in')).toEqual({ partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
  });
});
