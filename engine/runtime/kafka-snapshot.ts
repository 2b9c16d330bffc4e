// Reads a topic from its first retained record to the end offsets taken at the start, with a
// throw-away consumer group that commits nothing and is deleted afterwards (pull queries, the
// command topic). Records of each partition come in offset order.
import type { Admin, Kafka } from 'kafkajs';
import { fromKafka, KafkaDriverError } from './kafka-records.js';
import { errorText } from '../../core/kafka/kafka-errors.js';
import type { TopicRecord } from '../exec/topic-driver.js';

export async function readToEnd(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  groupId: string,
  timeoutMs = 60_000,
): Promise<TopicRecord[]> {
  const ends = new Map<number, number>();
  for (const o of await admin.fetchTopicOffsets(topic))
    if (Number(o.high) > Number(o.low)) ends.set(o.partition, Number(o.high));
  if (ends.size === 0) return [];
  const out: TopicRecord[] = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new KafkaDriverError(`reading ${topic} to its end took more than ${timeoutMs} ms`, { retriable: true }),
          ),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition);
            if (end === undefined) return;
            for (const m of batch.messages) if (Number(m.offset) < end) out.push(fromKafka(m, batch.partition));
            if (Number(batch.lastOffset()) + 1 >= end) ends.delete(batch.partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((err: unknown) => {
          clearTimeout(timer);
          reject(new KafkaDriverError(`reading ${topic} failed: ${errorText(err)}`, { retriable: true, cause: err }));
        });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return out.sort((a, b) => a.partition - b.partition || (a.offset ?? 0) - (b.offset ?? 0));
}
