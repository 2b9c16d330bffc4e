// The producer's partitioner: the partition a record goes to, as Kafka's Java client chooses it for
// a keyed record (murmur2 of the key bytes, made positive, modulo the partition count), so ziem and
// Java producers put a key on the same partition. kafkajs's own default does the same with 64-bit
// Long arithmetic and allocates per message; this one is 32-bit integer math (Math.imul).
import type { ICustomPartitioner, PartitionMetadata, PartitionerArgs } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) as a signed 32-bit integer. */
export function murmur2(key: Buffer | string): number {
  const data = typeof key === 'string' ? Buffer.from(key) : key;
  const len = data.length;
  let h = SEED ^ len;
  const whole = len >> 2;
  for (let i = 0; i < whole; i++) {
    const at = i * 4;
    let k = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = whole * 4;
  switch (len & 3) {
    case 3:
      h ^= data[tail + 2]! << 16;
    // falls through
    case 2:
      h ^= data[tail + 1]! << 8;
    // falls through
    case 1:
      h ^= data[tail]!;
      h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** A partition given on the message wins; a key picks murmur2(key) mod partitions; records without
 *  either go round robin over the partitions that have a leader (kafkajs's rule for them). */
export const javaCompatiblePartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  const available = new WeakMap<PartitionMetadata[], PartitionMetadata[]>();
  return ({ topic, partitionMetadata, message }: PartitionerArgs): number => {
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    const n = partitionMetadata.length;
    if (message.key !== undefined && message.key !== null) return (murmur2(message.key) & 0x7fffffff) % n;
    let up = available.get(partitionMetadata);
    if (up === undefined) available.set(partitionMetadata, (up = partitionMetadata.filter((p) => p.leader >= 0)));
    const next = ((counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1) & 0x7fffffff;
    counters.set(topic, next);
    return up.length > 0 ? up[next % up.length]!.partitionId : next % n;
  };
};
