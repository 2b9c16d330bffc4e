// Reads every record now in a Kafka topic (from the beginning up to the end offsets seen at the
// start) with a throwaway consumer group: the smoke test's view of FLOWS, to compare with the graph.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import { TimeoutError } from '../../core/errors/ziem-error.js';

export async function readTopicToEnd(bootstrap: string, topic: string, timeoutMs = 60_000): Promise<Buffer[]> {
  const kafka = new Kafka({ clientId: 'ziem-read', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...ends].filter(([, h]) => h > 0n).map(([p]) => p));
  const values: Buffer[] = [];
  if (remaining.size === 0) return values;
  const consumer = kafka.consumer({ groupId: `ziem-read-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new TimeoutError(`reading topic ${topic} to its end took more than ${timeoutMs} ms`, { retriable: true }),
          ),
        timeoutMs,
      );
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition) ?? 0n;
            if (BigInt(message.offset) < end && message.value) values.push(message.value);
            if (BigInt(message.offset) + 1n >= end && remaining.delete(partition) && remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}
