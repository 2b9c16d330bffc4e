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

/** Hands every record's value to `take` until every partition reached its end offset, or `take` says stop. */
function consumeToEnd(
  consumer: Consumer,
  o: TopicReadOptions,
  ends: Map<number, bigint>,
  take: (where: string, value: string) => boolean,
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
          const more = take(`${o.topic}[${partition}]@${message.offset}`, message.value?.toString('utf8') ?? 'null');
          if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) pending.delete(partition);
          if (pending.size === 0 || !more) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
}

export interface TopicReadOptions {
  bootstrap: string;
  topic: string;
  timeoutMs: number;
  clientId?: string;
}

/**
 * Reads a topic from the beginning up to the high watermarks seen at start, handing each value (and
 * where it came from, topic[partition]@offset) to `take`, which returns false to stop early.
 */
export async function readTopicToEnd(
  o: TopicReadOptions,
  take: (where: string, value: string) => boolean,
): Promise<void> {
  const kafka = new Kafka({
    clientId: o.clientId ?? 'ziem-model-train',
    brokers: o.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
  });
  const ends = await highWatermarks(kafka, o.topic, o.bootstrap);
  if (![...ends.values()].some((high) => high > 0n)) return;
  // a fresh group each run: training reads the whole topic and must not move anyone's offsets
  const consumer = kafka.consumer({ groupId: `${o.clientId ?? 'ziem-model-train'}-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: o.topic, fromBeginning: true });
    await consumeToEnd(consumer, o, ends, take);
  } finally {
    await consumer.disconnect();
  }
}

export async function readFeatureTopic(o: KafkaSourceOptions): Promise<FeatureSet> {
  const rows: number[][] = [];
  const labels: number[] = [];
  const problems: string[] = [];
  await readTopicToEnd(o, (where, value) => {
    let rec: ReturnType<typeof decodeRecord>;
    try {
      rec = decodeRecord(JSON.parse(value), o.wantLabel);
    } catch (err) {
      rec = `not valid JSON (${(err as Error).message})`;
    }
    if (typeof rec === 'string') problems.push(`${where}: ${rec}`);
    else if (rows.length > 0 && rec.features.length !== rows[0]!.length)
      problems.push(`${where}: ${rec.features.length} features, but earlier records have ${rows[0]!.length}`);
    else {
      rows.push(rec.features);
      labels.push(rec.label);
    }
    return problems.length < MAX_REPORTED;
  });
  if (problems.length > 0)
    throw new ModelError('MODEL_INPUT', `malformed feature records:\n  ${problems.join('\n  ')}`);
  return { rows, labels: o.wantLabel ? labels : [], width: rows[0]?.length ?? 0 };
}
