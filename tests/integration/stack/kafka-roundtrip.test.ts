// The local Kafka broker started by the stack code: kafkajs admin, produce, and consume in a group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
});
afterAll(async () => {
  await stack?.stop();
});

describe('local Kafka', () => {
  it('creates a topic, produces and consumes in a group with kafkajs', async () => {
    const kafka = new Kafka({ clientId: 'ziem-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'roundtrip', numPartitions: 3 }], waitForLeaders: true });
    const meta = await admin.fetchTopicMetadata({ topics: ['roundtrip'] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);

    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ i }) }));
    await producer.send({ topic: 'roundtrip', messages: sent });

    const consumer = kafka.consumer({ groupId: 'roundtrip-group' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'roundtrip', fromBeginning: true });
    const got: number[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push((JSON.parse(message.value?.toString() ?? '{}') as { i: number }).i);
          if (got.length === sent.length) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(got.sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));

    const groups = await admin.listGroups();
    expect(groups.groups.map((g) => g.groupId)).toContain('roundtrip-group');
    await producer.disconnect();
    await admin.disconnect();
  });
});
