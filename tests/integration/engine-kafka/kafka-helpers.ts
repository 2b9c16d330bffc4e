// Test helpers of the engine-on-Kafka tests: a plain kafkajs client that writes input records and
// reads topics back independently of the engine's driver, and a poll-until helper with a deadline.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import type { Admin, Producer } from 'kafkajs';
import { readToEnd } from '../../../engine/runtime/kafka-snapshot.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';

export interface TestKafka {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  send(topic: string, records: Array<{ key?: string | null; value: string | null; timestamp?: number }>): Promise<void>;
  read(topic: string): Promise<TopicRecord[]>;
  close(): Promise<void>;
}

export async function testKafka(bootstrap: string): Promise<TestKafka> {
  const kafka = new Kafka({
    clientId: 'engine-kafka-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 10 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await admin.connect();
  await producer.connect();
  return {
    kafka,
    admin,
    producer,
    async send(topic, records) {
      for (let i = 0; i < records.length; i += 5_000) {
        const messages = records.slice(i, i + 5_000).map((r) => ({
          key: r.key ?? null,
          value: r.value,
          ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
        }));
        await producer.send({ topic, messages, acks: -1 });
      }
    },
    read: (topic) => readToEnd(kafka, admin, topic, `_test-read-${randomBytes(4).toString('hex')}`),
    async close() {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}

/** Polls `fn` until it returns a value that `done` accepts; throws with the last value on timeout. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await fn();
      if (done(last)) return last;
    } catch (err) {
      // a topic not created yet, or Kafka restarting: keep polling until the deadline
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export const json = (r: TopicRecord): unknown => (r.value === null ? null : JSON.parse(r.value.toString('utf8')));
