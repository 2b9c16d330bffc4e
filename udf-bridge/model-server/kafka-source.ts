// Reads every record currently in a Kafka topic (from the beginning up to the high watermarks seen
// at start) and decodes each value as a feature record. Used by `ziem model train --input kafka:<topic>`.
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import type { Consumer } from 'kafkajs';
import { decodeRecord, type FeatureSet } from './feature-records.js';
import { ModelError } from './model-error.js';

export interface KafkaSourceOptions {
  bootstrap: string;
  topic: string;
  timeoutMs: number;
  wantLabel: boolean;
}

const MAX_REPORTED = 5;

async function highWatermarks(kafka: Kafka, topic: string, bootstrap: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  } catch (err) {
    throw new ModelError(
      'MODEL_INPUT',
      `cannot read topic ${topic} from Kafka at ${bootstrap}: ${(err as Error).message}`,
      {
        cause: err,
        retriable: true,
        hint: 'check that Kafka is running (ziem stack status) and the topic exists',
      },
    );
  } finally {
    await admin.disconnect();
  }
}

/** Collects decoded records into `set` until every partition reached its end offset. */
function consumeToEnd(
  consumer: Consumer,
  o: KafkaSourceOptions,
  ends: Map<number, bigint>,
  set: FeatureSet,
  problems: string[],
): Promise<void> {
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new ModelError('MODEL_INPUT', `timed out after ${o.timeoutMs} ms reading topic ${o.topic}`, {
            retriable: true,
          }),
        ),
      o.timeoutMs,
    );
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const where = `${o.topic}[${partition}]@${message.offset}`;
          let rec: ReturnType<typeof decodeRecord>;
          try {
            rec = decodeRecord(JSON.parse(message.value?.toString('utf8') ?? 'null'), o.wantLabel);
          } catch (err) {
            rec = `not valid JSON (${(err as Error).message})`;
          }
          if (typeof rec === 'string') problems.push(`${where}: ${rec}`);
          else if (set.rows.length > 0 && rec.features.length !== set.rows[0]!.length)
            problems.push(`${where}: ${rec.features.length} features, but earlier records have ${set.rows[0]!.length}`);
          else {
            set.rows.push(rec.features);
            set.labels.push(rec.label);
          }
          if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) pending.delete(partition);
          if (pending.size === 0 || problems.length >= MAX_REPORTED) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
}

export async function readFeatureTopic(o: KafkaSourceOptions): Promise<FeatureSet> {
  const kafka = new Kafka({
    clientId: 'ziem-model-train',
    brokers: o.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
  });
  const ends = await highWatermarks(kafka, o.topic, o.bootstrap);
  const set = { rows: [] as number[][], labels: [] as number[], width: 0 };
  const problems: string[] = [];
  if ([...ends.values()].some((high) => high > 0n)) {
    // a fresh group each run: training reads the whole topic and must not move anyone's offsets
    const consumer = kafka.consumer({ groupId: `ziem-model-train-${process.pid}-${Date.now()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: o.topic, fromBeginning: true });
      await consumeToEnd(consumer, o, ends, set, problems);
    } finally {
      await consumer.disconnect();
    }
  }
  if (problems.length > 0)
    throw new ModelError('MODEL_INPUT', `malformed feature records:\n  ${problems.join('\n  ')}`);
  return { rows: set.rows, labels: o.wantLabel ? set.labels : [], width: set.rows[0]?.length ?? 0 };
}
