// `ziem model train --input kafka:<topic>` against a real local Kafka broker (started by the stack
// code): reads the whole topic in ksqlDB's FEATURES shape and names a malformed record by offset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import { makeContext } from '../../../cli/context.js';
import { trainModel } from '../../../udf-bridge/model-server/train.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { tempDir, trainOpts, TRAIN_FILE } from './model-harness.js';
import { modelJobEnv } from '../../../cli/model/job-env.js';

let stack: TestStack;
const tmp = tempDir('ziem-model-kafka-');

async function produce(topic: string, values: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'ziem-model-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value, i) => ({ key: `10.77.0.${i % 9}`, value })) });
  await producer.disconnect();
}

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
});
afterAll(async () => {
  await stack?.stop();
  tmp.remove();
});

describe('training from a Kafka topic', () => {
  it('reads every record of the topic, FEATURES as ksqlDB writes them', async () => {
    const lines = readFileSync(TRAIN_FILE, 'utf8').trim().split('\n').slice(0, 300);
    await produce(
      'HOST_ACTIVITY',
      lines.map((l, i) =>
        JSON.stringify({ SRC: `10.77.0.${i % 9}`, FEATURES: (JSON.parse(l) as { features: number[] }).features }),
      ),
    );
    const ctx = makeContext({ config: stack.config, stdout: { write: () => true }, stderr: { write: () => true } });
    const meta = await trainModel(
      modelJobEnv(ctx),
      trainOpts(join(tmp.dir, 'anomaly'), { input: 'kafka:HOST_ACTIVITY', epochs: 3 }),
    );
    expect(meta.training.rows).toBe(300);
    expect(meta.width).toBe(8);
    expect(meta.training.input).toBe('kafka:HOST_ACTIVITY');
  });

  it('names the partition and offset of a malformed record', async () => {
    await produce('BAD_FEATURES', ['{"FEATURES":[1,2,3]}', 'not json', '{"FEATURES":[1,2,3]}']);
    const ctx = makeContext({ config: stack.config, stdout: { write: () => true }, stderr: { write: () => true } });
    await expect(
      trainModel(modelJobEnv(ctx), trainOpts(join(tmp.dir, 'bad'), { input: 'kafka:BAD_FEATURES' })),
    ).rejects.toThrow(/BAD_FEATURES\[\d\]@\d+: not valid JSON/);
  });

  it('refuses a topic name that cannot exist', async () => {
    const ctx = makeContext({ config: stack.config, stdout: { write: () => true }, stderr: { write: () => true } });
    await expect(
      trainModel(modelJobEnv(ctx), trainOpts(join(tmp.dir, 'x'), { input: 'kafka:no such topic' })),
    ).rejects.toThrow(/is not a Kafka topic name/);
  });
});
