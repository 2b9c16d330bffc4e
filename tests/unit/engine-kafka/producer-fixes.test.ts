// The producer fixes of kafka-client.ts: Kafka's murmur2 partitioning (checked against Kafka's own
// test vectors and kafkajs's implementation) and the linear grouping installed in kafkajs.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PartitionMetadata } from 'kafkajs';
import { Kafka } from '../../../core/kafka/kafka-client.js';
import { javaCompatiblePartitioner, murmur2 } from '../../../core/kafka/java-partitioner.js';
import { groupMessagesPerPartition, installLinearGrouping } from '../../../core/kafka/kafkajs-grouping.js';

const req = createRequire(import.meta.url);
const partitions = (n: number, down: number[] = []): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({
    partitionId: i,
    leader: down.includes(i) ? -1 : 0,
    replicas: [0],
    isr: [0],
    offlineReplicas: [],
    partitionErrorCode: 0,
  }));

describe('murmur2', () => {
  it("gives the values of Kafka's Utils.murmur2 test", () => {
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });

  it("agrees with kafkajs's own (64-bit Long) murmur2 on random keys of every tail length", () => {
    const reference = req('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;
    for (let i = 0; i < 2_000; i++) {
      const key = randomBytes(i % 41);
      expect(murmur2(key)).toBe(reference(key));
    }
    expect(murmur2('10.77.0.5')).toBe(reference('10.77.0.5'));
  });
});

describe('javaCompatiblePartitioner', () => {
  it('keeps a given partition, hashes keys, and spreads keyless records over partitions with a leader', () => {
    const pick = javaCompatiblePartitioner();
    const meta = partitions(6, [2]);
    expect(pick({ topic: 't', partitionMetadata: meta, message: { value: 'v', partition: 4 } })).toBe(4);
    const key = Buffer.from('{"SRC":"10.77.0.5"}');
    expect(pick({ topic: 't', partitionMetadata: meta, message: { key, value: 'v' } })).toBe(
      (murmur2(key) & 0x7fffffff) % 6,
    );
    const seen = new Set(
      Array.from({ length: 50 }, () => pick({ topic: 't', partitionMetadata: meta, message: { value: 'v' } })),
    );
    expect([...seen].sort()).toEqual([0, 1, 3, 4, 5]);
  });
});

describe('linear producer grouping', () => {
  it('groups by partition and keeps the order of each partition', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ value: String(i), partition: i % 3 }));
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: partitions(3),
      messages,
      partitioner: ({ message }) => message.partition!,
    });
    expect(Object.fromEntries(Object.entries(grouped).map(([p, ms]) => [p, ms.map((m) => m.value)]))).toEqual({
      0: ['0', '3', '6', '9'],
      1: ['1', '4', '7'],
      2: ['2', '5', '8'],
    });
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages, partitioner: () => 0 })).toEqual(
      {},
    );
  });

  it("is what kafkajs's producer uses once kafka-client.ts is loaded", () => {
    expect(new Kafka({ brokers: ['127.0.0.1:1'] })).toBeInstanceOf(Kafka);
    const path = req.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
    expect(req.cache[path]?.exports).toBe(groupMessagesPerPartition);
    expect(() => installLinearGrouping(req)).not.toThrow();
  });

  it('refuses to install after kafkajs loaded its producer with the old grouping', () => {
    const cache: Record<string, { exports: unknown }> = {
      '/k/group.js': { exports: () => ({}) },
      '/k/send.js': { exports: {} },
    };
    const fake = Object.assign((id: string) => cache[id]?.exports, {
      resolve: (id: string) => (id.endsWith('groupMessagesPerPartition.js') ? '/k/group.js' : '/k/send.js'),
      cache,
    }) as unknown as NodeJS.Require;
    expect(() => installLinearGrouping(fake)).toThrow(/kafkajs was loaded before ziem could fix its producer grouping/);
  });
});
